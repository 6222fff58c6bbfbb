"""WSGI entry point. With no WHMCS_URL, the embedded sandbox is mounted at /whmcs/ so that
browsers can follow WHMCS's checkout hand-off URL to the sandbox's checkout page."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "storefront.settings")

django_application = get_wsgi_application()


def _build() -> object:
    from django.conf import settings

    from whmcs_gateway import conf

    sandbox = conf.sandbox_app() if conf.is_embedded() else None
    if sandbox is None:
        return django_application
    prefix = settings.WHMCS_SANDBOX_PREFIX

    def application(environ: dict, start_response: object) -> object:
        path = environ.get("PATH_INFO", "")
        if path.startswith(prefix) or path == prefix.rstrip("/"):
            return sandbox(environ, start_response)
        return django_application(environ, start_response)

    return application


application = _build()

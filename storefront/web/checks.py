"""`manage.py check --deploy`: what must not reach production."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def embedded_sandbox(app_configs, **kwargs) -> list:
    if settings.WHMCS_URL:
        return []
    if settings.WHMCS_EMBEDDED_DEMO and not settings.DEBUG:
        return [
            Warning(
                "The shop runs on the embedded WHMCS sandbox (WHMCS_EMBEDDED_DEMO=true): demo "
                "data and public demo credentials, no real orders.",
                hint="Fine for a demonstration; set WHMCS_URL for a real shop.",
                id="web.W001",
            )
        ]
    return [
        Error(
            "WHMCS_URL is not set: the shop would serve the embedded WHMCS sandbox, a "
            "development tool with public demo credentials.",
            hint="Set WHMCS_URL (and the WHMCS_API_* credentials) to your WHMCS.",
            id="web.E001",
        )
    ]

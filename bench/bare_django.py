"""The yardstick for the catalog benchmark: the least Django can do to serve a page.

One view returns a fixed HTML document (the shop's own rendered group page, saved by the
benchmark) with no middleware, templates, sessions or database. Run under the same gunicorn
settings as the shop, it shows what the machine allows; the shop's cached catalog page is
measured against it.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

PAGE = Path(os.environ.get("BARE_PAGE", "/dev/null")).read_bytes()


def page(request, anything: str = ""):
    return HttpResponse(PAGE, content_type="text/html; charset=utf-8")


settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-only",  # noqa: S106 - a benchmark stand-in, serves a fixed page
    ALLOWED_HOSTS=["127.0.0.1"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)
urlpatterns = [path("<path:anything>", page), path("", page)]
application = get_wsgi_application()

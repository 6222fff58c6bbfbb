from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .services import whmcs_connection


@require_GET
def connection_status(request: HttpRequest) -> HttpResponse:
    """Whether the shop reaches WHMCS, in words a person understands."""
    report = whmcs_connection()
    return render(
        request, "web/status.html", {"connection": report}, status=200 if report.reachable else 503
    )


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Plain template: whatever failed may be the context processors themselves.
    return render(request, "500.html", status=500)

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .services import whmcs_connection


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {"connection": whmcs_connection()})


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without a RequestContext: whatever failed may be the context itself.
    return render(request, "500.html", status=500)

"""WHMCS failures shown as what they are, never as a traceback or a 500 page."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from whmcs_gateway.errors import NotFound, Unavailable, WhmcsError

logger = logging.getLogger("storefront.errors")

# Never written back into a page: the visitor types these again.
SECRET_FIELD = re.compile(r"pass|secret|code|key|token|csrf", re.IGNORECASE)


def repost_fields(request: HttpRequest) -> list[tuple[str, str]]:
    """What a failed POST carried, to send again from the error page ("Try again").

    Keeps everything the visitor entered, so a temporary WHMCS failure costs them one click,
    not the form. The one-time `once` token travels too: a retry can never add twice.
    """
    if request.method != "POST":
        return []
    return [
        (name, value)
        for name, values in request.POST.lists()
        if name == "once" or not SECRET_FIELD.search(name)
        for value in values
    ]


class WhmcsErrorMiddleware:
    """Turns a WHMCS error that a view did not handle into a clear page (or htmx fragment)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, WhmcsError):
            return None
        if isinstance(exception, NotFound):
            return render(request, "404.html", status=404)
        temporary = isinstance(exception, Unavailable)
        logger.warning(
            "WHMCS error on %s: %r", request.path, exception, extra={"status": exception.status}
        )
        template = (
            "web/whmcs_unavailable.html#problem"
            if getattr(request, "htmx", False)
            else "web/whmcs_unavailable.html"
        )
        context = problem_page(
            temporary, exception.message, request.get_full_path(), repost_fields(request)
        )
        response = render(request, template, context, status=503 if temporary else 502)
        if temporary:
            response["Retry-After"] = "30"
        if getattr(request, "htmx", False):
            # Shown above the page, leaving what the visitor was working on in place.
            response["HX-Retarget"] = "#problem-slot"
            response["HX-Reswap"] = "innerHTML"
        return response


def problem_page(
    temporary: bool, message: str, retry_url: str, repost: list | tuple = ()
) -> dict[str, Any]:
    """What the WHMCS problem page shows (for the live page and the pattern library)."""
    return {"temporary": temporary, "message": message, "retry_url": retry_url, "repost": repost}

"""`request.visitor` for every request: the one object views hand to services."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject, empty

from . import throttle
from .addresses import client_address
from .visitor import Visitor


class VisitorMiddleware:
    """Attach `request.visitor` (after the session middleware), built on first use."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        visitor = SimpleLazyObject(
            lambda: Visitor(
                request.session,
                address=client_address(request),
                request_id=getattr(request, "request_id", None),
                known_accounts=throttle.known_accounts(request.COOKIES),
            )
        )
        request.visitor = visitor  # type: ignore[attr-defined]
        response = self.get_response(request)
        if visitor._wrapped is not empty and visitor.newly_known:
            response.set_cookie(
                throttle.known_browser_cookie_name(),
                throttle.known_browser_value(visitor.known_accounts, visitor.newly_known),
                max_age=throttle.KNOWN_BROWSER_DAYS * 86400,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

"""`request.visitor` for every request: the one object views hand to services."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from .addresses import client_address
from .visitor import Visitor


class VisitorMiddleware:
    """Attach `request.visitor` (after the session middleware), built on first use."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.visitor = SimpleLazyObject(  # type: ignore[attr-defined]
            lambda: Visitor(
                request.session,
                address=client_address(request),
                request_id=getattr(request, "request_id", None),
            )
        )
        return self.get_response(request)

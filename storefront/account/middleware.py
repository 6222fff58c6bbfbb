"""Long-idle visitors: keep the WHMCS state alive, and recover quietly when it has expired.

Belongs at the end of MIDDLEWARE (after `VisitorMiddleware`, which gives `request.visitor`,
and after `WhmcsErrorMiddleware`, so that a refused state reaches this
`process_exception` before the error page is chosen).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from storefront.visitor import keys
from whmcs_gateway.errors import Unauthorized

from . import services

# A guest's page is retried once with a fresh state; a second refusal in this time is a real
# problem and gets the ordinary error page.
RETRY_GUARD_SECONDS = 30


class VisitorStateMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if services.check_visitor_state(request.visitor) == "expired_login":
            messages.warning(request, services.LOGIN_EXPIRED)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """WHMCS refused the state mid-request (the gateway has already dropped it)."""
        if not isinstance(exception, Unauthorized) or not request.visitor.has_id:
            return None
        back_here = request.get_full_path() if request.method == "GET" else ""
        if request.visitor.account:
            services.end_expired_login(request.visitor)
            messages.warning(request, services.LOGIN_EXPIRED)
            login = reverse("account:login")
            return _go(request, f"{login}?{urlencode({'next': back_here})}" if back_here else login)
        if request.method != "GET":
            return None  # nothing was changed upstream; the error page offers to try again
        guard = keys.state_retry(request.visitor.id)
        if not cache.add(guard, 1, timeout=RETRY_GUARD_SECONDS):
            return None
        return _go(request, back_here)


def _go(request: HttpRequest, url: str) -> HttpResponse:
    return HttpResponseClientRedirect(url) if getattr(request, "htmx", False) else redirect(url)

"""Masquerade safety: the 30-minute limit, and confirming before acting as the customer."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect

from . import services

CONFIRM_FIELD = "staff_confirmed"
# Everything a customer does to a cart goes through these parts of the shop.
GUARDED_NAMESPACES = frozenset({"cart", "checkout", "catalog", "domains", "account"})
# The customer's "log out" would end the whole browser session, staff login included.
CUSTOMER_LOGOUT = "account:logout"
# Django adds the token again on the confirmation page; the flag is ours.
NOT_REPOSTED = frozenset({"csrfmiddlewaretoken", CONFIRM_FIELD})


class MasqueradeMiddleware:
    """While staff masquerade: end it after 30 minutes, and make them confirm cart changes.

    The confirmation runs in `process_view`, so CSRF has been checked first and a cross-site
    POST is refused before anything is shown.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        expired = services.expire_masquerade(request.visitor)
        if expired is not None:
            messages.warning(
                request,
                f"Your masquerade as {expired.customer} ended automatically after "
                f"{int(services.MASQUERADE_MAX_AGE.total_seconds() // 60)} minutes.",
            )
            home = reverse("staff:home")
            if getattr(request, "htmx", False):
                return HttpResponseClientRedirect(home)
            return redirect(home)
        response = self.get_response(request)
        if getattr(request, "staff_confirmed_cart_change", False):
            services.audit_cart_change(request.visitor, request.path, response.status_code)
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if request.method != "POST" or not _acts_as_customer(request):
            return None
        masquerade = request.visitor.masquerade
        if masquerade is None:
            return None
        if request.resolver_match.view_name == CUSTOMER_LOGOUT:
            services.stop_masquerade(request.visitor, reason="customer logout while masquerading")
            messages.info(
                request,
                f"Logging out as the customer ended the masquerade as {masquerade.customer}.",
            )
            return redirect("staff:home")
        if request.POST.get(CONFIRM_FIELD) == "1":
            request.staff_confirmed_cart_change = True  # type: ignore[attr-defined]
            return None
        fields = [
            (name, value)
            for name, values in request.POST.lists()
            if name not in NOT_REPOSTED
            for value in values
        ]
        context = {
            "masquerade": masquerade,
            "action": request.get_full_path(),
            "fields": fields,
            "confirm_field": CONFIRM_FIELD,
            "back": _safe_back_link(request),
        }
        if getattr(request, "htmx", False):
            response = render(request, "staff/confirm_change.html#confirmation", context)
            # The confirmation replaces the page's content, not the fragment htmx aimed at.
            response["HX-Retarget"] = "#main"
            response["HX-Reswap"] = "innerHTML"
            return response
        return render(request, "staff/confirm_change.html", context)


def _safe_back_link(request: HttpRequest) -> str:
    referer = request.headers.get("Referer", "")
    if url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure()):
        return referer
    return reverse("cart:cart")


def _acts_as_customer(request: HttpRequest) -> bool:
    match = request.resolver_match
    return match is not None and match.namespace in GUARDED_NAMESPACES

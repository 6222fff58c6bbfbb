from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from storefront.account.forms import LoginForm

from . import pages
from .services import begin_checkout, cart_to_order
from .signals import handed_off


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """GET: log in or continue as a guest. POST: hand the cart over to WHMCS's checkout."""
    if request.method == "GET":
        return choose_how(request)
    outcome = begin_checkout(request.visitor)
    if outcome.url:
        request.visitor.cart_errors = None
        handed_off.send(start, visitor=request.visitor, cart_id=request.visitor.whmcs.cart_id)
        # htmx would fetch the page into the cart; the browser itself must go there.
        if request.htmx:
            return HttpResponseClientRedirect(outcome.url)
        return redirect(outcome.url)
    if outcome.errors_by_item:
        request.visitor.cart_errors = outcome.errors_by_item
        messages.error(request, "Please fix the items marked below before checking out.")
    if outcome.problem:
        messages.error(request, outcome.problem)
    response = redirect("cart:cart")
    if request.htmx:
        return HttpResponseClientRedirect(response["Location"])
    return response


def choose_how(request: HttpRequest) -> HttpResponse:
    """Before the hand-off: a logged-in customer checks out as themselves, anyone else logs in
    (the cart comes along) or carries on as a guest."""
    visitor = request.visitor
    login_form = LoginForm(initial={"next": reverse("checkout:start")})
    cart = cart_to_order(visitor)
    for notice in cart.notices:
        messages.warning(request, notice)
    context = pages.choose_page(
        visitor.catalog, cart, account=visitor.account, login_form=login_form
    )
    return render(request, "checkout/choose.html", context)

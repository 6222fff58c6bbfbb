from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from storefront.cart.views import ERRORS_SESSION_KEY

from .services import begin_checkout


@require_POST
def start(request: HttpRequest) -> HttpResponse:
    outcome = begin_checkout(request.whmcs)
    if outcome.url:
        request.session.pop(ERRORS_SESSION_KEY, None)
        # htmx would fetch the page into the cart; the browser itself must go there.
        if request.htmx:
            return HttpResponseClientRedirect(outcome.url)
        return redirect(outcome.url)
    if outcome.errors_by_item:
        request.session[ERRORS_SESSION_KEY] = outcome.errors_by_item
        messages.error(request, "Please fix the items marked below before checking out.")
    if outcome.problem:
        messages.error(request, outcome.problem)
    response = redirect("cart:cart")
    if request.htmx:
        return HttpResponseClientRedirect(response["Location"])
    return response

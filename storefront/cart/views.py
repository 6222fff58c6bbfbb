"""The cart page. Every change is one POST and one upstream call; htmx swaps the cart in place,
and without JavaScript the browser is redirected back to the cart (post/redirect/get)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from storefront.catalog.services import catalog_for
from storefront.web.middleware import has_visitor
from whmcs_gateway.errors import InvalidInput
from whmcs_gateway.rest import ProductItemChange

from . import services
from .forms import ItemChangeForm, LocationForm, PromoCodeForm

ERRORS_SESSION_KEY = "cart_validation_errors"
ITEM_GONE = "That item is no longer in your cart."


def _location_form(request: HttpRequest, data=None) -> LocationForm:
    catalog = catalog_for(request)
    country_code = (data or {}).get("country", "")
    states = {}
    if country_code:
        country = next((c for c in catalog.countries() if c.code == country_code), None)
        if country is not None:
            states = {s.code: s.name for s in catalog.country(country_code).states or []}
    return LocationForm(
        data, countries=catalog.countries(), states_by_country={country_code: states}
    )


def render_cart(
    request: HttpRequest, state: services.CartState, *, status: int = 200, **forms
) -> HttpResponse:
    errors = request.session.get(ERRORS_SESSION_KEY, {}) if has_visitor(request) else {}
    state.errors_by_item = state.errors_by_item or errors
    context = {
        "cart": state,
        "edits": services.item_edits(catalog_for(request), state.contents),
        "promo_form": forms.get("promo_form") or PromoCodeForm(),
        "location_form": forms.get("location_form") or _location_form(request),
    }
    template = "cart/cart.html#cart" if request.htmx else "cart/cart.html"
    return render(request, template, context, status=status)


def after_change(request: HttpRequest, state: services.CartState, done: str) -> HttpResponse:
    """Answer a successful change: the cart fragment for htmx, else redirect to the cart."""
    request.session.pop(ERRORS_SESSION_KEY, None)
    for notice in state.notices:
        messages.warning(request, notice)
    if request.htmx:
        state.notices.append(done)
        return render_cart(request, state)
    messages.success(request, done)
    return redirect("cart:cart")


@require_GET
def cart(request: HttpRequest) -> HttpResponse:
    if not has_visitor(request):
        return render_cart(request, services.CartState(contents=None))
    state = services.load_cart(request.whmcs)
    for notice in state.notices:
        messages.warning(request, notice)
    state.notices.clear()
    return render_cart(request, state)


@require_POST
def remove_item(request: HttpRequest, item_id: str) -> HttpResponse:
    try:
        state = services.remove_item(request.whmcs, item_id)
    except InvalidInput:
        # Removed already (a double click, another tab): say so, show the cart as it is.
        return after_change(request, services.load_cart(request.whmcs), ITEM_GONE)
    return after_change(request, state, "Removed from your cart.")


@require_POST
def change_item(request: HttpRequest, item_id: str) -> HttpResponse:
    form = ItemChangeForm(request.POST)
    if not form.is_valid():
        state = services.load_cart(request.whmcs)
        state.errors_by_item = {item_id: [e for errs in form.errors.values() for e in errs]}
        return render_cart(request, state, status=422)
    change = ProductItemChange(
        billing_cycle=form.cleaned_data["billing_cycle"], quantity=form.cleaned_data["quantity"]
    )
    try:
        state = services.change_existing(
            request.whmcs,
            lambda cart_id: request.whmcs.rest.cart.update_item(cart_id, item_id, change),
        )
    except InvalidInput as refused:
        state = services.load_cart(request.whmcs)
        state.errors_by_item = {item_id: [refused.message]}
        return render_cart(request, state, status=422)
    return after_change(request, state, "Cart updated.")


@require_POST
def empty(request: HttpRequest) -> HttpResponse:
    state = services.change_existing(
        request.whmcs, lambda cart_id: request.whmcs.rest.cart.empty(cart_id)
    )
    return after_change(request, state, "Your cart is now empty.")


@require_POST
def apply_promotion(request: HttpRequest) -> HttpResponse:
    form = PromoCodeForm(request.POST)
    if form.is_valid():
        code = form.cleaned_data["code"]
        try:
            state = services.change_cart(
                request.whmcs,
                lambda cart_id: request.whmcs.rest.cart.apply_promotion(cart_id, code),
            )
        except InvalidInput as refused:
            # WHMCS's own words say why the code was refused.
            form.add_error("code", refused.message)
        else:
            return after_change(request, state, f"Promo code {code} applied.")
    return render_cart(request, services.load_cart(request.whmcs), status=422, promo_form=form)


@require_POST
def remove_promotion(request: HttpRequest) -> HttpResponse:
    state = services.change_existing(
        request.whmcs, lambda cart_id: request.whmcs.rest.cart.remove_promotion(cart_id)
    )
    return after_change(request, state, "Promo code removed.")


@require_POST
def set_location(request: HttpRequest) -> HttpResponse:
    form = _location_form(request, request.POST)
    if form.is_valid():
        country, state_code = form.cleaned_data["country"], form.cleaned_data["state"] or None
        try:
            state = services.change_cart(
                request.whmcs,
                lambda cart_id: request.whmcs.rest.cart.set_geolocation(
                    cart_id, country, state_code
                ),
            )
        except InvalidInput as refused:
            form.add_error(None, refused.message)
        else:
            return after_change(request, state, "Tax estimate updated.")
    return render_cart(request, services.load_cart(request.whmcs), status=422, location_form=form)

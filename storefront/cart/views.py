"""The cart page. Every change is one POST and one upstream call; htmx swaps the cart in place,
and without JavaScript the browser is redirected back to the cart (post/redirect/get)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from storefront.visitor.cart import CartOutcome
from whmcs_gateway.errors import InvalidInput
from whmcs_gateway.rest import ProductItemChange

from . import pages, services
from .forms import ItemChangeForm, PromoCodeForm


def render_cart(
    request: HttpRequest, cart: CartOutcome, *, status: int = 200, **forms
) -> HttpResponse:
    context = pages.cart_page(request.visitor.catalog, cart, **forms)
    template = "cart/cart.html#cart" if request.htmx else "cart/cart.html"
    return render(request, template, context, status=status)


def after_change(request: HttpRequest, cart: CartOutcome, done: str) -> HttpResponse:
    """Answer a successful change: the cart fragment for htmx, else redirect to the cart."""
    request.visitor.cart_errors = None
    for notice in cart.notices:
        messages.warning(request, notice)
    if request.htmx:
        cart.notices.append(done)
        return render_cart(request, cart)
    messages.success(request, done)
    return redirect("cart:cart")


def refused(request: HttpRequest, errors: dict[str, list[str]], **forms) -> HttpResponse:
    """The cart as it is, with what was refused next to what caused it."""
    cart = services.current_cart(request.visitor)
    cart.errors_by_item = errors or cart.errors_by_item
    return render_cart(request, cart, status=422, **forms)


@require_GET
def cart(request: HttpRequest) -> HttpResponse:
    cart = services.current_cart(request.visitor)
    for notice in cart.notices:
        messages.warning(request, notice)
    cart.notices.clear()
    return render_cart(request, cart)


@require_POST
def remove_item(request: HttpRequest, item_id: str) -> HttpResponse:
    try:
        cart = services.remove_item(request.visitor, item_id)
    except InvalidInput:
        # Removed already (a double click, another tab): say so, show the cart as it is.
        return after_change(request, services.current_cart(request.visitor), services.ITEM_GONE)
    return after_change(request, cart, "Removed from your cart.")


@require_POST
def change_item(request: HttpRequest, item_id: str) -> HttpResponse:
    form = ItemChangeForm(request.POST)
    if not form.is_valid():
        return refused(request, {item_id: [e for errs in form.errors.values() for e in errs]})
    change = ProductItemChange(
        billing_cycle=form.cleaned_data["billing_cycle"], quantity=form.cleaned_data["quantity"]
    )
    try:
        cart = services.change_item(request.visitor, item_id, change)
    except InvalidInput as refusal:
        return refused(request, {item_id: [refusal.message]})
    return after_change(request, cart, "Cart updated.")


@require_POST
def empty(request: HttpRequest) -> HttpResponse:
    return after_change(request, services.empty(request.visitor), "Your cart is now empty.")


@require_POST
def apply_promotion(request: HttpRequest) -> HttpResponse:
    form = PromoCodeForm(request.POST)
    if form.is_valid():
        code = form.cleaned_data["code"]
        try:
            cart = services.apply_promotion(request.visitor, code)
        except InvalidInput as refusal:
            # WHMCS's own words say why the code was refused.
            form.add_error("code", refusal.message)
        else:
            replaced = form.replaced_code()
            done = f"Promo code {code} applied."
            if replaced:
                done = f"Promo code {code} applied. It replaces {replaced}: one code per order."
            return after_change(request, cart, done)
    return refused(request, {}, promo_form=form)


@require_POST
def remove_promotion(request: HttpRequest) -> HttpResponse:
    return after_change(request, services.remove_promotion(request.visitor), "Promo code removed.")


@require_POST
def set_location(request: HttpRequest) -> HttpResponse:
    form = pages.location_form(request.visitor.catalog, request.POST)
    if form.is_valid():
        country, region = form.cleaned_data["country"], form.cleaned_data["state"] or None
        try:
            cart = services.set_location(request.visitor, country, region)
        except InvalidInput as refusal:
            form.add_error(None, refusal.message)
        else:
            return after_change(request, cart, "Tax estimate updated.")
    return refused(request, {}, location=form)

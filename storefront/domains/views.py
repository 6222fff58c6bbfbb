"""Domain search, TLD prices, adding a registration or transfer, and a product's domain step.

Every page works without JavaScript (GET search form, POST add forms, redirect to the cart);
with htmx the results and forms swap in place (`template#fragment`).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from whmcs_gateway.errors import InvalidInput

from . import names, pages, services
from .forms import (
    DomainNameForm,
    DomainOrderForm,
    DomainSearchForm,
    ExistingDomainForm,
    TransferStartForm,
)
from .pages import OrderKind

# -- building blocks ------------------------------------------------------------------------


def _render_order(request: HttpRequest, context: dict, *, status: int = 200) -> HttpResponse:
    template = "domains/order.html#order-form" if request.htmx else "domains/order.html"
    return render(request, template, context, status=status)


def _order_form(request: HttpRequest, kind: OrderKind) -> tuple[forms.Form, bool]:
    """The bound order form for the posted name: (form, is_valid).

    The name is read first, through its own form, because the other fields depend on its TLD.
    """
    name_form = (TransferStartForm if kind == "transfer" else DomainNameForm)(request.POST)
    if not name_form.is_valid():
        return name_form, False
    name = name_form.cleaned_data["domain"]
    spec = names.order_spec(request.visitor.catalog, name)
    if spec is None:
        name_form.add_error("domain", f"We do not sell .{name.unicode_tld} domains.")
        return name_form, False
    form = DomainOrderForm(request.POST, spec=spec, kind=kind)
    return form, form.is_valid()


# -- search and prices ----------------------------------------------------------------------


@require_GET
@vary_on_headers("HX-Request")
def search(request: HttpRequest) -> HttpResponse:
    form = DomainSearchForm(request.GET if "domain" in request.GET else None)
    found = None
    if form.is_valid():
        found = names.search(request.visitor.lookups(), form.cleaned_data["domain"])
    context = pages.search_page(request.visitor.catalog, form, found)
    template = "domains/search.html#results" if request.htmx else "domains/search.html"
    return render(request, template, context, status=422 if form.errors else 200)


@require_GET
def pricing(request: HttpRequest) -> HttpResponse:
    return render(request, "domains/pricing.html", pages.pricing_page(request.visitor.catalog))


# -- adding a domain on its own ---------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def register(request: HttpRequest) -> HttpResponse:
    return _order(request, "register")


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def transfer(request: HttpRequest) -> HttpResponse:
    return _order(request, "transfer")


def _order(request: HttpRequest, kind: OrderKind) -> HttpResponse:
    action = reverse(f"domains:{kind}")
    if request.method == "GET":
        return _render_order(
            request, pages.order_page(_blank_form(request, kind), kind=kind, action=action)
        )
    form, valid = _order_form(request, kind)
    if valid:
        order = form.order()
        try:
            cart = services.order_domain(request.visitor, order, form.cleaned_data["once"])
        except services.TransferRefused as refused:
            form.add_error("domain", refused.message)
        except InvalidInput as refused:
            form.add_error(None, refused.message)  # WHMCS's own words say why
        else:
            return _added(request, cart, services.describe(order, order.name))
    context = pages.order_page(form, kind=kind, action=action)
    return _render_order(request, context, status=422)


def _blank_form(request: HttpRequest, kind: OrderKind) -> forms.Form:
    """GET /domains/register?domain=…: the whole form for that name, or the name to fill in."""
    name_form = DomainNameForm(request.GET if request.GET.get("domain") else None)
    if not name_form.is_valid():
        return name_form
    name = name_form.cleaned_data["domain"]
    spec = names.order_spec(request.visitor.catalog, name)
    if spec is None:
        name_form.add_error("domain", f"We do not sell .{name.unicode_tld} domains.")
        return name_form
    return DomainOrderForm(spec=spec, kind=kind, initial={"domain": name.unicode})


def _added(request: HttpRequest, cart, done: str) -> HttpResponse:
    for notice in cart.notices:
        messages.warning(request, notice)
    if request.htmx:
        return render(
            request,
            "domains/added.html#added",
            pages.added_page(request.visitor.catalog, done, cart),
        )
    messages.success(request, done)
    return redirect("cart:cart")


# -- the domain step of a product in the cart -------------------------------------------------


@require_GET
@vary_on_headers("HX-Request")
def for_item(request: HttpRequest, item_id: str) -> HttpResponse:
    try:
        step = services.domain_step(request.visitor, item_id)
    except services.ItemNotInCart:
        return _item_missing(request)
    form = DomainSearchForm(request.GET if "domain" in request.GET else None)
    found = None
    if form.is_valid():
        found = names.search(request.visitor.lookups(), form.cleaned_data["domain"])
    context = pages.domain_step_page(
        request.visitor.catalog, step.item, form, found, cart_domains=step.cart_domains
    )
    template = "domains/for_item.html#results" if request.htmx else "domains/for_item.html"
    return render(request, template, context, status=422 if form.errors else 200)


@require_POST
def item_register(request: HttpRequest, item_id: str) -> HttpResponse:
    return _order_for_item(request, item_id, "register")


@require_POST
def item_transfer(request: HttpRequest, item_id: str) -> HttpResponse:
    return _order_for_item(request, item_id, "transfer")


def _order_for_item(request: HttpRequest, item_id: str, kind: OrderKind) -> HttpResponse:
    form, valid = _order_form(request, kind)
    if valid:
        order = form.order()
        try:
            cart = services.domain_for_item(
                request.visitor, item_id, order.name, form.cleaned_data["once"], order
            )
        except services.ItemNotInCart:
            return _item_missing(request)
        except services.TransferRefused as refused:
            form.add_error("domain", refused.message)
        except InvalidInput as refused:
            form.add_error(None, refused.message)
        else:
            return _attached(request, cart, services.describe(order, order.name))
    action = reverse(f"domains:item_{kind}", args=[item_id])
    context = pages.order_page(form, kind=kind, action=action, item_id=item_id)
    return _render_order(request, context, status=422)


@require_POST
def item_existing(request: HttpRequest, item_id: str) -> HttpResponse:
    form = ExistingDomainForm(request.POST)
    if form.is_valid():
        name = form.cleaned_data["domain"]
        try:
            cart = services.domain_for_item(
                request.visitor, item_id, name, form.cleaned_data["once"]
            )
        except services.ItemNotInCart:
            return _item_missing(request)
        except InvalidInput as refused:
            form.add_error("domain", refused.message)
        else:
            return _attached(request, cart, services.describe(None, name))
    context = pages.existing_page(form, item_id)
    template = "domains/for_item.html#existing" if request.htmx else "domains/existing.html"
    return render(request, template, context, status=422)


def _attached(request: HttpRequest, cart, done: str) -> HttpResponse:
    """The product has its domain: on to the cart (a full page change with htmx too)."""
    for notice in cart.notices:
        messages.warning(request, notice)
    messages.success(request, done)
    if request.htmx:
        return HttpResponseClientRedirect(reverse("cart:cart"))
    return redirect("cart:cart")


def _item_missing(request: HttpRequest) -> HttpResponse:
    template = "domains/item_missing.html#missing" if request.htmx else "domains/item_missing.html"
    return render(request, template, status=404)

"""Domain search, TLD prices, adding a registration or transfer, and a product's domain step.

Every page works without JavaScript (GET search form, POST add forms, redirect to the cart);
with htmx the results and forms swap in place (`template#fragment`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from storefront.visitor.cart import new_one_time_token
from whmcs_gateway.catalog import Catalog
from whmcs_gateway.errors import InvalidInput

from . import names, services
from .forms import (
    DomainNameForm,
    DomainOrderForm,
    DomainSearchForm,
    ExistingDomainForm,
    TransferStartForm,
)

OrderKind = Literal["register", "transfer"]


# -- building blocks ------------------------------------------------------------------------


@dataclass
class ResultRow:
    """A search result with the form that orders it (register, or transfer when taken)."""

    result: names.DomainResult
    form: DomainOrderForm | None = None
    # Each row its own token: adding one name must not use up the next one's.
    once_token: str = field(default_factory=new_one_time_token)

    @property
    def kind(self) -> OrderKind:
        return "transfer" if self.result.can_transfer else "register"


def result_rows(
    catalog: Catalog, results: list[names.DomainResult], prefix: str
) -> list[ResultRow]:
    """Each result with an order form built from its TLD's (cached) requirements."""
    rows = []
    for result in results:
        row = ResultRow(result)
        if result.can_register or result.can_transfer:
            spec = names.order_spec(catalog, _name_of(result))
            if spec is not None:
                row.form = DomainOrderForm(
                    spec=spec,
                    kind=row.kind,
                    periods=result.periods,
                    initial={"domain": result.display_name},
                    auto_id=f"{prefix}-{result.name.replace('.', '-')}-%s",
                )
        rows.append(row)
    return rows


def _name_of(result: names.DomainResult) -> names.DomainName:
    try:
        name = names.normalise_domain(result.display_name, require_tld=True)
    except names.InvalidDomainName:
        name = None
    if name is None or name.ascii != result.name:
        name = names.normalise_domain(result.name, require_tld=True)
    return name


def _order_context(form: forms.Form, *, kind: OrderKind, action: str, **extra) -> dict:
    return {
        "form": form,
        "kind": kind,
        "action": action,
        # A fresh token on every render: one used by a refused attempt must not block a retry.
        "once_token": new_one_time_token(),
        **extra,
    }


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
    context = {"form": form, **_found_context(request, found, "search")}
    template = "domains/search.html#results" if request.htmx else "domains/search.html"
    return render(request, template, context, status=422 if form.errors else 200)


def _found_context(request: HttpRequest, found, prefix: str) -> dict:
    if found is None:
        return {"found": None, "rows": [], "suggestion_rows": []}
    return {
        "found": found,
        "rows": result_rows(request.visitor.catalog, found.results, prefix),
        "suggestion_rows": result_rows(request.visitor.catalog, found.suggestions, f"{prefix}-s"),
    }


@require_GET
def pricing(request: HttpRequest) -> HttpResponse:
    rows = names.price_table(request.visitor.catalog.tld_pricing())
    return render(request, "domains/pricing.html", {"rows": rows})


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
            request, _order_context(_blank_form(request, kind), kind=kind, action=action)
        )
    form, valid = _order_form(request, kind)
    if valid:
        order = form.order()
        try:
            state = services.order_domain(request.visitor, order, form.cleaned_data["once"])
        except InvalidInput as refused:
            form.add_error(None, refused.message)  # WHMCS's own words say why
        else:
            return _added(request, state, services.describe(order, order.name))
    context = _order_context(form, kind=kind, action=action)
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


def _added(request: HttpRequest, state, done: str) -> HttpResponse:
    for notice in state.notices:
        messages.warning(request, notice)
    if request.htmx:
        context = {"done": done, "cart_count": len(state.contents.items) if state.contents else 0}
        return render(request, "domains/added.html#added", context)
    messages.success(request, done)
    return redirect("cart:cart")


# -- the domain step of a product in the cart -------------------------------------------------


@require_GET
@vary_on_headers("HX-Request")
def for_item(request: HttpRequest, item_id: str) -> HttpResponse:
    try:
        item = services.product_item(request.visitor, item_id)
    except services.ItemNotInCart:
        return _item_missing(request)
    form = DomainSearchForm(request.GET if "domain" in request.GET else None)
    found = None
    if form.is_valid():
        found = names.search(request.visitor.lookups(), form.cleaned_data["domain"])
    context = {
        "item": item,
        "item_id": item_id,
        "form": form,
        "transfer_form": TransferStartForm(auto_id="transfer-%s"),
        "existing_form": ExistingDomainForm(auto_id="existing-%s"),
        **_found_context(request, found, "item"),
        "once_token": new_one_time_token(),
    }
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
            state = services.domain_for_item(
                request.visitor, item_id, order.name, form.cleaned_data["once"], order
            )
        except services.ItemNotInCart:
            return _item_missing(request)
        except InvalidInput as refused:
            form.add_error(None, refused.message)
        else:
            return _attached(request, state, services.describe(order, order.name))
    action = reverse(f"domains:item_{kind}", args=[item_id])
    context = _order_context(form, kind=kind, action=action, item_id=item_id)
    return _render_order(request, context, status=422)


@require_POST
def item_existing(request: HttpRequest, item_id: str) -> HttpResponse:
    form = ExistingDomainForm(request.POST)
    if form.is_valid():
        name = form.cleaned_data["domain"]
        try:
            state = services.domain_for_item(
                request.visitor, item_id, name, form.cleaned_data["once"]
            )
        except services.ItemNotInCart:
            return _item_missing(request)
        except InvalidInput as refused:
            form.add_error("domain", refused.message)
        else:
            return _attached(request, state, services.describe(None, name))
    context = {
        "existing_form": form,
        "item_id": item_id,
        "once_token": new_one_time_token(),
    }
    template = "domains/for_item.html#existing" if request.htmx else "domains/existing.html"
    return render(request, template, context, status=422)


def _attached(request: HttpRequest, state, done: str) -> HttpResponse:
    """The product has its domain: on to the cart (a full page change with htmx too)."""
    for notice in state.notices:
        messages.warning(request, notice)
    messages.success(request, done)
    if request.htmx:
        return HttpResponseClientRedirect(reverse("cart:cart"))
    return redirect("cart:cart")


def _item_missing(request: HttpRequest) -> HttpResponse:
    template = "domains/item_missing.html#missing" if request.htmx else "domains/item_missing.html"
    return render(request, template, status=404)

"""The domain pages' contexts: built here for the live pages and the pattern library alike."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from django import forms

from storefront.cart.pages import hosting_offer
from storefront.visitor.cart import CartOutcome, new_one_time_token
from whmcs_gateway.catalog import Catalog
from whmcs_gateway.models import CartItemTypeProduct

from . import names
from .forms import DomainOrderForm, DomainSearchForm, ExistingDomainForm, TransferStartForm

OrderKind = Literal["register", "transfer"]


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


def order_page(form: forms.Form, *, kind: OrderKind, action: str, **extra: Any) -> dict:
    return {
        "form": form,
        "kind": kind,
        "action": action,
        # A fresh token on every render: one used by a refused attempt must not block a retry.
        "once_token": new_one_time_token(),
        **extra,
    }


def found_context(catalog: Catalog, found: names.SearchResults | None, prefix: str) -> dict:
    """Search results and suggestions, each with its order form."""
    if found is None:
        return {"found": None, "rows": [], "suggestion_rows": []}
    return {
        "found": found,
        "rows": result_rows(catalog, found.results, prefix),
        "suggestion_rows": result_rows(catalog, found.suggestions, f"{prefix}-s"),
    }


def search_page(
    catalog: Catalog, form: DomainSearchForm, found: names.SearchResults | None
) -> dict[str, Any]:
    return {"form": form, **found_context(catalog, found, "search")}


def pricing_page(catalog: Catalog) -> dict[str, Any]:
    return {"rows": names.price_table(catalog.tld_pricing())}


def added_page(catalog: Catalog, done: str, cart: CartOutcome) -> dict[str, Any]:
    """What the htmx answer says after a domain went into the cart, with the new count, and
    plans for it when no plan in the cart uses it yet."""
    return {
        "done": done,
        "cart_count": cart.item_count,
        "hosting_offer": hosting_offer(catalog, cart.contents),
    }


def domain_step_page(
    catalog: Catalog,
    item: CartItemTypeProduct,
    form: DomainSearchForm,
    found: names.SearchResults | None,
    *,
    cart_domains: list[str] | None = None,
) -> dict[str, Any]:
    """A product's domain step: a name already in the cart, search (with results), transfer,
    or a domain of one's own."""
    return {
        "item": item,
        "cart_domains": cart_domains or [],
        "item_id": item.item_id,
        "form": form,
        "transfer_form": TransferStartForm(auto_id="transfer-%s"),
        "existing_form": ExistingDomainForm(auto_id="existing-%s"),
        **found_context(catalog, found, "item"),
        "once_token": new_one_time_token(),
    }


def existing_page(form: ExistingDomainForm, item_id: str) -> dict[str, Any]:
    return {"existing_form": form, "item_id": item_id, "once_token": new_one_time_token()}

"""The cart page's context: built here for the live page and for the pattern library alike."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from storefront.catalog.configure import cycle_choices
from storefront.catalog.pages import hosting_for
from storefront.catalog.pricing import summarise
from storefront.catalog.products import allows_quantity, slug_of
from storefront.catalog.summary import OrderSummary, order_summary, tld_renewal_prices
from storefront.visitor.cart import CartOutcome
from whmcs_gateway.catalog import Catalog
from whmcs_gateway.errors import WhmcsError
from whmcs_gateway.models import (
    CartContents,
    CartItemTypeDomainRegister,
    CartItemTypeProduct,
)

from .forms import LocationForm, PromoCodeForm


@dataclass(frozen=True)
class ItemEdit:
    """What the cart lets a customer change on a product item, and how."""

    cycles: list[tuple[str, str]]
    allows_quantity: bool
    configure_url: str


def item_edits(catalog: Catalog, contents: CartContents | None) -> dict[str, ItemEdit]:
    """Per product item: its cycles (from the cached catalog) and a link back to configure."""
    edits: dict[str, ItemEdit] = {}
    for item in contents.items if contents else []:
        if not isinstance(item, CartItemTypeProduct):
            continue
        try:
            product = catalog.product(item.product.id)
        except WhmcsError:
            continue  # the item still shows; only its edit controls are missing
        query = [("edit", item.item_id)]
        if item.billing and item.billing.cycle:
            query.append(("cycle", item.billing.cycle))
        query += [
            (f"option_{option.id}", _option_query_value(option))
            for option in item.config_options
            if option.option is not None
        ]
        query += [("addons", str(addon.addon.id)) for addon in item.addons]
        slug = slug_of(product.name, "product")
        edits[item.item_id] = ItemEdit(
            cycles=[
                (cycle, label.split(":")[0])
                for cycle, label in cycle_choices(summarise(product.pricing))
            ],
            allows_quantity=allows_quantity(product),
            configure_url=f"/order/{product.id}/{slug}/?{urlencode(query)}",
        )
    return edits


def _option_query_value(option) -> str:
    value = option.option.value
    if option.type == "yesno":
        return "on" if value else ""
    return str(value)


def location_form(catalog: Catalog, data=None, *, chosen=None) -> LocationForm:
    """The tax estimate's form, with the states of the country chosen (if any).

    `chosen` is the location WHMCS already taxes the cart for (its geolocation): the form
    shows it, so the estimate keeps the country and state the customer picked.
    """
    initial = {}
    if data is None and chosen is not None:
        initial = {"country": chosen.country_code, "state": chosen.state or ""}
    country_code = (data or initial).get("country", "")
    states = {}
    if country_code:
        country = next((c for c in catalog.countries() if c.code == country_code), None)
        if country is not None:
            states = {s.code: s.name for s in catalog.country(country_code).states or []}
    return LocationForm(
        data,
        initial=initial,
        countries=catalog.countries(),
        states_by_country={country_code: states},
    )


def cart_summary(catalog: Catalog, contents: CartContents | None) -> OrderSummary | None:
    """The cart as a customer reads it: each line priced, the lines adding up to the totals.

    Domain renewal prices come from the cached TLD pricing, read only when a domain is in the
    cart.
    """
    has_domain = contents is not None and any(
        isinstance(item, CartItemTypeDomainRegister) for item in contents.items
    )
    renewals = None
    if has_domain:
        try:
            renewals = tld_renewal_prices(catalog.tld_pricing())
        except WhmcsError:
            renewals = None  # the cart still shows; only the renewal notes are missing
    return order_summary(contents, renewals)


def domains_without_hosting(contents: CartContents | None) -> list[str]:
    """Names registered or transferred in the cart that no plan in it uses."""
    if contents is None:
        return []
    used = {item.domain for item in contents.items if isinstance(item, CartItemTypeProduct)}
    return [
        item.name
        for item in contents.items
        if isinstance(item, CartItemTypeDomainRegister) and item.name not in used
    ]


def hosting_offer(catalog: Catalog, contents: CartContents | None) -> dict[str, Any] | None:
    """Plans for the first domain in the cart that has none, or None."""
    lonely = domains_without_hosting(contents)
    if not lonely:
        return None
    try:
        plans = hosting_for(catalog, lonely[0])
    except WhmcsError:
        return None  # an offer, not the cart: it waits for the next page
    return {"domain": lonely[0], "plans": plans} if plans else None


def cart_page(
    catalog: Catalog,
    cart: CartOutcome,
    *,
    promo_form: PromoCodeForm | None = None,
    location: LocationForm | None = None,
) -> dict[str, Any]:
    summary = cart_summary(catalog, cart.contents)
    chosen = cart.contents.totals.geolocation if cart.contents is not None else None
    return {
        "cart": cart,
        "summary": summary,
        "lines": {line.item_id: line for line in summary.lines} if summary else {},
        "edits": item_edits(catalog, cart.contents),
        "hosting_offer": hosting_offer(catalog, cart.contents),
        "promo_form": promo_form or PromoCodeForm(),
        "location_form": location or location_form(catalog, chosen=chosen),
    }

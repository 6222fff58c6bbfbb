"""Each catalog page's context: built here for the live page and the pattern library alike."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from whmcs_gateway.catalog import Catalog
from whmcs_gateway.models import CartContents

from . import services
from .configure import PRICED_WITH_USUAL, SOLD_OUT, ConfigureForm, ProductOffer
from .summary import OrderSummary, order_summary


def store_front_page(catalog: Catalog) -> dict[str, Any]:
    return {"groups": services.store_front(catalog)}


def group_page(catalog: Catalog, group_id: int) -> dict[str, Any]:
    return {"page": services.group_page(catalog, group_id)}


def summary(
    offer: ProductOffer,
    contents: CartContents | None = None,
    problem: str = "",
    *,
    estimate: OrderSummary | None = None,
    despite_errors: OrderSummary | None = None,
) -> dict[str, Any]:
    """The order summary: WHMCS's priced preview (or, on the first view, WHMCS's prices from
    the cached catalog), or why there is no price to show."""
    if offer.sold_out:
        return {"problem": SOLD_OUT}
    if estimate is not None and contents is None and not problem:
        return {"order": estimate, "problem": ""}
    if despite_errors is not None and contents is None:
        return {"order": despite_errors, "note": PRICED_WITH_USUAL, "problem": ""}
    return {"contents": contents, "order": order_summary(contents), "problem": problem}


def configure_page(
    offer: ProductOffer,
    form: ConfigureForm,
    *,
    once_token: str,
    summary: dict[str, Any] | None = None,
    editing: str | None = None,
) -> dict[str, Any]:
    return {
        "offer": offer,
        "form": form,
        "once_token": once_token,
        "summary": summary or {},
        "editing": editing,
    }


@dataclass(frozen=True)
class HostingPlan:
    """A plan offered for a domain: its card (name, starting price) and the link that orders
    it with that domain attached (a campaign-style `?domain=` link)."""

    card: services.ProductCard
    url: str


MAX_HOSTING_PLANS = 3


def hosting_for(catalog: Catalog, domain: str) -> list[HostingPlan]:
    """The first plans that need a domain, from the cached catalog (no WHMCS call once warm),
    each linked to its configure page with `domain` set."""
    plans: list[HostingPlan] = []
    for group in services.store_front(catalog):
        for card in services.group_page(catalog, group.id).products:
            product = card.product
            if not product.is_domain_required or card.sold_out:
                continue
            query = urlencode({"domain": domain})
            plans.append(HostingPlan(card, f"/order/{product.id}/{card.slug}/?{query}"))
            if len(plans) == MAX_HOSTING_PLANS:
                return plans
    return plans

"""Realistic sample data for every template, from a private copy of the embedded sandbox.

The pattern library and the editor's checks render templates with these contexts. They come
from the sandbox's demo catalog, never from the configured WHMCS: showing a page must not
create carts or use up promo codes in real billing. The private sandbox, its cache and its
carts live only in this process, and each sample is built once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.core.cache.backends.locmem import LocMemCache

from storefront.cart import pages as cart_pages
from storefront.cart.forms import PromoCodeForm
from storefront.catalog import pages as catalog_pages
from storefront.catalog.configure import FIX_CHOICES, ConfigureForm, ProductOffer, product_offer
from storefront.visitor import clients
from storefront.visitor.cart import CartOutcome
from storefront.web.errors import problem_page
from whmcs_gateway.catalog import Catalog
from whmcs_gateway.catalog_cache import CachedReads
from whmcs_gateway.models import CartContents
from whmcs_gateway.rest import DomainRegisterItem
from whmcs_gateway.sandbox.demo import SEARCHED_NAME, SOLD_OUT_GROUP, SOLD_OUT_PRODUCT, VPS_S
from whmcs_gateway.sandbox.demo import VPS_S_CHOICES as VPS_CHOICES
from whmcs_gateway.state import VisitorStateStore
from whmcs_gateway.transport import Transport, TransportConfig
from whmcs_gateway.visitor import VisitorGateway


@dataclass(frozen=True)
class SampleWorld:
    catalog: Catalog
    transport: Transport
    store: VisitorStateStore

    def visitor(self, name: str) -> VisitorGateway:
        return clients.visitor_gateway(
            lambda: f"pattern-library-{name}", transport=self.transport, store=self.store
        )


@cache
def world() -> SampleWorld:
    from whmcs_gateway.sandbox import SandboxConfig, create_app

    app = create_app(SandboxConfig(system_url="/whmcs/", shop_return_url="/"))
    transport = Transport(
        TransportConfig(
            base_url="http://samples.internal",
            api_identifier=app.config.classic_api_identifier,
            api_secret=app.config.classic_api_secret,
            wsgi_app=app,
        )
    )
    private_cache = LocMemCache("theming-samples", {"OPTIONS": {"MAX_ENTRIES": 1000}})
    return SampleWorld(
        catalog=clients.catalog(reads=CachedReads(private_cache), transport=transport),
        transport=transport,
        store=VisitorStateStore(private_cache),
    )


# -- catalog --------------------------------------------------------------------------------


def store_front() -> dict[str, Any]:
    return catalog_pages.store_front_page(world().catalog)


def store_front_empty() -> dict[str, Any]:
    return {"groups": []}


def group_page(group_id: int = 3) -> dict[str, Any]:
    return catalog_pages.group_page(world().catalog, group_id)


def group_with_sold_out_product() -> dict[str, Any]:
    return group_page(SOLD_OUT_GROUP)


def _offer(product_id: int) -> ProductOffer:
    return product_offer(world().catalog, product_id)


@cache
def _priced_vps() -> CartContents:
    form = ConfigureForm(VPS_CHOICES, offer=_offer(VPS_S))
    form.is_valid()
    return _new_cart("configure-summary", [form.to_item()])


def configure() -> dict[str, Any]:
    offer = _offer(VPS_S)
    form = ConfigureForm(offer=offer, initial=VPS_CHOICES)
    summary = catalog_pages.summary(offer, _priced_vps())
    return catalog_pages.configure_page(offer, form, once_token="sample-token", summary=summary)  # noqa: S106


def configure_choices_for_annual() -> dict[str, Any]:
    """The options and addons, priced for the annual cycle, as htmx swaps them in."""
    offer = _offer(VPS_S)
    form = ConfigureForm(VPS_CHOICES, offer=offer)
    form.is_valid()
    context = catalog_pages.configure_page(offer, form, once_token="sample-token")  # noqa: S106
    return {**context, "oob": True}


def configure_with_errors() -> dict[str, Any]:
    offer = _offer(VPS_S)
    form = ConfigureForm({**VPS_CHOICES, "custom_7": "", "option_1": "999"}, offer=offer)
    form.is_valid()
    summary = catalog_pages.summary(offer, problem=FIX_CHOICES)
    return catalog_pages.configure_page(offer, form, once_token="sample-token", summary=summary)  # noqa: S106


def configure_sold_out() -> dict[str, Any]:
    offer = _offer(SOLD_OUT_PRODUCT)
    form = ConfigureForm(offer=offer)
    summary = catalog_pages.summary(offer)
    return catalog_pages.configure_page(offer, form, once_token="sample-token", summary=summary)  # noqa: S106


# -- cart -----------------------------------------------------------------------------------


def _new_cart(name: str, items, *, promo: str = "", location: tuple[str, str] | None = None):
    api = world().visitor(name).rest.cart
    cart_id = api.create().id
    contents = api.add_items(cart_id, items)
    if location:
        contents = api.set_geolocation(cart_id, *location)
    if promo:
        contents = api.apply_promotion(cart_id, promo)
    return contents


@cache
def _cart_with_discount_and_tax() -> CartContents:
    form = ConfigureForm(VPS_CHOICES, offer=_offer(VPS_S))
    form.is_valid()
    return _new_cart("cart-full", [form.to_item()], promo="SAVE10", location=("US", "NY"))


def _cart_page(state: CartOutcome, **forms) -> dict[str, Any]:
    return {
        **cart_pages.cart_page(world().catalog, state, **forms),
        "cart_count": state.item_count,
    }


def cart_empty() -> dict[str, Any]:
    return _cart_page(CartOutcome(contents=None))


def cart_with_discount_and_tax() -> dict[str, Any]:
    return _cart_page(CartOutcome(contents=_cart_with_discount_and_tax()))


@cache
def _cart_with_a_domain_alone() -> CartContents:
    return _new_cart("cart-domain-alone", [DomainRegisterItem(SEARCHED_NAME, 1)])


def cart_with_a_domain_alone() -> dict[str, Any]:
    """A registration without a plan: the cart offers hosting for it."""
    return _cart_page(CartOutcome(contents=_cart_with_a_domain_alone()))


def hosting_offer() -> dict[str, Any]:
    return {"offer": cart_with_a_domain_alone()["hosting_offer"]}


def cart_with_errors() -> dict[str, Any]:
    contents = _cart_with_discount_and_tax()
    item_id = contents.items[0].item_id
    promo_form = PromoCodeForm({"code": "NOT A CODE"})
    promo_form.is_valid()
    state = CartOutcome(
        contents=contents,
        notices=["Your previous cart had expired, so we started a new one for you."],
        errors_by_item={item_id: ["Enter a hostname for this server."]},
    )
    return _cart_page(state, promo_form=promo_form)


def cart_totals() -> dict[str, Any]:
    return {"contents": _cart_with_discount_and_tax()}


def cart_item() -> dict[str, Any]:
    contents = _cart_with_discount_and_tax()
    lines = cart_pages.cart_page(world().catalog, CartOutcome(contents=contents))["lines"]
    return {"item": contents.items[0], "lines": lines}


def order_summary() -> dict[str, Any]:
    summary = cart_pages.cart_summary(world().catalog, _cart_with_discount_and_tax())
    return {"summary": summary, "itemised": True}


# -- other pages ----------------------------------------------------------------------------


def field_with_error() -> dict[str, Any]:
    form = configure_with_errors()["form"]
    return {"field": form["custom_7"]}


def whmcs_unavailable() -> dict[str, Any]:
    return problem_page(True, "", "/")


def whmcs_refused() -> dict[str, Any]:
    return problem_page(False, "The product is not available.", "/")


def status_online() -> dict[str, Any]:
    from types import SimpleNamespace

    connection = SimpleNamespace(
        reachable=True,
        embedded=True,
        currencies=["USD", "EUR", "GBP"],
        server_time="2025-01-01 12:00",
        timezone="UTC",
        problem="",
    )
    return {"connection": connection}


def nothing() -> dict[str, Any]:
    return {}


# -- pages other features own ---------------------------------------------------------------


def _domain_results() -> dict[str, Any]:
    from storefront.domains import names as domains
    from storefront.domains import pages as domain_pages
    from storefront.domains.forms import DomainSearchForm
    from whmcs_gateway.models import Amount

    def usd(value: str) -> Amount:
        return Amount(
            value=value, code="USD", display_value=f"${value} USD", prefix="$", suffix=" USD"
        )

    price, premium = usd("12.00"), usd("240.00")
    results = [
        domains.DomainResult("example.com", "example.com", "com", "registered"),
        domains.DomainResult("example.net", "example.net", "net", "available", price, 1, price),
        domains.DomainResult("shop.io", "shop.io", "io", "premium", premium, 1, premium),
        domains.DomainResult("example.gov", "example.gov", "gov", "reserved"),
        domains.DomainResult("example.zz", "example.zz", "zz", "unsupported"),
        domains.DomainResult("example.org", "example.org", "org", "unknown", note="Try again."),
    ]
    form = DomainSearchForm({"domain": "example.com"})
    form.is_valid()
    found = domains.SearchResults(
        searched=domains.normalise_domain("example.com", require_tld=True),
        results=results,
        suggestions_failed=True,
    )
    return domain_pages.search_page(world().catalog, form, found)


def domain_search_results() -> dict[str, Any]:
    return _domain_results()


def domain_search_empty() -> dict[str, Any]:
    from storefront.domains import pages as domain_pages
    from storefront.domains.forms import DomainSearchForm

    return domain_pages.search_page(world().catalog, DomainSearchForm(), None)


def masquerade_banner() -> dict[str, Any]:
    from datetime import UTC, datetime

    banner = {
        "customer": "Agency Studio (agency@example.com)",
        "staff": "admin",
        "ends_at": datetime(2025, 1, 1, 12, 30, tzinfo=UTC),
    }
    return {**store_front(), "masquerade_banner": banner}

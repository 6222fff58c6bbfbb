"""What the catalog pages show, assembled from cached WHMCS reads."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.text import slugify

from whmcs_gateway import conf
from whmcs_gateway.catalog import Catalog
from whmcs_gateway.errors import NotFound
from whmcs_gateway.models import BundlePricing, Group, ProductGroup, ProductPricing

from .pricing import PriceSummary, summarise

CURRENCY_SESSION_KEY = "currency"


def slug_of(name: str | None, fallback: str) -> str:
    """The readable part of a product or group URL."""
    return slugify(name or "") or fallback


def visitor_currency(request: HttpRequest) -> str | None:
    """The currency the visitor chose, if any (reading never creates a session)."""
    return request.session.get(CURRENCY_SESSION_KEY)


def switch_currency(request: HttpRequest, code: str) -> str | None:
    """Remember the visitor's currency; a reason why not when their cart is in another one.

    A WHMCS cart keeps the currency it was created in, so a cart with items would show prices
    in two currencies: the visitor is asked to finish or empty it first.
    """
    from storefront.account.services import current_account
    from storefront.cart.services import remembered_count
    from storefront.web.middleware import VISITOR_SESSION_KEY

    if current_account(request):
        return "Prices are in your account's currency. Contact us to change it."
    visitor = request.session.get(VISITOR_SESSION_KEY)
    if visitor and remembered_count(visitor) and code != visitor_currency(request):
        return (
            "Your cart is priced in its own currency. Check out or empty your cart "
            "before switching currency."
        )
    if visitor and code != visitor_currency(request):
        request.whmcs.cart_id = None  # an empty cart: the next one is made in the new currency
    request.session[CURRENCY_SESSION_KEY] = code
    return None


def catalog_for(request: HttpRequest) -> Catalog:
    return Catalog(conf.cached_reads(), conf.transport(), visitor_currency(request))


@dataclass(frozen=True)
class ProductCard:
    product: ProductPricing
    price: PriceSummary

    @property
    def sold_out(self) -> bool:
        product = self.product
        return bool(product.stock_control_enabled) and (product.stock_quantity or 0) <= 0

    @property
    def slug(self) -> str:
        return slug_of(self.product.name, "product")


@dataclass(frozen=True)
class GroupPage:
    group: ProductGroup
    products: list[ProductCard]
    bundles: list[BundlePricing]

    @property
    def slug(self) -> str:
        return slug_of(self.group.name, "group")


def store_front(catalog: Catalog) -> list[Group]:
    return sorted(catalog.groups(), key=lambda group: (group.order or 0, group.id))


def group_page(catalog: Catalog, group_id: int) -> GroupPage:
    group = catalog.group(group_id)
    products = sorted(group.products, key=lambda product: (product.order or 0, product.id))
    return GroupPage(
        group=group,
        products=[ProductCard(product, summarise(product.pricing)) for product in products],
        bundles=group_bundles(catalog, group_id),
    )


def group_bundles(catalog: Catalog, group_id: int) -> list[BundlePricing]:
    try:
        return list(catalog.bundles(group_id).bundles)
    except NotFound:
        return []  # a group without bundles

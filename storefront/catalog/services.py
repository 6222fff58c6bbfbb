"""What the catalog pages show, assembled from cached WHMCS reads."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field

from storefront.visitor.cart import (
    add_items,
    apply_link_promotion,
    carry_over,
    change_existing,
    newest_item_of,
)
from storefront.visitor.visitor import Visitor
from whmcs_gateway.catalog import Catalog
from whmcs_gateway.errors import InvalidInput, NotFound
from whmcs_gateway.models import BundlePricing, CartContents, Group, ProductGroup, ProductPricing

from .configure import FIX_CHOICES, SOLD_OUT, ConfigureForm, ProductOffer
from .estimate import estimate
from .preview import safe_price_configuration, try_promotion
from .pricing import PriceSummary, summarise
from .products import is_sold_out, slug_of
from .summary import OrderSummary

CART_URL = "/cart/"


@dataclass
class CurrencySwitch:
    """Whether prices are now in the currency asked for, and what to tell the visitor."""

    switched: bool
    notes: list[tuple[str, str]] = field(default_factory=list)  # (level, text)


def switch_currency(visitor: Visitor, code: str) -> CurrencySwitch:
    """Show prices in `code`; a cart with items comes along, re-priced in the new currency.

    A WHMCS cart keeps the currency it was created in, so its items move to a new cart made
    in the new currency (`carry_over`: one call adds them all) and the visitor is told.
    """
    if visitor.account:
        return CurrencySwitch(
            False, [("info", "Prices are in your account's currency. Contact us to change it.")]
        )
    if code == visitor.currency:
        return CurrencySwitch(True)
    if not visitor.cart_count:
        if visitor.has_id:
            visitor.whmcs.cart_id = None  # empty: the next cart is made in the new currency
        visitor.currency = code
        return CurrencySwitch(True)
    moved = carry_over(visitor, code)
    contents = moved.cart.contents
    count = moved.cart.item_count
    text = f"Your cart is now priced in {code}: {count} item{'s' if count != 1 else ''}"
    if contents is not None and contents.totals.total is not None:
        text += f", due today {contents.totals.total.display_value}"
    notes = [("success", text + ".")]
    if moved.left_behind:
        notes.append(
            ("warning", "Not available in " + code + ": " + ", ".join(moved.left_behind) + ".")
        )
    if moved.promo_dropped:
        notes.append(("warning", moved.promo_dropped))
    return CurrencySwitch(True, notes)


@dataclass(frozen=True)
class ProductCard:
    product: ProductPricing
    price: PriceSummary

    @property
    def sold_out(self) -> bool:
        return is_sold_out(self.product)

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


@dataclass(frozen=True)
class GroupCard:
    """A product group as the store front shows it, with the slug of its page's URL."""

    group: Group

    def __getattr__(self, name: str) -> object:
        # `id`, `name`, `icon`, `headline`, `tagline`, `features`: the group's own fields.
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.group, name)

    @property
    def slug(self) -> str:
        return slug_of(self.group.name, "group")


def store_front(catalog: Catalog) -> list[GroupCard]:
    groups = sorted(catalog.groups(), key=lambda group: (group.order or 0, group.id))
    return [GroupCard(group) for group in groups]


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


# -- configuring and adding to the cart -------------------------------------------------------


def price(
    visitor: Visitor, offer: ProductOffer, form: ConfigureForm
) -> tuple[CartContents | None, str]:
    """What the form holds, priced by WHMCS (one call per change), or why there is no price."""
    if offer.sold_out:
        return None, SOLD_OUT
    item = form.priced_item()
    if item is None:
        return None, FIX_CHOICES
    return safe_price_configuration(visitor, item)


@dataclass(frozen=True)
class Priced:
    """What the configure page's summary shows: WHMCS's price, or why not and, while a priced
    choice has an error, the usual choices priced from the cached catalog."""

    contents: CartContents | None
    problem: str
    despite_errors: OrderSummary | None = None


def price_for_summary(visitor: Visitor, offer: ProductOffer, form: ConfigureForm) -> Priced:
    contents, problem = price(visitor, offer, form)
    if problem != FIX_CHOICES:
        return Priced(contents, problem)
    item = form.priced_item_with_usual_choices()
    return Priced(contents, problem, estimate(offer, item) if item is not None else None)


def first_summary(offer: ProductOffer, form: ConfigureForm) -> OrderSummary | None:
    """The first view's summary from the cached catalog (no call to WHMCS); None: ask WHMCS."""
    if offer.sold_out:
        return None
    item = form.priced_item()
    return estimate(offer, item) if item is not None else None


def check_link_promotion(
    visitor: Visitor, code: str, priced: CartContents | None
) -> tuple[CartContents | None, str, bool]:
    """A campaign link's promo code, tried on the priced preview before anything is promised.

    Returns the preview priced with the code (None when it was not taken), what to tell the
    visitor, and whether to apply the code when the configuration is added.
    """
    if priced is None:
        return None, f"Promo code {code} will be checked when you add this to your cart.", True
    contents, refusal = try_promotion(visitor, code)
    if contents is not None:
        return contents, f"Promo code {code} will be applied when you add this to your cart.", True
    if refusal:
        return None, f"Promo code {code} cannot be used with this order: {refusal}", False
    return None, f"Promo code {code} will be checked when you add this to your cart.", True


@dataclass
class Added:
    """What adding a configuration came to: what to tell the customer and where they go next."""

    next_url: str
    messages: list[tuple[str, str]] = field(default_factory=list)  # (level, text)


def add_configuration(
    visitor: Visitor,
    offer: ProductOffer,
    form: ConfigureForm,
    *,
    once_token: str,
    replaces: str | None = None,
) -> Added:
    """Put a valid configuration in the cart, at most once per one-time token.

    From the cart's "Change options" (`replaces`), the new configuration takes the old item's
    place. A campaign link's domain and promo code come along for the product it named. WHMCS
    refusing the item raises `InvalidInput` (the view shows it beside the form).
    """
    link = visitor.pending_link(offer.product.id)
    cart = add_items(visitor, [form.to_item(domain=link.get("domain"))], once_token=once_token)
    if replaces:
        # Also when this is a retry of an add that landed before a failure.
        with suppress(InvalidInput):  # already gone: what the customer wanted
            change_existing(visitor, lambda cart, cart_id: cart.remove_item(cart_id, replaces))
        done = [] if cart.repeated else [("success", f"{offer.product.name} updated in your cart.")]
        return Added(CART_URL, done)
    if cart.repeated:
        return Added(CART_URL)  # the same form again: it was added the first time
    visitor.forget_link()
    said: list[tuple[str, str]] = []
    if link.get("promo") and cart.contents is not None:
        outcome = apply_link_promotion(visitor, link["promo"])
        said.append(("success" if outcome.applied else "warning", outcome.text))
    said += [("warning", notice) for notice in cart.notices]
    said.append(("success", f"{offer.product.name} is in your cart."))
    item_id = newest_item_of(cart.contents, offer.product.id)
    if offer.product.is_domain_required and not link.get("domain") and item_id:
        return Added(f"/domains/for-item/{item_id}/", said)
    return Added(CART_URL, said)

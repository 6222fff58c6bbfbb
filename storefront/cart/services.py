"""The visitor's cart: one upstream call per change, rendered from what WHMCS answers.

The cart id lives beside the visitor's X-Api-State (`whmcs_gateway.state`), never in the
browser. A cart WHMCS no longer knows is replaced by a new one with a note, not an error.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from django.core.cache import cache

from whmcs_gateway.errors import NotFound
from whmcs_gateway.models import CartContents, CartItemValidationError
from whmcs_gateway.rest import CartItemRequest
from whmcs_gateway.visitor import VisitorGateway

T = TypeVar("T")

CART_FORGOTTEN = "Your previous cart had expired, so we started a new one for you."
ONE_TIME_TOKEN_TTL = 60 * 60 * 6


@dataclass
class CartState:
    """What the cart page shows: the contents (None: no cart yet) and what to say about it."""

    contents: CartContents | None
    notices: list[str] = field(default_factory=list)
    errors_by_item: dict[str, list[str]] = field(default_factory=dict)
    # True when a one-time token was presented again and nothing was changed.
    repeated: bool = False

    @property
    def is_empty(self) -> bool:
        return self.contents is None or not self.contents.items

    @property
    def item_count(self) -> int:
        return count_items(self.contents)


def count_items(contents: CartContents | None) -> int:
    return len(contents.items) if contents is not None else 0


# -- the header's item counter, kept from the last cart WHMCS sent (no call per page) ------


def _counter_key(visitor_id: str) -> str:
    return f"shop:cart-count:{visitor_id}"


def remember_count(whmcs: VisitorGateway, contents: CartContents | None) -> None:
    cache.set(_counter_key(whmcs.visitor_id), count_items(contents), timeout=60 * 60 * 24)


def remembered_count(visitor_id: str) -> int:
    return cache.get(_counter_key(visitor_id), 0)


# -- reading and changing ------------------------------------------------------------------


def load_cart(whmcs: VisitorGateway) -> CartState:
    """The visitor's cart, or an empty state when there is none (nothing is created)."""
    cart_id = whmcs.cart_id
    if not cart_id:
        return CartState(contents=None)
    try:
        contents = whmcs.rest.cart.get(cart_id)
    except NotFound:
        whmcs.cart_id = None
        remember_count(whmcs, None)
        return CartState(contents=None, notices=[CART_FORGOTTEN])
    remember_count(whmcs, contents)
    return CartState(contents=contents)


def ensure_cart_id(whmcs: VisitorGateway) -> str:
    cart_id = whmcs.cart_id
    if not cart_id:
        cart_id = whmcs.rest.cart.create().id
        whmcs.cart_id = cart_id
    return cart_id


def change_cart(whmcs: VisitorGateway, change: Callable[[str], CartContents]) -> CartState:
    """Apply one change to the visitor's cart (creating the cart when needed).

    When WHMCS has forgotten the cart, the change is made again on a new one and the visitor
    is told; nothing they asked for is lost.
    """
    notices = []
    try:
        contents = change(ensure_cart_id(whmcs))
    except NotFound:
        whmcs.cart_id = None
        notices.append(CART_FORGOTTEN)
        contents = change(ensure_cart_id(whmcs))
    remember_count(whmcs, contents)
    return CartState(contents=contents, notices=notices)


def add_items(
    whmcs: VisitorGateway, items: Sequence[CartItemRequest], once: str | None = None
) -> CartState:
    """Add items, at most once per one-time token (double clicks, re-posted forms)."""
    if once and not claim_one_time_token(whmcs.visitor_id, once):
        state = load_cart(whmcs)
        state.repeated = True
        return state
    return change_cart(whmcs, lambda cart_id: whmcs.rest.cart.add_items(cart_id, items))


def remove_item(whmcs: VisitorGateway, item_id: str) -> CartState:
    return change_existing(whmcs, lambda cart_id: whmcs.rest.cart.remove_item(cart_id, item_id))


def change_existing(whmcs: VisitorGateway, change: Callable[[str], CartContents]) -> CartState:
    """A change that only makes sense on an existing cart (remove, promo, cycle...)."""
    cart_id = whmcs.cart_id
    if not cart_id:
        return CartState(contents=None)
    try:
        contents = change(cart_id)
    except NotFound:
        whmcs.cart_id = None
        remember_count(whmcs, None)
        return CartState(contents=None, notices=[CART_FORGOTTEN])
    remember_count(whmcs, contents)
    return CartState(contents=contents)


def validation_errors(whmcs: VisitorGateway) -> dict[str, list[str]]:
    cart_id = whmcs.cart_id
    if not cart_id:
        return {}
    return errors_by_item(whmcs.rest.cart.validate(cart_id))


def errors_by_item(errors: Sequence[CartItemValidationError]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for error in errors:
        grouped.setdefault(error.item_id or "", []).extend(m for m in error.messages if m)
    return grouped


# -- one-time tokens: each add form may be used once -----------------------------------------


def new_one_time_token() -> str:
    return secrets.token_urlsafe(16)


def claim_one_time_token(visitor_id: str, token: str) -> bool:
    """True the first time a token is presented by this visitor, False ever after."""
    return cache.add(f"shop:once:{visitor_id}:{token}", 1, timeout=ONE_TIME_TOKEN_TTL)


def newest_item_of(contents: CartContents | None, product_id: int) -> str | None:
    """The id of the product item added last for `product_id` (WHMCS appends new items)."""
    from whmcs_gateway.models import CartItemTypeProduct

    if contents is None:
        return None
    matches = [
        item.item_id
        for item in contents.items
        if isinstance(item, CartItemTypeProduct) and item.product.id == product_id
    ]
    return matches[-1] if matches else None


@dataclass(frozen=True)
class PromoOutcome:
    applied: bool
    text: str


def apply_link_promotion(whmcs: VisitorGateway, code: str) -> PromoOutcome:
    """Apply a campaign link's promo code; WHMCS's own words when it refuses it."""
    from whmcs_gateway.errors import InvalidInput

    try:
        change_existing(whmcs, lambda cart_id: whmcs.rest.cart.apply_promotion(cart_id, code))
    except InvalidInput as refused:
        return PromoOutcome(False, f"Promo code {code} could not be applied: {refused.message}")
    return PromoOutcome(True, f"Promo code {code} applied.")


@dataclass(frozen=True)
class ItemEdit:
    """What the cart lets a customer change on a product item, and how."""

    cycles: list[tuple[str, str]]
    allows_quantity: bool
    configure_url: str


def item_edits(catalog, contents: CartContents | None) -> dict[str, ItemEdit]:
    """Per product item: its cycles (from the cached catalog) and a link back to configure."""
    from urllib.parse import urlencode

    from django.utils.text import slugify

    from storefront.catalog.configure import cycle_choices
    from storefront.catalog.pricing import summarise
    from whmcs_gateway.errors import WhmcsError
    from whmcs_gateway.models import CartItemTypeProduct

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
        slug = slugify(product.name or "") or "product"
        setting = product.allow_multiple_quantities
        edits[item.item_id] = ItemEdit(
            cycles=[
                (cycle, label.split(":")[0])
                for cycle, label in cycle_choices(summarise(product.pricing))
            ],
            allows_quantity=bool(setting and setting.is_supported),
            configure_url=f"/order/{product.id}/{slug}/?{urlencode(query)}",
        )
    return edits


def _option_query_value(option) -> str:
    value = option.option.value
    if option.type == "yesno":
        return "on" if value else ""
    return str(value)

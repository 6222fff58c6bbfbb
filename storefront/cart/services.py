"""The visitor's cart: one upstream call per change, rendered from what WHMCS answers.

The cart id lives beside the visitor's X-Api-State (`whmcs_gateway.state`), never in the
browser. A cart WHMCS no longer knows is replaced by a new one with a note, not an error.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TypeVar

from django.core.cache import cache

from whmcs_gateway.errors import NotFound
from whmcs_gateway.models import CartContents, CartItemValidationError
from whmcs_gateway.rest import CartItemRequest
from whmcs_gateway.state import VisitorBusy
from whmcs_gateway.visitor import VisitorGateway

T = TypeVar("T")

CART_FORGOTTEN = "Your previous cart had expired, so we started a new one for you."
ONE_TIME_TOKEN_TTL = 60 * 60 * 6
# Longer than one add can take upstream (read timeout and retries), shorter than patience.
TOKEN_TURN_WAIT = 30
TOKEN_TURN_TTL = 300


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
    """Keep the count for the header and the item ids for one-time tokens (see `one_time`)."""
    ids = [item_id for item in (contents.items if contents else []) if (item_id := _id_of(item))]
    cache.set(
        _counter_key(whmcs.visitor_id),
        {"count": count_items(contents), "ids": ids},
        timeout=60 * 60 * 24,
    )


def remembered_count(visitor_id: str) -> int:
    return (cache.get(_counter_key(visitor_id)) or {}).get("count", 0)


def remembered_item_ids(visitor_id: str) -> list[str] | None:
    """The item ids of the visitor's cart as last seen, or None when nothing is remembered."""
    remembered = cache.get(_counter_key(visitor_id))
    return None if remembered is None else remembered.get("ids", [])


def _id_of(item: object) -> str | None:
    return getattr(item, "item_id", None)


# -- reading and changing ------------------------------------------------------------------


def load_cart(whmcs: VisitorGateway) -> CartState:
    """The visitor's cart, or an empty state when there is none (nothing is created)."""
    return change_existing(whmcs, lambda cart_id: whmcs.rest.cart.get(cart_id))


def ensure_cart_id(whmcs: VisitorGateway) -> str:
    cart_id = whmcs.cart_id
    if not cart_id:
        cart_id = whmcs.rest.cart.create(currency=whmcs.currency).id
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
    """Add items, at most once per one-time token (double clicks, re-posted forms, retries)."""
    if not once:
        return change_cart(whmcs, lambda cart_id: whmcs.rest.cart.add_items(cart_id, items))
    with one_time(whmcs, once) as guard:
        if guard.repeated is not None:
            return guard.repeated
        state = change_cart(whmcs, lambda cart_id: whmcs.rest.cart.add_items(cart_id, items))
        guard.done()
        return state


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
#
# A token is claimed as "pending" together with the cart's item ids before the add is sent,
# and marked "done" when WHMCS confirms it. If the add fails on the way (an error page, a
# timeout after WHMCS did the work), the customer retries with the same token: the cart is
# read and, if an item appeared that was not there before, the add did land and is not sent
# again; otherwise it is sent now. Nothing is lost, nothing doubled. Requests carrying the
# same token (double clicks, two shop processes) take turns.


def new_one_time_token() -> str:
    return secrets.token_urlsafe(16)


class OneTime:
    def __init__(self, whmcs: VisitorGateway, key: str) -> None:
        self.whmcs = whmcs
        self.key = key
        # Set when this token's change was already made: the cart to show instead.
        self.repeated: CartState | None = None

    def start(self) -> None:
        claim = cache.get(self.key)
        if claim and claim["status"] == "done":
            self.repeated = self._as_repeated(load_cart(self.whmcs))
            return
        if claim:  # pending: a previous attempt failed on the way; did it land?
            state = load_cart(self.whmcs)
            before = set(claim["before"])
            if state.contents and any(_id_of(i) not in before for i in state.contents.items):
                self.done()
                self.repeated = self._as_repeated(state)
                return
        before = remembered_item_ids(self.whmcs.visitor_id)
        if before is None:  # nothing remembered (evicted, or a new visitor id): ask WHMCS
            contents = load_cart(self.whmcs).contents
            before = [i for item in (contents.items if contents else []) if (i := _id_of(item))]
        cache.set(self.key, {"status": "pending", "before": before}, ONE_TIME_TOKEN_TTL)

    def done(self) -> None:
        cache.set(self.key, {"status": "done", "before": []}, ONE_TIME_TOKEN_TTL)

    @staticmethod
    def _as_repeated(state: CartState) -> CartState:
        state.repeated = True
        return state


@contextmanager
def one_time(whmcs: VisitorGateway, token: str) -> Iterator[OneTime]:
    """Guard one cart change by a one-time token (see above)."""
    key = f"shop:once:{whmcs.visitor_id}:{token}"
    turn, owner = key + ":turn", secrets.token_hex(8)
    deadline = time.monotonic() + TOKEN_TURN_WAIT
    # Held far longer than anyone waits for it: several upstream calls may run inside, and
    # a turn that expired mid-way would let the same token in twice.
    while not cache.add(turn, owner, timeout=TOKEN_TURN_TTL):
        if time.monotonic() > deadline:
            raise VisitorBusy()
        time.sleep(0.02)
    try:
        guard = OneTime(whmcs, key)
        guard.start()
        yield guard
    finally:
        if cache.get(turn) == owner:
            cache.delete(turn)


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

    from storefront.catalog.configure import cycle_choices
    from storefront.catalog.pricing import summarise
    from storefront.catalog.services import slug_of
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
        slug = slug_of(product.name, "product")
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

"""The visitor's cart: one upstream call per change, rendered from what WHMCS answers.

Every feature that puts something in the cart (configure, domains, renewals, the cart page)
goes through here. The cart id lives beside the visitor's X-Api-State
(`whmcs_gateway.state`), never in the browser. A cart WHMCS no longer knows is replaced by a
new one with a note, not an error.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.cache import cache

from whmcs_gateway.errors import InvalidInput, NotFound
from whmcs_gateway.locks import hold
from whmcs_gateway.models import (
    CartContents,
    CartItemTypeDomainRegister,
    CartItemTypeDomainTransfer,
    CartItemTypeProduct,
    CartItemValidationError,
)
from whmcs_gateway.rest import (
    AddonChoice,
    CartApi,
    CartItemRequest,
    ConfigOptionInput,
    CustomFieldInput,
    DomainOptions,
    DomainRegisterItem,
    DomainTransferItem,
    ProductItem,
)
from whmcs_gateway.state import VisitorBusy

from . import keys
from .visitor import Visitor

CART_FORGOTTEN = "Your previous cart had expired, so we started a new one for you."
ONE_TIME_TOKEN_TTL = 60 * 60 * 6
# Longer than one add can take upstream (read timeout and retries), shorter than patience.
TOKEN_TURN_WAIT = 30
TOKEN_TURN_TTL = 300

# One change of a cart: given WHMCS's cart API and the cart id, make one call.
Change = Callable[[CartApi, str], CartContents]


@dataclass
class CartOutcome:
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
        return len(self.contents.items) if self.contents is not None else 0


def _id_of(item: object) -> str | None:
    return getattr(item, "item_id", None)


# -- reading and changing ------------------------------------------------------------------


def load_cart(visitor: Visitor) -> CartOutcome:
    """The visitor's cart, or an empty state when there is none (nothing is created)."""
    if not visitor.has_id:
        return CartOutcome(contents=None)
    return change_existing(visitor, lambda cart, cart_id: cart.contents(cart_id))


def ensure_cart_id(visitor: Visitor) -> str:
    whmcs = visitor.whmcs
    cart_id = whmcs.cart_id
    if not cart_id:
        cart_id = whmcs.rest.cart.create(currency=visitor.currency).id
        whmcs.cart_id = cart_id
    return cart_id


def change_cart(visitor: Visitor, change: Change) -> CartOutcome:
    """Apply one change to the visitor's cart (creating the cart when needed).

    When WHMCS has forgotten the cart, the change is made again on a new one and the visitor
    is told; nothing they asked for is lost.
    """
    whmcs = visitor.whmcs
    notices = []
    try:
        contents = change(whmcs.rest.cart, ensure_cart_id(visitor))
    except NotFound:
        whmcs.cart_id = None
        notices.append(CART_FORGOTTEN)
        contents = change(whmcs.rest.cart, ensure_cart_id(visitor))
    visitor.remember_cart(contents)
    return CartOutcome(contents=contents, notices=notices)


def change_existing(visitor: Visitor, change: Change) -> CartOutcome:
    """A change that only makes sense on an existing cart (remove, promo, cycle...)."""
    whmcs = visitor.whmcs
    cart_id = whmcs.cart_id
    if not cart_id:
        return CartOutcome(contents=None)
    try:
        contents = change(whmcs.rest.cart, cart_id)
    except NotFound:
        whmcs.cart_id = None
        visitor.remember_cart(None)
        return CartOutcome(contents=None, notices=[CART_FORGOTTEN])
    visitor.remember_cart(contents)
    return CartOutcome(contents=contents)


def add_items(
    visitor: Visitor, items: Sequence[CartItemRequest], once_token: str | None = None
) -> CartOutcome:
    """Add items, at most once per one-time token (double clicks, re-posted forms, retries)."""

    def add(cart: CartApi, cart_id: str) -> CartContents:
        return cart.add_items(cart_id, items)

    if not once_token:
        return change_cart(visitor, add)
    with one_time(visitor, once_token) as guard:
        if guard.repeated is not None:
            return guard.repeated
        cart = change_cart(visitor, add)
        guard.done()
        return cart


def errors_by_item(errors: Sequence[CartItemValidationError]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for error in errors:
        grouped.setdefault(error.item_id or "", []).extend(m for m in error.messages if m)
    return grouped


def newest_item_of(contents: CartContents | None, product_id: int) -> str | None:
    """The id of the product item added last for `product_id` (WHMCS appends new items)."""
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


def apply_link_promotion(visitor: Visitor, code: str) -> PromoOutcome:
    """Apply a campaign link's promo code; WHMCS's own words when it refuses it."""
    try:
        change_existing(visitor, lambda cart, cart_id: cart.apply_promotion(cart_id, code))
    except InvalidInput as refused:
        return PromoOutcome(False, f"Promo code {code} could not be applied: {refused.message}")
    return PromoOutcome(True, f"Promo code {code} applied.")


# -- moving a cart to another currency ------------------------------------------------------

# WHMCS takes at most this many items in one add.
ADD_LIMIT = 50


def as_request(item: object) -> CartItemRequest | None:
    """The add request that puts the same item in another cart; None for kinds that cannot
    be carried (renewals and service addons belong to an account; guests have none)."""
    if isinstance(item, CartItemTypeProduct):
        return ProductItem(
            product_id=item.product.id,
            billing_cycle=item.billing.cycle if item.billing else None,
            quantity=item.quantity,
            domain=item.domain,
            addons=[AddonChoice(a.addon.id, a.quantity) for a in item.addons],
            custom_fields=[
                CustomFieldInput(f.id, f.value)
                for f in item.custom_fields
                if f.value not in (None, "")
            ],
            config_options=[
                ConfigOptionInput(o.id, o.option.value)
                for o in item.config_options
                if o.option is not None and o.option.value is not None
            ],
        )
    if isinstance(item, CartItemTypeDomainRegister):
        options = DomainOptions(
            idn_language=item.idn_language,
            dns_management=item.dns_management,
            email_forwarding=item.email_forwarding,
            id_protection=item.id_protection,
            nameservers=item.nameservers,
        )
        if isinstance(item, CartItemTypeDomainTransfer):
            return DomainTransferItem(item.name, item.epp_code, item.period, options)
        fields = [f.default or "" for f in item.additional_fields or []]
        return DomainRegisterItem(item.name, item.period, options, fields or None)
    return None


def _item_name(item: object) -> str:
    product = getattr(item, "product", None)
    return getattr(product, "name", None) or getattr(item, "name", None) or "an item"


@dataclass
class CarriedOver:
    """A cart moved to another currency: the new cart and what could not come along."""

    cart: CartOutcome
    left_behind: list[str] = field(default_factory=list)
    promo_dropped: str = ""


def carry_over(visitor: Visitor, currency: str) -> CarriedOver:
    """Make a cart in `currency` holding the items of the visitor's cart, and use it.

    A WHMCS cart keeps the currency it was made in, so the items move to a new one: one call
    adds them all (WHMCS takes 50 per add; a longer cart takes one call per 50). The promo
    code comes along when WHMCS accepts it in the new currency.
    """
    old = load_cart(visitor)
    items = old.contents.items if old.contents is not None else []
    promotions = old.contents.promotions if old.contents is not None else []
    promo_code = next((p.code for p in promotions if p is not None and p.code), None)
    requests: list[CartItemRequest] = []
    names: list[str] = []
    left_behind: list[str] = []
    for item in items:
        request = as_request(item)
        name = _item_name(item)
        if request is None:
            left_behind.append(name)
        else:
            requests.append(request)
            names.append(name)
    whmcs = visitor.whmcs
    cart = whmcs.rest.cart
    new_id = cart.create(currency=currency).id
    contents: CartContents | None = None
    for start in range(0, len(requests), ADD_LIMIT):
        batch = requests[start : start + ADD_LIMIT]
        try:
            contents = cart.add_items(new_id, batch)
        except InvalidInput:
            # Something WHMCS will not sell in this currency: carry the rest, one by one.
            for request, name in zip(batch, names[start : start + ADD_LIMIT], strict=True):
                try:
                    contents = cart.add_items(new_id, [request])
                except InvalidInput as refused:
                    left_behind.append(f"{name} ({refused.message})")
    if contents is None:
        contents = cart.contents(new_id)
    dropped = ""
    if promo_code:
        try:
            contents = cart.apply_promotion(new_id, promo_code)
        except InvalidInput as refused:
            dropped = f"Promo code {promo_code} does not apply in {currency}: {refused.message}"
    whmcs.cart_id = new_id
    visitor.currency = currency
    visitor.remember_cart(contents)
    return CarriedOver(CartOutcome(contents=contents), left_behind, dropped)


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
    def __init__(self, visitor: Visitor, key: str) -> None:
        self.visitor = visitor
        self.key = key
        # Set when this token's change was already made: the cart to show instead.
        self.repeated: CartOutcome | None = None

    def start(self) -> None:
        claim = cache.get(self.key)
        if claim and claim["status"] == "done":
            self.repeated = self._as_repeated(load_cart(self.visitor))
            return
        if claim:  # pending: a previous attempt failed on the way; did it land?
            cart = load_cart(self.visitor)
            before = set(claim["before"])
            if cart.contents and any(_id_of(i) not in before for i in cart.contents.items):
                self.done()
                self.repeated = self._as_repeated(cart)
                return
        before = self.visitor.remembered_item_ids()
        if before is None:  # nothing remembered (evicted, or a new visitor id): ask WHMCS
            contents = load_cart(self.visitor).contents
            before = [i for item in (contents.items if contents else []) if (i := _id_of(item))]
        cache.set(self.key, {"status": "pending", "before": before}, ONE_TIME_TOKEN_TTL)

    def done(self) -> None:
        cache.set(self.key, {"status": "done", "before": []}, ONE_TIME_TOKEN_TTL)

    @staticmethod
    def _as_repeated(cart: CartOutcome) -> CartOutcome:
        cart.repeated = True
        return cart


@contextmanager
def one_time(visitor: Visitor, once_token: str) -> Iterator[OneTime]:
    """Guard one cart change by a one-time token (see above)."""
    key = keys.once_token(visitor.id, once_token)
    # Held far longer than anyone waits for it: several upstream calls may run inside, and
    # a turn that expired mid-way would let the same token in twice.
    with hold(cache, key + ":turn", ttl=TOKEN_TURN_TTL, wait=TOKEN_TURN_WAIT, busy=VisitorBusy):
        guard = OneTime(visitor, key)
        guard.start()
        yield guard

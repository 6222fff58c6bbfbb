"""Domains in the cart: a registration or transfer, and the domain of a product item.

Every change goes through the visitor's WHMCS session, once per one-time token.
"""

from __future__ import annotations

from dataclasses import dataclass

from storefront.visitor.cart import CartOutcome, add_items, change_existing, load_cart, one_time
from storefront.visitor.visitor import Visitor
from whmcs_gateway.errors import InvalidInput, NotFound
from whmcs_gateway.models import CartItemTypeDomainRegister, CartItemTypeProduct

from .names import DomainName, DomainOrder, exact_lookup


class TransferRefused(Exception):
    """WHMCS's availability answer says the name cannot be transferred in (it is free)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def check_transfer(visitor: Visitor, order: DomainOrder | None) -> None:
    """Raise `TransferRefused` for a transfer of a name nobody has registered.

    One availability lookup, without the visitor's WHMCS state: a transfer moves a registered
    name, and a free one would only fail later, at the registrar, after the customer paid.
    When WHMCS cannot say (an extension it cannot check), the transfer goes ahead.
    """
    if order is None or order.kind != "transfer":
        return
    found = exact_lookup(visitor.lookups(), order.name)
    if found.kind in ("available", "premium"):
        raise TransferRefused(
            f"{order.name} is not registered yet, so there is nothing to transfer. "
            "You can register it instead."
        )


def order_domain(visitor: Visitor, order: DomainOrder, once_token: str) -> CartOutcome:
    """Add a registration or transfer, once per one-time token.

    WHMCS refusals raise `InvalidInput`; a transfer of a free name raises `TransferRefused`.
    """
    check_transfer(visitor, order)
    return add_items(visitor, [order.cart_item()], once_token=once_token)


class ItemNotInCart(Exception):
    """The product item the customer came for is no longer in their cart."""


@dataclass(frozen=True)
class DomainStep:
    """The product item that wants a domain, and the names in the cart no plan uses yet."""

    item: CartItemTypeProduct
    cart_domains: list[str]


def domain_step(visitor: Visitor, item_id: str) -> DomainStep:
    """What the domain step of a product item starts from (one upstream call)."""
    cart = load_cart(visitor)
    items = cart.contents.items if cart.contents is not None else []
    item = next((i for i in items if getattr(i, "item_id", None) == item_id), None)
    if not isinstance(item, CartItemTypeProduct):
        raise ItemNotInCart(item_id)
    used = {i.domain for i in items if isinstance(i, CartItemTypeProduct)}
    ordered = [i.name for i in items if isinstance(i, CartItemTypeDomainRegister)]
    return DomainStep(item, [name for name in ordered if name not in used])


def domain_for_item(
    visitor: Visitor,
    item_id: str,
    name: DomainName,
    once_token: str,
    order: DomainOrder | None = None,
) -> CartOutcome:
    """Attach `name` to a product item; with `order`, also register or transfer it.

    The name is attached first: that call also proves the item is still in the cart, so a
    stale link never leaves a lone domain registration behind. A transfer of a free name
    raises `TransferRefused` before anything changes.
    """
    check_transfer(visitor, order)
    with one_time(visitor, once_token) as guard:
        if guard.repeated is not None:
            return guard.repeated
        try:
            cart = change_existing(
                visitor, lambda cart, cart_id: cart.set_domain(cart_id, item_id, name.ascii)
            )
        except NotFound as gone:
            raise ItemNotInCart(item_id) from gone
        except InvalidInput as refused:
            if "item" in refused.message.lower():  # WHMCS's "Invalid Item Id"
                raise ItemNotInCart(item_id) from refused
            raise  # WHMCS refused the domain itself: the view says why, next to the field
        if cart.contents is None:
            raise ItemNotInCart(item_id)
        if order is not None:
            item = order.cart_item()
            cart = change_existing(visitor, lambda cart, cart_id: cart.add_items(cart_id, [item]))
        guard.done()
        return cart


def describe(order: DomainOrder | None, name: DomainName) -> str:
    """What the customer is told after a change."""
    if order is None:
        return f"{name} will be used for your product."
    if order.kind == "transfer":
        return f"Transfer of {name} added to your cart."
    return f"{name} added to your cart."

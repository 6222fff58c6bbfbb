"""What the cart page changes: one upstream call per change (`storefront.visitor.cart`)."""

from __future__ import annotations

from storefront.visitor.cart import CartState, change_cart, change_existing, load_cart
from storefront.visitor.visitor import Visitor
from whmcs_gateway.rest import ProductItemChange

ITEM_GONE = "That item is no longer in your cart."


def current_cart(visitor: Visitor) -> CartState:
    """The cart with the per-item errors of the last refused checkout, if any."""
    state = load_cart(visitor)
    state.errors_by_item = visitor.cart_errors
    return state


def remove_item(visitor: Visitor, item_id: str) -> CartState:
    """Remove one item; WHMCS's refusal (the item is gone already) raises `InvalidInput`."""
    return change_existing(visitor, lambda cart, cart_id: cart.remove_item(cart_id, item_id))


def change_item(visitor: Visitor, item_id: str, change: ProductItemChange) -> CartState:
    """A product item's cycle and quantity; WHMCS's refusal raises `InvalidInput`."""
    return change_existing(
        visitor, lambda cart, cart_id: cart.update_item(cart_id, item_id, change)
    )


def empty(visitor: Visitor) -> CartState:
    return change_existing(visitor, lambda cart, cart_id: cart.empty(cart_id))


def apply_promotion(visitor: Visitor, code: str) -> CartState:
    """Apply a promo code (a second code replaces the first); WHMCS's refusal raises."""
    return change_cart(visitor, lambda cart, cart_id: cart.apply_promotion(cart_id, code))


def remove_promotion(visitor: Visitor) -> CartState:
    return change_existing(visitor, lambda cart, cart_id: cart.remove_promotion(cart_id))


def set_location(visitor: Visitor, country: str, state: str | None) -> CartState:
    """Where a guest is, for the tax estimate; WHMCS's refusal raises."""
    return change_cart(visitor, lambda cart, cart_id: cart.set_geolocation(cart_id, country, state))

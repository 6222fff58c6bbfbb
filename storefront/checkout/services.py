"""Checkout: validate the cart with WHMCS, then hand the browser to WHMCS's checkout page.

Card data never touches the shop: WHMCS answers `POST /cart/{id}/checkout` with a URL and
the browser is sent there.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from storefront.visitor.cart import CartOutcome, errors_by_item, load_cart
from storefront.visitor.visitor import Visitor
from whmcs_gateway import conf
from whmcs_gateway.errors import CheckoutRejected, NotFound, SchemaMismatch

logger = logging.getLogger("storefront.checkout")


@dataclass
class CheckoutStart:
    """Where to send the browser, or why the cart is not ready yet."""

    url: str | None = None
    errors_by_item: dict[str, list[str]] = field(default_factory=dict)
    problem: str = ""


def cart_to_order(visitor: Visitor) -> CartOutcome:
    """What is about to be ordered, as WHMCS prices it now (one read of the cart)."""
    return load_cart(visitor)


def begin_checkout(visitor: Visitor) -> CheckoutStart:
    if not visitor.has_id:
        return CheckoutStart(problem="Your cart is empty.")
    whmcs = visitor.whmcs
    cart_id = whmcs.cart_id
    if not cart_id:
        return CheckoutStart(problem="Your cart is empty.")
    try:
        # One call: WHMCS validates as it begins checkout, and answers a cart that is not
        # ready with the same per-item errors `POST /cart/{id}/validate` would give.
        url = whmcs.rest.cart.checkout(cart_id)
    except CheckoutRejected as rejected:
        return CheckoutStart(errors_by_item=errors_by_item_of(rejected))
    except NotFound:
        whmcs.cart_id = None
        return CheckoutStart(problem="Your cart had expired. Please add your items again.")
    safe = conf.browser_url(url)
    if safe is None:
        logger.error("WHMCS returned a checkout URL outside WHMCS; refusing to redirect")
        return CheckoutStart(
            problem="The billing system sent an unexpected checkout address. Please try again."
        )
    return CheckoutStart(url=safe)


def errors_by_item_of(rejected: CheckoutRejected) -> dict[str, list[str]]:
    from whmcs_gateway.models import CartItemValidationError, parse

    try:
        errors = parse(list[CartItemValidationError], rejected.validation_errors)
    except SchemaMismatch:  # an unreadable list still must not hide that checkout failed
        return {"": [rejected.message]}
    return errors_by_item(errors) or {"": [rejected.message]}

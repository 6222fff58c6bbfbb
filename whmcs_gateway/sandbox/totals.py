"""A cart's totals: subtotal, promotion discount, taxes, total and recurring per cycle.

Invariant (both tax modes): total == subtotal - discount + sum(taxes). With inclusive tax the
reported subtotal is therefore the net amount, as WHMCS shows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from .catalog import RECURRING_CYCLES
from .pricing import ZERO, Charge, PriceUnavailable, item_charges
from .promotions import Promotion, find_promotion, first_payment_discount, recurring_discount
from .tax import TaxLine, tax_settings, taxes_on

if TYPE_CHECKING:
    from .carts import Cart, CartItem
    from .world import World


@dataclass
class CartTotals:
    subtotal: Decimal
    discount: Decimal
    taxes: list[TaxLine]
    total: Decimal
    recurring: dict[str, Decimal] = field(default_factory=dict)
    location: tuple[str, str] | None = None


def tax_location(world: World, cart: Cart) -> tuple[str, str] | None:
    """A client's billing address wins over a guest's geolocation; exempt clients pay none."""
    client = world.accounts.clients.get(cart.client_id) if cart.client_id else None
    if client is not None:
        return None if client.tax_exempt else (client.country, client.state)
    return cart.geolocation


def charges_of(world: World, cart: Cart, item: CartItem) -> list[Charge]:
    try:
        return item_charges(world.catalog, world.accounts, item, cart.currency_code)
    except (PriceUnavailable, KeyError):
        # No price in this currency (e.g. a cart that changed currency): validation reports it.
        return []


def cart_charges(world: World, cart: Cart) -> list[Charge]:
    return [charge for item in cart.items for charge in charges_of(world, cart, item)]


def active_promotion(world: World, cart: Cart) -> Promotion | None:
    return find_promotion(world, cart.promotion_code) if cart.promotion_code else None


def compute_totals(world: World, cart: Cart) -> CartTotals:
    charges = cart_charges(world, cart)
    promotion = active_promotion(world, cart)
    code = cart.currency_code
    gross = sum((charge.first_payment for charge in charges), ZERO)
    discount = ZERO
    recurring: dict[str, Decimal] = {}
    for charge in charges:
        if charge.cycle in RECURRING_CYCLES and charge.recurring:
            less = recurring_discount(promotion, charge, code) if promotion else ZERO
            recurring[charge.cycle] = recurring.get(charge.cycle, ZERO) + charge.recurring - less
        if promotion is not None:
            discount += first_payment_discount(promotion, charge, code)
    discount = min(discount, gross)
    settings = tax_settings(world.catalog.tax)
    location = tax_location(world, cart)
    taxes = taxes_on(settings, location, gross - discount)
    tax_sum = sum((line.amount for line in taxes), ZERO)
    if settings.inclusive:
        total = gross - discount
        subtotal = gross - tax_sum
    else:
        total = gross - discount + tax_sum
        subtotal = gross
    for cycle, value in recurring.items():
        if not settings.inclusive:
            value += sum((line.amount for line in taxes_on(settings, location, value)), ZERO)
        recurring[cycle] = value
    ordered = {c: recurring[c] for c in RECURRING_CYCLES if c in recurring}
    return CartTotals(subtotal, discount, taxes, total, ordered, location)

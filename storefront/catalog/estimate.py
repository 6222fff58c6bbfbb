"""The configure page's first summary, from the cached catalog: no call to WHMCS.

WHMCS prices a configuration as the sum of its parts: the product's price for the cycle (and
its setup fee), each chosen option's price for the cycle, each addon's, all times the quantity.
Those prices are WHMCS's own, from the product's pricing, options and addons in the cached
catalog, so the first view can show them without asking. As soon as the customer changes
something the summary comes from WHMCS itself (`preview`), with tax and promotions.
"""

from __future__ import annotations

from decimal import Decimal

from whmcs_gateway.models import Amount, Pricing
from whmcs_gateway.rest import ProductItem

from .configure import ProductOffer
from .summary import ZERO, Money, OrderSummary, PricedPart, SummaryLine, _cycle_words, money

RECURRING = {"monthly", "quarterly", "semiannually", "annually", "biennially", "triennially"}


def _price(pricing: Pricing, cycle: str) -> tuple[Amount | None, Amount | None]:
    """(amount, setup) WHMCS charges for `cycle`, or its one-time price."""
    if pricing.is_free:
        return None, None
    for price in pricing.recurring:
        if price.cycle == cycle:
            return price.amount, price.setup
    if pricing.onetime is not None:
        return pricing.onetime.amount, pricing.onetime.setup
    return None, None


def estimate(offer: ProductOffer, item: ProductItem) -> OrderSummary | None:
    """The configuration priced from the catalog; None when it cannot be (then ask WHMCS)."""
    cycle = item.billing_cycle or ""
    quantity = item.quantity or 1
    amount, setup = _price(offer.product.pricing, cycle)
    if amount is None and not offer.product.pricing.is_free:
        return None
    model = amount or _any_amount(offer)
    if model is None:
        return None
    parts: list[PricedPart] = []
    first = recurring = ZERO

    def add(label: str, price: Amount | None, setup_fee: Amount | None, units: int) -> None:
        nonlocal first, recurring
        value = (price.value if price else ZERO) * units
        parts.append(PricedPart(label, _shown(model, price, value)))
        first += value
        if cycle in RECURRING:
            recurring += value
        if setup_fee is not None and setup_fee.value:
            fee = setup_fee.value * units
            label_fee = "Setup fee" if len(parts) == 1 else f"Setup fee: {label}"
            parts.append(PricedPart(label_fee, _shown(model, setup_fee, fee)))
            first += fee

    times = f" × {quantity}" if quantity > 1 else ""
    add(f"{offer.product.name}{times}", amount, setup, quantity)
    chosen = {option.id: option.value for option in item.config_options}
    for option in sorted(offer.config_options, key=lambda o: (o.sort_order or 0, o.id)):
        value = chosen.get(option.id)
        choices = option.options or []
        if not choices:
            continue
        if option.type in {"dropdown", "radio"}:
            choice = next((c for c in choices if str(c.value) == str(value)), choices[0])
            label, units = f"{option.name}: {choice.name}", quantity
        elif option.type == "yesno":
            choice = choices[0]
            label, units = f"{option.name}: {'Yes' if value else 'No'}", quantity if value else 0
        else:
            choice = choices[0]
            count = value if isinstance(value, int) and not isinstance(value, bool) else 0
            label, units = f"{option.name}: {count} × {choice.name}", count * quantity
        option_amount, option_setup = _price(choice.pricing, cycle)
        add(label, option_amount, option_setup, units)
    wanted = {addon.id for addon in item.addons}
    for addon in offer.addons:
        if addon.id in wanted:
            addon_amount, addon_setup = _price(addon.pricing, cycle)
            add(f"{addon.name}{times}", addon_amount, addon_setup, quantity)
    total = money(model, first)
    detail = _cycle_words(cycle).capitalize() + (f", quantity {quantity}" if times else "")
    line = SummaryLine(None, offer.product.name or "Product", detail, tuple(parts), total)
    return OrderSummary(
        lines=(line,),
        subtotal=total,  # type: ignore[arg-type]
        discounts=(),
        taxes=(),
        total=total,  # type: ignore[arg-type]
        recurring=((money(model, recurring), _cycle_words(cycle)),) if recurring else (),  # type: ignore[arg-type]
        promotions=(),
        adds_up=True,
        item_count=1,
    )


def _shown(model: Amount, price: Amount | None, value: Decimal) -> Money:
    if price is not None and price.value == value:
        return Money(value, price.display_value)
    return money(model, value)


def _any_amount(offer: ProductOffer) -> Amount | None:
    pricing = offer.product.pricing
    if pricing.recurring:
        return pricing.recurring[0].amount
    return pricing.onetime.amount if pricing.onetime else None

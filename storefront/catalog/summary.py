"""An order summary that adds up, built from WHMCS's own amounts (CartContents).

Every amount shown comes from WHMCS. The only sums made here are a cart line's total (its
product, setup fee, options and addons, each already priced by WHMCS for the line's quantity)
and the check that those line totals add up to WHMCS's subtotal, and that subtotal − discount
+ taxes is WHMCS's total. All in Decimal. When WHMCS's numbers do not add up the summary still
shows WHMCS's totals (they are what is billed) and the mismatch is logged.

Used by the configure page, the cart and the checkout choice, so a customer reads the same
figures everywhere.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from whmcs_gateway.models import (
    CYCLE_LABELS,
    Amount,
    CartContents,
    CartItemBilling,
    CartItemTypeBundle,
    CartItemTypeDomainRegister,
    CartItemTypeDomainRenewal,
    CartItemTypeProduct,
    CartItemTypeServiceAddon,
    CartItemTypeServiceRenewal,
    Promotion,
    TldPricing,
)

logger = logging.getLogger("storefront.summary")

ZERO = Decimal("0")
CENT = Decimal("0.01")
ONE_OFF_CYCLES = {None, "", "free", "onetime"}


# -- money, formatted as WHMCS formats the same currency ---------------------------------------


def format_like(model: Amount, value: Decimal) -> str:
    """`value` written the way WHMCS wrote `model` (same prefix, suffix and number format)."""
    number = model.display_value
    if model.prefix and number.startswith(model.prefix):
        number = number[len(model.prefix) :]
    if model.suffix and number.endswith(model.suffix):
        number = number[: -len(model.suffix)]
    rounded = value.quantize(CENT, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    rounded = abs(rounded)
    if re.search(r",\d{2}$", number):  # 1.234,56
        text = f"{rounded:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    elif re.fullmatch(r"[\d,]+", number):  # 1,234 (no decimals)
        text = f"{rounded.quantize(Decimal(1), rounding=ROUND_HALF_UP):,}"
    elif "," not in number and model.value >= 1000:  # 1234.56
        text = f"{rounded:.2f}"
    else:  # 1,234.56
        text = f"{rounded:,.2f}"
    return f"{sign}{model.prefix}{text}{model.suffix}"


@dataclass(frozen=True)
class Money:
    """A sum of WHMCS amounts, shown in WHMCS's format for that currency."""

    value: Decimal
    display_value: str

    def __str__(self) -> str:
        return self.display_value


def money(model: Amount, value: Decimal) -> Money:
    if value == model.value:
        return Money(value, model.display_value)
    return Money(value, format_like(model, value))


# -- what a customer reads ----------------------------------------------------------------------


@dataclass(frozen=True)
class PricedPart:
    """One priced thing of a cart line: the plan, its setup fee, an option, an addon."""

    label: str
    price: Amount | None
    note: str = ""  # e.g. "annually", "one time"


@dataclass(frozen=True)
class SummaryLine:
    item_id: str | None
    title: str
    detail: str  # cycle and quantity, the domain it is for
    parts: tuple[PricedPart, ...]
    total: Money | None
    renewal: str = ""  # "Renews at $X annually" where it differs from the first payment
    kind: str = ""  # what the summary says the line is ("Domain registration"), beside its name
    name: str = ""  # the product's or domain's name

    @property
    def short(self) -> str:
        """How the order summary names the line (the cart line itself shows `title`)."""
        return self.name or self.title


@dataclass(frozen=True)
class OrderSummary:
    lines: tuple[SummaryLine, ...]
    subtotal: Amount | None
    discounts: tuple[Amount, ...]
    taxes: tuple[tuple[str, Amount], ...]  # ("VAT (19%)", amount)
    total: Amount | None
    recurring: tuple[tuple[Amount, str], ...]  # (amount, "annually")
    promotions: tuple[str, ...]  # what each applied promo does, in words
    adds_up: bool
    item_count: int = 0
    promotion_codes: tuple[str, ...] = ()


RenewalPrice = Callable[[str, int], Amount | None]


def _cycle_words(cycle: str | None) -> str:
    if cycle in (None, "", "onetime"):
        return "one time"
    if cycle == "free":
        return "free"
    return CYCLE_LABELS.get(cycle, cycle.title()).lower()


def _prices(billing: CartItemBilling | None) -> tuple[Amount | None, Amount | None]:
    """(setup, amount) of a WHMCS billing block, whichever kind it is."""
    price = billing.price if billing else None
    block = (price.recurring or price.onetime) if price else None
    if block is None:
        return None, None
    return block.setup, block.amount


def _value(amount: Amount | None) -> Decimal:
    return amount.value if amount is not None else ZERO


def _is_recurring(billing: CartItemBilling | None) -> bool:
    return bool(billing and billing.price and billing.price.recurring and billing.cycle)


def _chosen(option) -> str:
    chosen = option.option
    value = chosen.value if chosen else None
    name = (chosen.name if chosen else "") or ""
    if option.type == "yesno":
        return "Yes" if value else "No"
    if option.type == "quantity":
        return f"{value} × {name}" if name else str(value)
    return name or ("" if value is None else str(value))


class _Line:
    """Collects a line's parts and adds up WHMCS's amounts for it."""

    def __init__(self) -> None:
        self.parts: list[PricedPart] = []
        self.first = ZERO
        self.recurring = ZERO
        self.model: Amount | None = None
        self.cycle: str | None = None
        self.first_cycle: str | None = None
        self.mixed = False  # parts renewing on different cycles: no one renewal figure

    def add(self, label: str, billing: CartItemBilling | None, *, with_setup: bool = True) -> None:
        setup, amount = _prices(billing)
        if amount is None:
            self.parts.append(PricedPart(label, None))
            return
        self.model = self.model or amount
        cycle = billing.cycle if billing else None
        self.first_cycle = self.first_cycle if self.parts else cycle
        # Only a part billed on another cycle than the line (an addon's own cycle) says so.
        note = _cycle_words(cycle) if self.parts and cycle != self.first_cycle else ""
        self.parts.append(PricedPart(label, amount, note))
        self.first += amount.value
        if _is_recurring(billing):
            self.recurring += amount.value
            self.mixed = self.mixed or (self.cycle is not None and cycle != self.cycle)
            self.cycle = self.cycle or cycle
        if with_setup and setup is not None and setup.value:
            first = len(self.parts) == 1
            self.parts.append(PricedPart("Setup fee" if first else f"Setup fee: {label}", setup))
            self.first += setup.value

    def total(self) -> Money | None:
        return money(self.model, self.first) if self.model is not None else None

    def renewal(self) -> str:
        if self.model is None or not self.recurring or self.recurring == self.first or self.mixed:
            return ""
        return f"Renews at {format_like(self.model, self.recurring)} {_cycle_words(self.cycle)}"


def _product_line(item: CartItemTypeProduct) -> SummaryLine:
    line = _Line()
    cycle = item.billing.cycle if item.billing else None
    quantity = f" × {item.quantity}" if item.quantity > 1 else ""
    line.add(f"{item.product.name}{quantity}", item.billing)
    for option in item.config_options:
        line.add(f"{option.name}: {_chosen(option)}", option.billing)
    for addon in item.addons:
        units = addon.quantity * item.quantity
        line.add(f"{addon.addon.name}{f' × {units}' if units > 1 else ''}", addon.billing)
    detail = _cycle_words(cycle).capitalize() + (f", quantity {item.quantity}" if quantity else "")
    if item.domain:
        detail += f", for {item.domain}"
    return SummaryLine(
        item.item_id,
        item.product.name or "Product",
        detail,
        tuple(line.parts),
        line.total(),
        line.renewal(),
    )


def _domain_line(item, renewal_price: RenewalPrice | None) -> SummaryLine:
    line = _Line()
    kinds = {
        "domain_register": "Domain registration",
        "domain_transfer": "Domain transfer",
        "domain_renewal": "Domain renewal",
    }
    years = f"{item.period} year{'s' if item.period != 1 else ''}"
    line.add(f"{item.name}, {years}", item.billing)
    renewal = ""
    if item.type != "domain_renewal" and renewal_price is not None:
        renew = renewal_price(item.name, item.period)
        total = line.total()
        if renew is not None and total is not None and renew.value != total.value:
            every = "every year" if item.period == 1 else f"every {years}"
            renewal = f"Renews at {renew.display_value} {every}"
    kind = kinds.get(item.type, "Domain")
    return SummaryLine(
        item.item_id,
        f"{kind}: {item.name}",
        years,
        tuple(line.parts),
        line.total(),
        renewal,
        kind=kind,
        name=item.name,
    )


def _simple_line(
    item_id: str | None, title: str, billing: CartItemBilling | None, detail: str = ""
) -> SummaryLine:
    line = _Line()
    line.add(title, billing)
    return SummaryLine(item_id, title, detail, tuple(line.parts), line.total(), line.renewal())


def _bundle_line(item: CartItemTypeBundle, renewal_price: RenewalPrice | None) -> SummaryLine:
    parts: list[PricedPart] = []
    first = ZERO
    model: Amount | None = None
    for child in item.items:
        child_line = summary_line(child, renewal_price)
        parts.extend(child_line.parts)
        if child_line.total is not None:
            first += child_line.total.value
        model = model or next((p.price for p in child_line.parts if p.price), None)
    total = money(model, first) if model is not None else None
    return SummaryLine(item.item_id, "Bundle", "", tuple(parts), total)


def summary_line(item: object, renewal_price: RenewalPrice | None = None) -> SummaryLine:
    """One cart item as a customer reads it: what makes it up, each priced, and its total."""
    if isinstance(item, CartItemTypeProduct):
        return _product_line(item)
    if isinstance(item, CartItemTypeDomainRegister | CartItemTypeDomainRenewal):
        return _domain_line(item, renewal_price)
    if isinstance(item, CartItemTypeServiceRenewal):
        return _simple_line(item.item_id, f"Renewal: {item.name}", item.billing, item.domain or "")
    if isinstance(item, CartItemTypeServiceAddon):
        return _simple_line(item.item_id, item.addon.name or "Addon", item.billing)
    if isinstance(item, CartItemTypeBundle):
        return _bundle_line(item, renewal_price)
    # A kind the shop does not know: shown by name, priced if WHMCS priced it.
    billing = getattr(item, "billing", None)
    title = getattr(item, "name", None) or "Item"
    return _simple_line(getattr(item, "item_id", None), title, billing)


def promotion_words(promotion: Promotion) -> str:
    code = promotion.code or "Promo"
    if promotion.is_recurring:
        times = promotion.number_of_recurring or 0
        if times:
            renewals = f"{times} renewal{'s' if times != 1 else ''}"
            return f"{code}: applies to the first payment and the next {renewals}."
        return f"{code}: applies to the first payment and every renewal."
    return f"{code}: applies to the first payment only; renewals are at the full price."


def tld_renewal_prices(tld_pricing: Sequence[TldPricing]) -> RenewalPrice:
    """A domain's renewal price for a term, from WHMCS's TLD pricing (the cached catalog)."""
    by_tld = {pricing.tld.lstrip(".").lower(): pricing for pricing in tld_pricing}

    def renewal(domain: str, period: int) -> Amount | None:
        labels = domain.lower().split(".")
        for start in range(1, len(labels)):  # co.uk before uk
            pricing = by_tld.get(".".join(labels[start:]))
            if pricing is not None:
                term = next((p for p in pricing.pricing if p.period == period), None)
                return term.renew if term else None
        return None

    return renewal


def order_summary(
    contents: CartContents | None, renewal_price: RenewalPrice | None = None
) -> OrderSummary | None:
    """The whole cart as a customer reads it; None when there is no cart to sum up."""
    if contents is None:
        return None
    lines = tuple(summary_line(item, renewal_price) for item in contents.items)
    if len(lines) == 1:  # the totals' "then renews at" says it already
        lines = (replace(lines[0], renewal=""),)
    totals = contents.totals
    taxes = tuple(
        (f"{tax.name} ({tax.percentage.normalize():f}%)", tax.amount) for tax in totals.taxes
    )
    discounts = tuple(discount.amount for discount in totals.discounts)
    adds_up = _adds_up(lines, contents)
    return OrderSummary(
        lines=lines,
        subtotal=totals.subtotal,
        discounts=discounts,
        taxes=taxes,
        total=totals.total,
        recurring=tuple((line.amount, _cycle_words(line.cycle)) for line in totals.recurring),
        promotions=tuple(promotion_words(p) for p in contents.promotions if p is not None),
        adds_up=adds_up,
        item_count=len(contents.items),
        promotion_codes=tuple(p.code for p in contents.promotions if p is not None and p.code),
    )


def _adds_up(lines: Sequence[SummaryLine], contents: CartContents) -> bool:
    totals = contents.totals
    if totals.subtotal is None or totals.total is None:
        return True
    lines_sum = sum((line.total.value for line in lines if line.total is not None), ZERO)
    tax_sum = sum((tax.amount.value for tax in totals.taxes), ZERO)
    discount_sum = sum((d.amount.value for d in totals.discounts), ZERO)
    subtotal, total = totals.subtotal.value, totals.total.value
    # Exclusive tax: the lines make the subtotal. Inclusive tax: WHMCS reports the subtotal
    # net of the tax the lines' prices include.
    lines_ok = lines_sum in (subtotal, subtotal + tax_sum)
    total_ok = subtotal - discount_sum + tax_sum == total or (
        lines_sum == subtotal + tax_sum and lines_sum - discount_sum == total
    )
    if not (lines_ok and total_ok):
        logger.warning(
            "WHMCS's cart amounts do not add up: lines %s, subtotal %s, discount %s, "
            "taxes %s, total %s",
            lines_sum,
            subtotal,
            discount_sum,
            tax_sum,
            total,
        )
    return lines_ok and total_ok

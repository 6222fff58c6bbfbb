"""How a product's WHMCS prices are summarised on a product card.

Only WHMCS's own Amounts are ever shown; the one figure computed here is a percentage (how
much a longer cycle saves against paying monthly), done in Decimal.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from whmcs_gateway.models import CYCLE_LABELS, Amount, CycleRecurringPrice, Pricing

CYCLE_MONTHS = {
    "monthly": 1,
    "quarterly": 3,
    "semiannually": 6,
    "annually": 12,
    "biennially": 24,
    "triennially": 36,
}
CYCLE_SHORT = {
    "monthly": "/mo",
    "quarterly": "/quarter",
    "semiannually": "/6 mo",
    "annually": "/yr",
    "biennially": "/2 yrs",
    "triennially": "/3 yrs",
    "onetime": "one time",
    "free": "",
}


@dataclass(frozen=True)
class CycleOffer:
    cycle: str
    price: Amount
    setup: Amount | None
    saving_percent: int | None  # against paying monthly for as long; None when no saving

    @property
    def label(self) -> str:
        return CYCLE_LABELS.get(self.cycle, self.cycle.title())

    @property
    def per(self) -> str:
        return CYCLE_SHORT.get(self.cycle, "")


@dataclass(frozen=True)
class PriceSummary:
    """What a product card shows: the lowest price, its cycle, the setup fee, the savings."""

    is_free: bool
    starting: CycleOffer | None
    offers: tuple[CycleOffer, ...]

    @property
    def best_saving(self) -> CycleOffer | None:
        savings = [offer for offer in self.offers if offer.saving_percent]
        return max(savings, key=lambda offer: offer.saving_percent or 0) if savings else None


def _cycle_name(price: CycleRecurringPrice) -> str:
    return price.cycle or ""


def saving_percent(monthly: Decimal | None, cycle: str, price: Decimal) -> int | None:
    """Whole percent saved by paying `price` per `cycle` instead of `monthly` each month."""
    months = CYCLE_MONTHS.get(cycle)
    if not monthly or not months or months == 1:
        return None
    paying_monthly = monthly * months
    if price >= paying_monthly:
        return None
    saved = (paying_monthly - price) / paying_monthly * 100
    percent = int(saved.to_integral_value(rounding=ROUND_FLOOR))
    return percent or None


def _nonzero(amount: Amount | None) -> Amount | None:
    return amount if amount is not None and amount.value > 0 else None


def summarise(pricing: Pricing) -> PriceSummary:
    if pricing.is_free:
        return PriceSummary(is_free=True, starting=None, offers=())
    recurring = [price for price in pricing.recurring if _cycle_name(price) in CYCLE_MONTHS]
    monthly = next((p.amount.value for p in recurring if _cycle_name(p) == "monthly"), None)
    offers = tuple(
        CycleOffer(
            cycle=_cycle_name(price),
            price=price.amount,
            setup=_nonzero(price.setup),
            saving_percent=saving_percent(monthly, _cycle_name(price), price.amount.value),
        )
        for price in sorted(recurring, key=lambda p: CYCLE_MONTHS[_cycle_name(p)])
    )
    if pricing.onetime is not None:
        offers += (
            CycleOffer(
                cycle="onetime",
                price=pricing.onetime.amount,
                setup=_nonzero(pricing.onetime.setup),
                saving_percent=None,
            ),
        )
    starting = min(offers, key=lambda offer: offer.price.value) if offers else None
    return PriceSummary(is_free=False, starting=starting, offers=offers)

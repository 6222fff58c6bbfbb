"""Promotion codes: the model read from ``catalog.promotions``, the checks that refuse a code
and the discount a code gives on priced charges.

Data file shape (one ``[[promotions]]`` table each; every key but code/type/value optional)::

    code = "SAVE10"
    type = "percentage"          # or "fixed", "override", "free_setup" (or WHMCS's names)
    value = 10                   # a percentage, or a table per currency {USD = 5, EUR = 4.5}
    recurring = false            recurring_count = 0      # 0: every renewal
    products = [1, 2]            tlds = ["com"]           # empty products = every product
    cycles = ["annually"]        # empty = every cycle
    expires = 2030-01-01         # or expires_in_days = -1 (relative to today, negative = past)
    max_uses = 0                 uses = 0                 once_per_client = false
    new_signups_only = false     # refused to a client that already has services or orders
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .money import round_money
from .pricing import ZERO, Charge

if TYPE_CHECKING:
    from .accounts import Accounts
    from .world import World

TYPES = ("Percentage", "Fixed Amount", "Price Override", "Free Setup")
# The data file may use short names; the API shows WHMCS's own.
_TYPE_NAMES = {
    "percentage": "Percentage",
    "fixed": "Fixed Amount",
    "override": "Price Override",
    "free_setup": "Free Setup",
    **{name.lower(): name for name in TYPES},
}
# Fixed amounts and overrides replace a price, so they apply to the product or domain itself,
# not to the options and addons priced around it.
_BASE_KINDS = {"product", "domain"}


@dataclass(frozen=True)
class Promotion:
    id: int
    code: str
    type: str
    value: Decimal
    value_by_currency: dict[str, Decimal] = field(default_factory=dict)
    recurring: bool = False
    recurring_count: int = 0
    products: tuple[int, ...] = ()
    tlds: tuple[str, ...] = ()
    cycles: tuple[str, ...] = ()
    expires: date | None = None
    max_uses: int = 0
    uses: int = 0
    once_per_client: bool = False
    new_signups_only: bool = False

    def value_in(self, currency_code: str) -> Decimal:
        return self.value_by_currency.get(currency_code, self.value)

    def as_api(self, currency_code: str | None = None) -> dict[str, Any]:
        # The contract types value as a JSON number; it is presentation only, never summed.
        value = self.value_in(currency_code) if currency_code else self.value
        return {
            "code": self.code,
            "type": self.type,
            "value": float(value),
            "is_recurring": self.recurring,
            "number_of_recurring": self.recurring_count or None,
        }


class PromotionRefused(ValueError):
    """Why WHMCS would refuse the code; the message is shown to the customer."""


def parse_promotion(raw: dict[str, Any], index: int, today: date) -> Promotion:
    value = raw.get("value", 0)
    by_currency = (
        {code.upper(): Decimal(amount) for code, amount in value.items()}
        if isinstance(value, dict)
        else {}
    )
    expires = raw.get("expires")
    if "expires_in_days" in raw:
        expires = today + timedelta(days=int(raw["expires_in_days"]))
    return Promotion(
        id=int(raw.get("id", index)),
        code=str(raw["code"]),
        type=_TYPE_NAMES.get(str(raw.get("type", "percentage")).lower(), "Percentage"),
        value=Decimal(0) if by_currency else Decimal(value),
        value_by_currency=by_currency,
        recurring=bool(raw.get("recurring", False)),
        recurring_count=int(raw.get("recurring_count", 0)),
        products=tuple(raw.get("products", ())),
        tlds=tuple(t.lower().lstrip(".") for t in raw.get("tlds", ())),
        cycles=tuple(raw.get("cycles", ())),
        expires=expires if isinstance(expires, date) else None,
        max_uses=int(raw.get("max_uses", 0)),
        uses=int(raw.get("uses", 0)),
        once_per_client=bool(raw.get("once_per_client", False)),
        new_signups_only=bool(raw.get("new_signups_only", False)),
    )


def all_promotions(world: World) -> list[Promotion]:
    today = world.today()
    return [
        parse_promotion(raw, index, today)
        for index, raw in enumerate(world.catalog.promotions, start=1)
    ]


def find_promotion(world: World, code: str) -> Promotion | None:
    wanted = code.strip().lower()
    return next((p for p in all_promotions(world) if p.code.lower() == wanted), None)


# -- use counting (kept in World.extra so a world reset clears it) ------------------------


def _usage(world: World) -> dict[str, Any]:
    return world.extra.setdefault("promotion_usage", {"uses": {}, "clients": {}})


def times_used(world: World, promotion: Promotion) -> int:
    return promotion.uses + _usage(world)["uses"].get(promotion.code.lower(), 0)


def record_use(world: World, promotion: Promotion, client_id: int) -> None:
    usage = _usage(world)
    key = promotion.code.lower()
    usage["uses"][key] = usage["uses"].get(key, 0) + 1
    usage["clients"].setdefault(key, set()).add(client_id)


def client_has_used(world: World, accounts: Accounts, promotion: Promotion, client_id: int) -> bool:
    if client_id in _usage(world)["clients"].get(promotion.code.lower(), set()):
        return True
    return any(
        (service.promotion_code or "").lower() == promotion.code.lower()
        for service in accounts.services_of(client_id)
    )


# -- eligibility and discounts ------------------------------------------------------------


def applies_to(promotion: Promotion, charge: Charge) -> bool:
    if promotion.cycles and charge.cycle not in promotion.cycles:
        return False
    if charge.tld is not None:
        return charge.tld in promotion.tlds
    if charge.product_id is None:
        return False  # renewals and service addons are not discounted
    return not promotion.products or charge.product_id in promotion.products


NEW_SIGNUPS_ONLY = "This promotion code is only valid for new signups"


def is_existing_client(world: World, client_id: int) -> bool:
    """WHMCS counts the client's previous orders; services from elsewhere count here too."""
    if world.accounts.services_of(client_id):
        return True
    return any(order.client_id == client_id for order in world.orders)


def client_refusal(world: World, promotion: Promotion, client_id: int | None) -> str | None:
    """The reason a code is refused to this client (None for guests and allowed clients)."""
    if client_id is None:
        return None
    if promotion.new_signups_only and is_existing_client(world, client_id):
        return NEW_SIGNUPS_ONLY
    if promotion.once_per_client and client_has_used(world, world.accounts, promotion, client_id):
        return "This promotion code can only be used once per client"
    return None


def check_usable(
    world: World, promotion: Promotion, charges: list[Charge], client_id: int | None
) -> None:
    """Raise PromotionRefused with WHMCS's reason, or return when the code can be used."""
    if promotion.expires is not None and promotion.expires < world.today():
        raise PromotionRefused("The promotion code you entered has expired")
    if promotion.max_uses and times_used(world, promotion) >= promotion.max_uses:
        raise PromotionRefused(
            "The promotion code you entered has reached its maximum number of uses"
        )
    refusal = client_refusal(world, promotion, client_id)
    if refusal is not None:
        raise PromotionRefused(refusal)
    if charges and not any(applies_to(promotion, charge) for charge in charges):
        raise PromotionRefused(
            "The promotion code you entered does not apply to any items in your cart"
        )


def _discount_of(
    promotion: Promotion, charge: Charge, money: Decimal, currency_code: str
) -> Decimal:
    """The discount on ``money`` (a first-period amount or a recurring amount) of one charge."""
    value = promotion.value_in(currency_code)
    if promotion.type == "Percentage":
        return money * value / Decimal(100)
    if charge.kind not in _BASE_KINDS:
        return ZERO
    if promotion.type == "Fixed Amount":
        return min(value * charge.quantity, money)
    if promotion.type == "Price Override":
        return max(money - value * charge.quantity, ZERO)
    return ZERO


def first_payment_discount(promotion: Promotion, charge: Charge, currency_code: str) -> Decimal:
    if not applies_to(promotion, charge):
        return ZERO
    if promotion.type == "Free Setup":
        return charge.setup
    if promotion.type == "Percentage":
        return round_money(_discount_of(promotion, charge, charge.first_payment, currency_code))
    return round_money(_discount_of(promotion, charge, charge.amount, currency_code))


def recurring_discount(promotion: Promotion, charge: Charge, currency_code: str) -> Decimal:
    if not promotion.recurring or promotion.type == "Free Setup":
        return ZERO
    if not applies_to(promotion, charge) or not charge.recurring:
        return ZERO
    return round_money(_discount_of(promotion, charge, charge.recurring, currency_code))

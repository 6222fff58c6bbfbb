"""Money: decimal.Decimal only, rendered as WHMCS Amount objects by one helper."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Currency:
    id: int
    code: str
    prefix: str
    suffix: str
    # WHMCS format codes: 1 = 1234.56, 2 = 1,234.56, 3 = 1.234,56, 4 = 1,234
    format: int = 2
    default: bool = False

    def as_api(self) -> dict[str, object]:
        return {
            "code": self.code,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "default": self.default,
        }


def to_decimal(value: Decimal | int | str) -> Decimal:
    if isinstance(value, float):  # pragma: no cover - a programming error, never data
        raise TypeError("money must never be a float")
    return Decimal(value)


def round_money(value: Decimal | int | str) -> Decimal:
    return to_decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def format_number(value: Decimal, number_format: int) -> str:
    rounded = round_money(value)
    grouped = f"{rounded:,.2f}"  # 1,234.56
    if number_format == 1:
        return f"{rounded:.2f}"
    if number_format == 3:
        return grouped.replace(",", "_").replace(".", ",").replace("_", ".")
    if number_format == 4:
        return f"{rounded.quantize(Decimal(1), rounding=ROUND_HALF_UP):,}"
    return grouped


def amount(value: Decimal | int | str, currency: Currency) -> dict[str, str]:
    """The Amount object: {"value": "19.99", "code", "display_value", "prefix", "suffix"}."""
    rounded = round_money(value)
    display = f"{currency.prefix}{format_number(rounded, currency.format)}{currency.suffix}"
    return {
        "value": f"{rounded:.2f}",
        "code": currency.code,
        "display_value": display,
        "prefix": currency.prefix,
        "suffix": currency.suffix,
    }

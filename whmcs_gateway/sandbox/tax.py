"""Tax like WHMCS: up to two levels, matched by country and state, compound or not, and
prices either exclusive (tax is added) or inclusive (tax is inside the price).

Data file shape::

    [tax]
    enabled = true
    mode = "exclusive"       # "inclusive": catalog prices already include tax
    compound = false         # true: level 2 is charged on top of price + level 1
    [[tax.rules]]
    level = 1                name = "VAT"       rate = 20
    country = "GB"           state = ""         # "" matches any country / any state
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .money import round_money

ONE_HUNDRED = Decimal(100)


@dataclass(frozen=True)
class TaxRule:
    level: int
    name: str
    rate: Decimal  # percent, e.g. 7.25
    country: str = ""
    state: str = ""

    def matches(self, country: str, state: str) -> bool:
        if self.country and self.country.upper() != country.upper():
            return False
        return not self.state or self.state.upper() == state.upper()

    def specificity(self) -> int:
        return bool(self.country) + bool(self.state)


@dataclass(frozen=True)
class TaxSettings:
    enabled: bool = False
    inclusive: bool = False
    compound: bool = False
    rules: tuple[TaxRule, ...] = ()


@dataclass(frozen=True)
class TaxLine:
    name: str
    rate: Decimal
    amount: Decimal


def tax_settings(raw: dict[str, Any]) -> TaxSettings:
    rules = tuple(
        TaxRule(
            level=int(rule.get("level", 1)),
            name=str(rule["name"]),
            rate=Decimal(rule["rate"]),
            country=str(rule.get("country", "")),
            state=str(rule.get("state", "")),
        )
        for rule in raw.get("rules", ())
    )
    return TaxSettings(
        enabled=bool(raw.get("enabled", bool(rules))),
        inclusive=raw.get("mode") == "inclusive" or bool(raw.get("inclusive", False)),
        compound=bool(raw.get("compound", False)),
        rules=rules,
    )


def rule_for(settings: TaxSettings, level: int, country: str, state: str) -> TaxRule | None:
    """The most specific rule of a level: country+state beats country beats everywhere."""
    candidates = [
        rule for rule in settings.rules if rule.level == level and rule.matches(country, state)
    ]
    return max(candidates, key=TaxRule.specificity, default=None)


def applicable_rules(
    settings: TaxSettings, location: tuple[str, str] | None
) -> tuple[TaxRule | None, TaxRule | None]:
    if not settings.enabled or location is None:
        return None, None
    country, state = location
    return rule_for(settings, 1, country, state), rule_for(settings, 2, country, state)


def _rate(rule: TaxRule | None) -> Decimal:
    return rule.rate / ONE_HUNDRED if rule else Decimal(0)


def taxes_on(
    settings: TaxSettings, location: tuple[str, str] | None, base: Decimal
) -> list[TaxLine]:
    """The tax lines for an amount. ``base`` is net (exclusive) or gross (inclusive)."""
    level1, level2 = applicable_rules(settings, location)
    if level1 is None and level2 is None:
        return []
    rate1, rate2 = _rate(level1), _rate(level2)
    if settings.inclusive:
        # Gross = net * (1 + r1) * (1 + r2) when compound, net * (1 + r1 + r2) otherwise.
        factor = (1 + rate1) * (1 + rate2) if settings.compound else 1 + rate1 + rate2
        base = base / factor
    tax1 = base * rate1
    tax2 = (base + tax1) * rate2 if settings.compound else base * rate2
    lines = []
    for rule, tax in ((level1, tax1), (level2, tax2)):
        if rule is not None:
            lines.append(TaxLine(rule.name, rule.rate, round_money(tax)))
    return lines

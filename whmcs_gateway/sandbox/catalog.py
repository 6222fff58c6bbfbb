"""The catalog model: immutable dataclasses built from the demo data file by ``loader.py``.

Prices are Decimal, kept per currency code, never converted: every currency has its own prices.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .money import Currency

# (cycle, description, months) in WHMCS order.
BILLING_CYCLES: tuple[tuple[str, str, int], ...] = (
    ("free", "Free", 0),
    ("onetime", "One Time", 0),
    ("monthly", "Monthly", 1),
    ("quarterly", "Quarterly", 3),
    ("semiannually", "Semi-Annually", 6),
    ("annually", "Annually", 12),
    ("biennially", "Biennially", 24),
    ("triennially", "Triennially", 36),
)
RECURRING_CYCLES = tuple(cycle for cycle, _, months in BILLING_CYCLES if months)
PRODUCT_TYPES = {
    "hostingaccount": "Shared Hosting",
    "reselleraccount": "Reseller Hosting",
    "server": "Server/VPS",
    "other": "Other",
}
CONFIG_OPTION_TYPES = ("dropdown", "radio", "yesno", "quantity")
CUSTOM_FIELD_TYPES = ("text", "link", "password", "dropdown", "checkbox", "textarea")


@dataclass(frozen=True)
class CyclePrice:
    amount: Decimal
    setup: Decimal


@dataclass(frozen=True)
class PriceTable:
    """One item's prices: per currency code, per cycle ("onetime" or a recurring cycle)."""

    is_free: bool = False
    by_currency: dict[str, dict[str, CyclePrice]] = field(default_factory=dict)

    def cycles(self, currency_code: str) -> dict[str, CyclePrice]:
        return self.by_currency.get(currency_code, {})


@dataclass(frozen=True)
class Feature:
    id: int
    name: str
    order: int
    description: str | None = None


@dataclass(frozen=True)
class Group:
    id: int
    name: str
    description: str | None
    headline: str | None
    tagline: str | None
    icon: str | None
    order: int
    features: tuple[Feature, ...] = ()
    hidden: bool = False


@dataclass(frozen=True)
class Product:
    id: int
    group_id: int
    name: str
    description: str | None
    tagline: str | None
    type: str
    order: int
    pricing: PriceTable
    is_domain_required: bool = False
    # WHMCS: 0 = no, 1 = yes (multiple of the same service), 2 = yes (scalable quantity)
    multiple_quantities: int = 0
    stock_control: bool = False
    stock_quantity: int | None = None
    cross_sell_ids: tuple[int, ...] = ()
    hidden: bool = False


@dataclass(frozen=True)
class Addon:
    id: int
    name: str
    description: str | None
    product_ids: tuple[int, ...]
    pricing: PriceTable


@dataclass(frozen=True)
class ConfigOptionChoice:
    id: int
    name: str
    sort_order: int
    pricing: PriceTable


@dataclass(frozen=True)
class ConfigOption:
    id: int
    name: str
    description: str | None
    type: str
    sort_order: int
    product_ids: tuple[int, ...]
    choices: tuple[ConfigOptionChoice, ...]
    quantity_minimum: int | None = None
    quantity_maximum: int | None = None
    group_id: int = 0
    group_name: str = ""


@dataclass(frozen=True)
class CustomField:
    id: int
    product_id: int
    name: str
    description: str | None
    type: str
    required: bool
    options: tuple[str, ...] = ()
    validation: str | None = None


@dataclass(frozen=True)
class Bundle:
    id: int
    group_id: int
    name: str
    description: str | None
    price: dict[str, Decimal]
    max_uses: int
    uses: int
    allow_promo: bool
    is_featured: bool
    items: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class GracePeriod:
    days: int
    fee: dict[str, Decimal]


@dataclass(frozen=True)
class Tld:
    """A TLD ("com", no dot) with per-year prices; list index 0 is one year."""

    tld: str
    order: int
    categories: tuple[str, ...]
    group: str | None
    spotlight: bool
    dns_management: bool
    email_forwarding: bool
    id_protection: bool
    epp_code_required: bool
    register: dict[str, tuple[Decimal, ...]]
    transfer: dict[str, tuple[Decimal, ...]]
    renew: dict[str, tuple[Decimal, ...]]
    grace: GracePeriod | None
    redemption: GracePeriod | None
    # False: the registrar module cannot check eligibility -> /store/domain/availability is 501.
    eligibility_check: bool = True
    additional_fields: tuple[dict[str, Any], ...] = ()

    @property
    def periods(self) -> int:
        lengths = [
            len(prices)
            for table in (self.register, self.transfer, self.renew)
            for prices in table.values()
        ]
        return max(lengths, default=0)


@dataclass(frozen=True)
class PremiumName:
    domain: str
    register: dict[str, Decimal]
    renew: dict[str, Decimal]


@dataclass(frozen=True)
class DomainRules:
    """Deterministic availability data (see the [domain_rules] comments in the data file)."""

    registered: frozenset[str]
    registered_marker: str
    unknown_marker: str
    reserved: frozenset[str]
    premium: dict[str, PremiumName]
    lookup_provider: str
    suggestion_tlds: tuple[str, ...]
    suggestion_prefixes: tuple[str, ...]
    suggestion_suffixes: tuple[str, ...]
    sensitive_words: frozenset[str]
    maximum_term_length: int


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    states: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Gateway:
    name: str
    description: str


@dataclass(frozen=True)
class Catalog:
    company_name: str
    timezone: str
    currencies: tuple[Currency, ...]
    groups: tuple[Group, ...]
    products: tuple[Product, ...]
    addons: tuple[Addon, ...]
    config_options: tuple[ConfigOption, ...]
    custom_fields: tuple[CustomField, ...]
    bundles: tuple[Bundle, ...]
    tlds: tuple[Tld, ...]
    domain_rules: DomainRules
    idn_languages: tuple[tuple[str, str], ...]
    countries: tuple[Country, ...]
    gateways: tuple[Gateway, ...]
    # Left as validated plain data for the cart/pricing modules to model.
    promotions: tuple[dict[str, Any], ...] = ()
    tax: dict[str, Any] = field(default_factory=dict)

    @property
    def default_currency(self) -> Currency:
        return next(currency for currency in self.currencies if currency.default)

    def currency(self, code: str) -> Currency | None:
        return next((c for c in self.currencies if c.code == code.upper()), None)

    def group(self, group_id: int) -> Group | None:
        return next((g for g in self.groups if g.id == group_id and not g.hidden), None)

    def product(self, product_id: int) -> Product | None:
        return next((p for p in self.products if p.id == product_id and not p.hidden), None)

    def visible_products(self) -> list[Product]:
        """Shop order: by group order, then product order within the group."""
        group_order = {group.id: group.order for group in self.groups}
        return sorted(
            (p for p in self.products if not p.hidden),
            key=lambda p: (group_order.get(p.group_id, 0), p.order, p.id),
        )

    def tld(self, name: str) -> Tld | None:
        wanted = name.lower().lstrip(".")
        return next((t for t in self.tlds if t.tld == wanted), None)

    def country(self, code: str) -> Country | None:
        return next((c for c in self.countries if c.code == code.upper()), None)

"""What each cart item costs, as ``Charge`` rows of Decimal money (never float).

A charge is one priced thing (a product, a chosen option, an addon, a domain): its setup fee,
the first-period amount and the amount that recurs per cycle. Totals, promotions and tax all
work on these rows, so every price is decided in this one module.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .carts import (
    BundleItem,
    CartItem,
    DomainItem,
    ProductItem,
    RenewalItem,
    ServiceAddonItem,
)
from .catalog import RECURRING_CYCLES, Addon, ConfigOption, CyclePrice, PriceTable

if TYPE_CHECKING:
    from .accounts import Accounts
    from .catalog import Catalog

ZERO = Decimal("0")
# A domain registered for N years recurs every N years; longer terms have no WHMCS cycle name.
PERIOD_CYCLES = {1: "annually", 2: "biennially", 3: "triennially"}


@dataclass(frozen=True)
class Charge:
    kind: str  # product | configoption | addon | domain | renewal
    cycle: str | None
    setup: Decimal
    amount: Decimal  # first period, already multiplied by quantity
    recurring: Decimal  # per later cycle; zero for one-off charges
    quantity: int = 1
    product_id: int | None = None
    tld: str | None = None

    @property
    def first_payment(self) -> Decimal:
        return self.setup + self.amount


class PriceUnavailable(ValueError):
    """The chosen cycle or period has no price in this currency."""


# -- catalog lookups ----------------------------------------------------------------------


def cycle_price(table: PriceTable, currency_code: str, cycle: str) -> CyclePrice | None:
    if table.is_free:
        return CyclePrice(ZERO, ZERO)
    return table.cycles(currency_code).get(cycle)


def offered_cycles(table: PriceTable, currency_code: str) -> list[str]:
    return ["free"] if table.is_free else list(table.cycles(currency_code))


def default_option_value(option: ConfigOption) -> Any:
    """What WHMCS preselects: the first choice, "no", or the minimum quantity."""
    if option.type in {"dropdown", "radio"}:
        return min(option.choices, key=lambda choice: (choice.sort_order, choice.id)).id
    if option.type == "yesno":
        return False
    return option.quantity_minimum or 0


def effective_option_values(catalog: Catalog, item: ProductItem) -> list[tuple[ConfigOption, Any]]:
    options = sorted(
        (o for o in catalog.config_options if item.product_id in o.product_ids),
        key=lambda option: (option.sort_order, option.id),
    )
    return [(o, item.config_options.get(o.id, default_option_value(o))) for o in options]


def _recurring_part(cycle: str | None, amount: Decimal) -> Decimal:
    return amount if cycle in RECURRING_CYCLES else ZERO


# -- products -------------------------------------------------------------------------------


def product_charge(catalog: Catalog, item: ProductItem, currency_code: str) -> Charge:
    product = catalog.product(item.product_id)
    if product is None:
        raise PriceUnavailable("Invalid Product ID")
    price = cycle_price(product.pricing, currency_code, item.billing_cycle)
    if price is None:
        raise PriceUnavailable(f"The {item.billing_cycle} billing cycle is not offered")
    base, setup = price.amount, price.setup
    if item.bundle_price and currency_code in item.bundle_price:
        base = Decimal(item.bundle_price[currency_code])
    if item.price_override is not None:
        base, setup = Decimal(item.price_override), ZERO
    amount = base * item.quantity
    return Charge(
        kind="product",
        cycle=item.billing_cycle,
        setup=setup * item.quantity,
        amount=amount,
        recurring=_recurring_part(item.billing_cycle, amount),
        quantity=item.quantity,
        product_id=item.product_id,
    )


def option_charge(
    option: ConfigOption, value: Any, item: ProductItem, currency_code: str
) -> Charge:
    """Dropdown/radio price the chosen choice; yes/no only when yes; quantity per unit."""
    units = 1
    choice = option.choices[0]
    if option.type in {"dropdown", "radio"}:
        choice = next((c for c in option.choices if c.id == value), choice)
    elif option.type == "yesno":
        units = 1 if value is True else 0
    else:
        units = value if isinstance(value, int) and not isinstance(value, bool) else 0
    price = cycle_price(choice.pricing, currency_code, item.billing_cycle) or CyclePrice(ZERO, ZERO)
    amount = price.amount * units * item.quantity
    return Charge(
        kind="configoption",
        cycle=item.billing_cycle,
        setup=price.setup * units * item.quantity,
        amount=amount,
        recurring=_recurring_part(item.billing_cycle, amount),
        quantity=item.quantity,
        product_id=item.product_id,
    )


def addon_cycle(addon: Addon, currency_code: str, wanted: str) -> str:
    """The product's cycle when the addon offers it, else the addon's own first cycle."""
    cycles = offered_cycles(addon.pricing, currency_code)
    if wanted in cycles or not cycles:
        return wanted if not addon.pricing.is_free else "free"
    return cycles[0]


def addon_charge(
    addon: Addon, cycle: str, quantity: int, currency_code: str, product_id: int | None
) -> Charge:
    price = cycle_price(addon.pricing, currency_code, cycle) or CyclePrice(ZERO, ZERO)
    amount = price.amount * quantity
    return Charge(
        kind="addon",
        cycle=cycle,
        setup=price.setup * quantity,
        amount=amount,
        recurring=_recurring_part(cycle, amount),
        quantity=quantity,
        product_id=product_id,
    )


def product_item_charges(catalog: Catalog, item: ProductItem, currency_code: str) -> list[Charge]:
    charges = [product_charge(catalog, item, currency_code)]
    for option, value in effective_option_values(catalog, item):
        charges.append(option_charge(option, value, item, currency_code))
    for line in item.addons:
        addon = next((a for a in catalog.addons if a.id == line.addon_id), None)
        if addon is not None:
            cycle = addon_cycle(addon, currency_code, item.billing_cycle)
            quantity = line.quantity * item.quantity
            charges.append(addon_charge(addon, cycle, quantity, currency_code, item.product_id))
    return charges


# -- domains --------------------------------------------------------------------------------


def _year_price(prices: tuple[Decimal, ...] | None, period: int) -> Decimal:
    if not prices or not 1 <= period <= len(prices):
        raise PriceUnavailable(f"A {period} year term is not offered")
    return prices[period - 1]


def domain_charge(catalog: Catalog, item: DomainItem, currency_code: str) -> Charge:
    tld_name = item.name.split(".", 1)[1]
    tld = catalog.tld(tld_name)
    if tld is None:
        raise PriceUnavailable("Invalid TLD")
    premium = catalog.domain_rules.premium.get(item.name.lower())
    if premium is not None and item.type == "domain_register":
        amount = premium.register[currency_code] * item.period
        renew = premium.renew[currency_code] * item.period
    else:
        table = tld.register if item.type == "domain_register" else tld.transfer
        amount = _year_price(table.get(currency_code), item.period)
        renew = _year_price(tld.renew.get(currency_code), item.period)
    if item.bundle_price and currency_code in item.bundle_price:
        amount = Decimal(item.bundle_price[currency_code])
    if item.price_override is not None:
        amount = Decimal(item.price_override)
    if item.renew_override is not None:
        renew = Decimal(item.renew_override)
    cycle = PERIOD_CYCLES.get(item.period)
    return Charge(
        kind="domain",
        cycle=cycle,
        setup=ZERO,
        amount=amount,
        recurring=renew if cycle else ZERO,
        tld=tld.tld,
    )


# -- renewals and service addons --------------------------------------------------------


def renewal_charge(
    catalog: Catalog, accounts: Accounts, item: RenewalItem, currency_code: str
) -> Charge:
    """A renewal is paid once now; the recurring billing of the thing itself is unchanged."""
    if item.type == "domain_renewal":
        domain = accounts.domains[item.target_id]
        premium = catalog.domain_rules.premium.get(domain.domain.lower())
        if premium is not None:
            amount = premium.renew[currency_code] * item.period
        else:
            tld = catalog.tld(domain.domain.split(".", 1)[1])
            amount = _year_price(tld.renew.get(currency_code) if tld else None, item.period)
        if domain.free_renewal:
            amount = ZERO
        return Charge("renewal", PERIOD_CYCLES.get(item.period), ZERO, amount, ZERO)
    if item.type == "service_renewal":
        service = accounts.services[item.target_id]
        return Charge("renewal", service.cycle, ZERO, service.recurring, ZERO)
    owned = find_owned_addon(accounts, item.target_id)
    if owned is None:
        raise PriceUnavailable("Invalid Addon ID")
    return Charge("renewal", owned.cycle, ZERO, owned.recurring, ZERO)


def find_owned_addon(accounts: Accounts, owned_addon_id: int) -> Any:
    for service in accounts.services.values():
        for owned in service.addons:
            if owned.id == owned_addon_id:
                return owned
    return None


def service_addon_charge(catalog: Catalog, item: ServiceAddonItem, currency_code: str) -> Charge:
    addon = next((a for a in catalog.addons if a.id == item.addon_id), None)
    if addon is None:
        raise PriceUnavailable("Invalid Addon ID")
    return addon_charge(addon, item.billing_cycle, item.quantity, currency_code, None)


# -- any item -----------------------------------------------------------------------------


def item_charges(
    catalog: Catalog, accounts: Accounts, item: CartItem, currency_code: str
) -> list[Charge]:
    if isinstance(item, ProductItem):
        return product_item_charges(catalog, item, currency_code)
    if isinstance(item, DomainItem):
        return [domain_charge(catalog, item, currency_code)]
    if isinstance(item, RenewalItem):
        return [renewal_charge(catalog, accounts, item, currency_code)]
    if isinstance(item, ServiceAddonItem):
        return [service_addon_charge(catalog, item, currency_code)]
    charges: list[Charge] = []
    assert isinstance(item, BundleItem)
    for child in item.children:
        charges.extend(item_charges(catalog, accounts, child, currency_code))
    return charges

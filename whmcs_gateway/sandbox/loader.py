"""Read the demo data file (TOML) into a Catalog and Accounts.

Floats in the file are read as Decimal (``tomllib.load(parse_float=Decimal)``), so a price
written ``19.99`` never passes through a binary float. A mistake in the file raises DataError
naming the entry, at start-up rather than in the middle of a request.
"""

from __future__ import annotations

import hashlib
import tomllib
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyotp

from . import catalog as c
from .accounts import Accounts, Admin, Client, OwnedAddon, OwnedDomain, Service, User
from .money import Currency
from .passwords import hash_password


class DataError(ValueError):
    pass


def load_data(path: Path) -> tuple[c.Catalog, Accounts]:
    """A fresh (Catalog, Accounts) pair; the file is parsed and hashed once per path+mtime."""
    catalog, accounts_raw, password_hashes = _parse_cached(path, path.stat().st_mtime_ns)
    return catalog, _build_accounts(accounts_raw, password_hashes)


@lru_cache(maxsize=4)
def _parse_cached(path: Path, _mtime: int) -> tuple[c.Catalog, dict[str, Any], dict[str, str]]:
    with path.open("rb") as handle:
        raw = tomllib.load(handle, parse_float=Decimal)
    check_no_unknown_keys(raw)
    catalog = build_catalog(raw)
    passwords = {
        entry["password"]
        for section in ("users", "admins")
        for entry in raw.get(section, [])
        if "password" in entry
    }
    hashes = {password: hash_password(password) for password in passwords}
    return catalog, raw, hashes


# -- unknown keys ----------------------------------------------------------------------------
# A misspelt key ("stok_quantity") would silently fall back to a default, so every key must be
# one a reader looks at. The readers are the reference: the data is read once through tables
# that remember which keys were asked for, and whatever nobody asked for is refused.

# Promotions and tax stay plain dicts read at request time, so their keys are listed here.
PROMOTION_KEYS = frozenset(
    {
        "id", "code", "type", "value", "expires", "expires_in_days", "recurring",
        "recurring_count", "products", "tlds", "cycles", "max_uses", "uses",
        "once_per_client", "new_signups_only",
    }
)  # fmt: skip
TAX_KEYS = frozenset({"mode", "compound", "enabled", "inclusive", "rules"})
TAX_RULE_KEYS = frozenset({"level", "name", "rate", "country", "state"})
# Bundle items and TLD additional fields are kept as plain dicts for the cart and domain code.
BUNDLE_ITEM_KEYS = frozenset(
    {
        "type", "name", "description", "product", "billing_cycle", "price_override", "price",
        "addons", "config_options", "tlds", "domain_registration_period",
        "registration_period", "domain_price_override", "domain_price", "domain_addons",
    }
)  # fmt: skip
ADDITIONAL_FIELD_KEYS = frozenset({"name", "type", "required", "default", "options"})
_PLAIN_DICT_KEYS = frozenset({"items", "additional_fields"})


class _ReadTracker(dict[str, Any]):
    """A table that records the keys its readers asked for (by any dict accessor)."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.asked: set[str] = set()

    def __getitem__(self, key: str) -> Any:
        self.asked.add(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self.asked.add(key)
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        self.asked.add(str(key))
        return super().__contains__(key)

    def items(self) -> Any:  # read as a whole (price tables): every key counts as asked
        self.asked.update(self.keys())
        return super().items()


def _tracked(node: Any) -> Any:
    if isinstance(node, dict):
        return _ReadTracker({key: _tracked(value) for key, value in node.items()})
    if isinstance(node, list):
        return [_tracked(item) for item in node]
    return node


def check_no_unknown_keys(raw: dict[str, Any]) -> None:
    """Raise DataError naming the first key no reader uses, and where it is."""
    _check_plain_sections(raw)
    tracked = _tracked({k: v for k, v in raw.items() if k not in ("promotions", "tax")})
    catalog = build_catalog(tracked)
    del catalog
    _build_accounts(tracked, _NoHashes())
    tracked.asked.update({"promotions", "tax"})
    _report_unasked(tracked, "the data file")


class _NoHashes(dict[str, str]):
    """Checking keys needs no real password hashes (they are slow on purpose)."""

    def __missing__(self, key: str) -> str:
        return ""


def _report_unasked(node: Any, where: str) -> None:
    if isinstance(node, _ReadTracker):
        unknown = sorted(set(node) - node.asked)
        if unknown:
            raise DataError(f"{where}: unknown key '{unknown[0]}'")
        for key, value in node.items():
            if key in _PLAIN_DICT_KEYS:
                continue  # checked against their own lists in _check_plain_sections
            _report_unasked(value, f"{where} > {key}" if where != "the data file" else key)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            label = (
                item.get("id", item.get("code", item.get("tld", index)))
                if isinstance(item, dict)
                else index
            )
            _report_unasked(item, f"{where} [{label}]")


def _check_plain_sections(raw: dict[str, Any]) -> None:
    for bundle in raw.get("bundles", []):
        for item in bundle.get("items", []):
            _refuse_unknown(item, BUNDLE_ITEM_KEYS, f"bundles [{bundle.get('id')}] > items")
    for tld in raw.get("tlds", []):
        for field in tld.get("additional_fields", []):
            where = f"tlds [{tld.get('tld')}] > additional_fields"
            _refuse_unknown(field, ADDITIONAL_FIELD_KEYS, where)
    for promotion in raw.get("promotions", []):
        _refuse_unknown(promotion, PROMOTION_KEYS, f"promotions [{promotion.get('code')}]")
    tax = raw.get("tax", {})
    _refuse_unknown(tax, TAX_KEYS, "tax")
    for index, rule in enumerate(tax.get("rules", [])):
        _refuse_unknown(rule, TAX_RULE_KEYS, f"tax > rules [{index}]")


def _refuse_unknown(entry: dict[str, Any], allowed: frozenset[str], where: str) -> None:
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise DataError(f"{where}: unknown key '{unknown[0]}'")


# -- small readers that explain what is wrong -------------------------------------------


def _get(entry: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in entry:
        raise DataError(f"{where}: missing '{key}'")
    value = entry[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise DataError(f"{where}: '{key}' has the wrong type ({type(value).__name__})")
    return value


def _opt(entry: dict[str, Any], key: str, default: Any = None) -> Any:
    return entry.get(key, default)


def _totp_secret(entry: dict[str, Any], where: str) -> str | None:
    """A base32 secret pyotp accepts (at least 112 bits), checked now rather than at login."""
    secret = entry.get("totp_secret")
    if secret is None:
        return None
    try:
        pyotp.TOTP(secret).byte_secret()
    except (ValueError, TypeError) as exc:
        raise DataError(f"{where}: bad totp_secret ({exc})") from None
    return secret


def _money(value: Any, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise DataError(f"{where}: a price must be a number, got {value!r}")
    return Decimal(value)


def _per_currency(table: Any, where: str) -> dict[str, Decimal]:
    if not isinstance(table, dict):
        raise DataError(f"{where}: expected a table of currency code = price")
    return {code: _money(value, f"{where}.{code}") for code, value in table.items()}


# -- catalog ------------------------------------------------------------------------------


def build_catalog(raw: dict[str, Any]) -> c.Catalog:
    currencies = tuple(_currency(entry) for entry in raw.get("currencies", []))
    if sum(currency.default for currency in currencies) != 1:
        raise DataError("currencies: exactly one currency must be the default")
    codes = {currency.code for currency in currencies}
    company = raw.get("company", {})
    catalog = c.Catalog(
        company_name=company.get("name", "WHMCS Sandbox"),
        timezone=company.get("timezone", "UTC"),
        currencies=currencies,
        groups=tuple(_group(entry) for entry in raw.get("product_groups", [])),
        products=tuple(_product(entry, codes) for entry in raw.get("products", [])),
        addons=tuple(_addon(entry, codes) for entry in raw.get("addons", [])),
        config_options=tuple(_config_option(e, codes) for e in raw.get("config_options", [])),
        custom_fields=tuple(_custom_field(entry) for entry in raw.get("custom_fields", [])),
        bundles=tuple(_bundle(entry) for entry in raw.get("bundles", [])),
        tlds=tuple(_tld(entry, codes) for entry in raw.get("tlds", [])),
        domain_rules=_domain_rules(raw.get("domain_rules", {})),
        idn_languages=tuple((code, name) for code, name in raw.get("idn_languages", [])),
        countries=tuple(_country(entry) for entry in raw.get("countries", [])),
        gateways=tuple(
            c.Gateway(name=g["name"], description=g["description"])
            for g in raw.get("payment_gateways", [])
        ),
        promotions=tuple(raw.get("promotions", [])),
        tax=raw.get("tax", {}),
    )
    _check_references(catalog)
    return catalog


def _currency(entry: dict[str, Any]) -> Currency:
    where = f"currency {entry.get('code')}"
    return Currency(
        id=_get(entry, "id", int, where),
        code=_get(entry, "code", str, where),
        prefix=_opt(entry, "prefix", ""),
        suffix=_opt(entry, "suffix", ""),
        format=_opt(entry, "format", 2),
        default=_opt(entry, "default", False),
    )


def _price_table(entry: dict[str, Any], codes: set[str], where: str) -> c.PriceTable:
    pricing = entry.get("pricing")
    if pricing == "free":
        return c.PriceTable(is_free=True)
    if not isinstance(pricing, dict):
        raise DataError(f"{where}: 'pricing' must be \"free\" or a table per currency")
    if set(pricing) != codes:
        raise DataError(f"{where}: pricing needs exactly the currencies {sorted(codes)}")
    return c.PriceTable(
        by_currency={
            code: _cycle_prices(table, f"{where}.pricing.{code}") for code, table in pricing.items()
        }
    )


def _cycle_prices(table: dict[str, Any], where: str) -> dict[str, c.CyclePrice]:
    """{monthly = 4.99, setup = 5.00, setup_annually = 0} -> {cycle: CyclePrice}."""
    default_setup = _money(table.get("setup", 0), where)
    allowed = {"onetime", *c.RECURRING_CYCLES}
    prices: dict[str, c.CyclePrice] = {}
    for key, value in table.items():
        if key == "setup" or key.startswith("setup_"):
            continue
        if key not in allowed:
            raise DataError(f"{where}: unknown billing cycle '{key}'")
        setup = table.get(f"setup_{key}", default_setup)
        prices[key] = c.CyclePrice(_money(value, where), _money(setup, where))
    if "onetime" in prices and len(prices) > 1:
        raise DataError(f"{where}: a one-time price excludes recurring cycles")
    order = [cycle for cycle, _, _ in c.BILLING_CYCLES]
    return dict(sorted(prices.items(), key=lambda item: order.index(item[0])))


def _group(entry: dict[str, Any]) -> c.Group:
    where = f"product group {entry.get('id')}"
    group_id = _get(entry, "id", int, where)
    features = tuple(
        c.Feature(id=group_id * 100 + index, name=name, order=index)
        for index, name in enumerate(_opt(entry, "features", []), start=1)
    )
    return c.Group(
        id=group_id,
        name=_get(entry, "name", str, where),
        description=_opt(entry, "description"),
        headline=_opt(entry, "headline"),
        tagline=_opt(entry, "tagline"),
        icon=_opt(entry, "icon"),
        order=_get(entry, "order", int, where),
        features=features,
        hidden=_opt(entry, "hidden", False),
    )


def _product(entry: dict[str, Any], codes: set[str]) -> c.Product:
    where = f"product {entry.get('id')}"
    product_type = _get(entry, "type", str, where)
    if product_type not in c.PRODUCT_TYPES:
        raise DataError(f"{where}: type must be one of {sorted(c.PRODUCT_TYPES)}")
    return c.Product(
        id=_get(entry, "id", int, where),
        group_id=_get(entry, "group", int, where),
        name=_get(entry, "name", str, where),
        description=_opt(entry, "description"),
        tagline=_opt(entry, "tagline"),
        type=product_type,
        order=_get(entry, "order", int, where),
        pricing=_price_table(entry, codes, where),
        is_domain_required=_opt(entry, "is_domain_required", False),
        multiple_quantities=_opt(entry, "multiple_quantities", 0),
        stock_control=_opt(entry, "stock_control", False),
        stock_quantity=_opt(entry, "stock_quantity"),
        cross_sell_ids=tuple(_opt(entry, "cross_sells", [])),
        hidden=_opt(entry, "hidden", False),
    )


def _addon(entry: dict[str, Any], codes: set[str]) -> c.Addon:
    where = f"addon {entry.get('id')}"
    return c.Addon(
        id=_get(entry, "id", int, where),
        name=_get(entry, "name", str, where),
        description=_opt(entry, "description"),
        product_ids=tuple(_get(entry, "products", list, where)),
        pricing=_price_table(entry, codes, where),
    )


def _config_option(entry: dict[str, Any], codes: set[str]) -> c.ConfigOption:
    where = f"config option {entry.get('id')}"
    option_type = _get(entry, "type", str, where)
    if option_type not in c.CONFIG_OPTION_TYPES:
        raise DataError(f"{where}: type must be one of {c.CONFIG_OPTION_TYPES}")
    choices = tuple(
        c.ConfigOptionChoice(
            id=_get(choice, "id", int, f"{where} choice"),
            name=_get(choice, "name", str, f"{where} choice"),
            sort_order=_opt(choice, "sort_order", index),
            pricing=_price_table(choice, codes, f"{where} choice {choice.get('id')}"),
        )
        for index, choice in enumerate(_get(entry, "choices", list, where), start=1)
    )
    if option_type in {"yesno", "quantity"} and len(choices) != 1:
        raise DataError(f"{where}: a {option_type} option has exactly one choice (its price)")
    return c.ConfigOption(
        id=_get(entry, "id", int, where),
        name=_get(entry, "name", str, where),
        description=_opt(entry, "description"),
        type=option_type,
        sort_order=_opt(entry, "sort_order", 0),
        product_ids=tuple(_get(entry, "products", list, where)),
        choices=choices,
        quantity_minimum=_opt(entry, "quantity_minimum"),
        quantity_maximum=_opt(entry, "quantity_maximum"),
        # WHMCS keeps every configurable option in an option group, and the contract's
        # ConfigOption.group is an object (OpenAPI 3.0.3: `nullable` without `type` allows no null).
        group_id=_get(entry, "group_id", int, where),
        group_name=_get(entry, "group_name", str, where),
    )


def _custom_field(entry: dict[str, Any]) -> c.CustomField:
    where = f"custom field {entry.get('id')}"
    field_type = _get(entry, "type", str, where)
    if field_type not in c.CUSTOM_FIELD_TYPES:
        raise DataError(f"{where}: type must be one of {c.CUSTOM_FIELD_TYPES}")
    return c.CustomField(
        id=_get(entry, "id", int, where),
        product_id=_get(entry, "product", int, where),
        name=_get(entry, "name", str, where),
        description=_opt(entry, "description"),
        type=field_type,
        required=_opt(entry, "required", False),
        options=tuple(_opt(entry, "options", [])),
        validation=_opt(entry, "validation"),
    )


def _bundle(entry: dict[str, Any]) -> c.Bundle:
    where = f"bundle {entry.get('id')}"
    items = []
    for item in _get(entry, "items", list, where):
        converted = dict(item)
        for key in ("price", "domain_price"):
            if key in converted:
                converted[key] = _per_currency(converted[key], f"{where}.items.{key}")
        items.append(converted)
    return c.Bundle(
        id=_get(entry, "id", int, where),
        group_id=_get(entry, "group", int, where),
        name=_get(entry, "name", str, where),
        description=_opt(entry, "description"),
        price=_per_currency(_get(entry, "price", dict, where), f"{where}.price"),
        max_uses=_opt(entry, "max_uses", 0),
        uses=_opt(entry, "uses", 0),
        allow_promo=_opt(entry, "allow_promo", False),
        is_featured=_opt(entry, "is_featured", False),
        items=tuple(items),
    )


def _year_prices(value: Any, max_years: int, where: str) -> tuple[Decimal, ...]:
    """A list is one price per year count; a single number means N years cost N x price."""
    if isinstance(value, list):
        return tuple(_money(item, where) for item in value)
    one_year = _money(value, where)
    return tuple(one_year * years for years in range(1, max_years + 1))


def _tld(entry: dict[str, Any], codes: set[str]) -> c.Tld:
    where = f"tld {entry.get('tld')}"
    max_years = _opt(entry, "max_years", 10)
    pricing = _get(entry, "pricing", dict, where)
    if set(pricing) != codes:
        raise DataError(f"{where}: pricing needs exactly the currencies {sorted(codes)}")

    def per_currency(kind: str, years: int) -> dict[str, tuple[Decimal, ...]]:
        return {
            code: _year_prices(
                _get(table, kind, (int, Decimal, list), f"{where}.{code}"), years, where
            )
            for code, table in pricing.items()
        }

    def grace(kind: str) -> c.GracePeriod | None:
        days = _opt(entry, f"{kind}_days")
        if days is None:
            return None
        fees = {code: _money(table.get(f"{kind}_fee", 0), where) for code, table in pricing.items()}
        return c.GracePeriod(days=days, fee=fees)

    return c.Tld(
        tld=_get(entry, "tld", str, where).lstrip("."),
        order=_get(entry, "order", int, where),
        categories=tuple(_opt(entry, "categories", ["Other"])),
        group=_opt(entry, "group"),
        spotlight=_opt(entry, "spotlight", False),
        dns_management=_opt(entry, "dns_management", False),
        email_forwarding=_opt(entry, "email_forwarding", False),
        id_protection=_opt(entry, "id_protection", False),
        epp_code_required=_opt(entry, "epp_code_required", True),
        register=per_currency("register", max_years),
        transfer=per_currency("transfer", max_years),
        renew=per_currency("renew", max_years),
        grace=grace("grace"),
        redemption=grace("redemption"),
        eligibility_check=_opt(entry, "eligibility_check", True),
        additional_fields=tuple(_opt(entry, "additional_fields", [])),
    )


def _domain_rules(raw: dict[str, Any]) -> c.DomainRules:
    premium = {}
    for entry in raw.get("premium", []):
        where = f"premium domain {entry.get('domain')}"
        name = _get(entry, "domain", str, where).lower()
        premium[name] = c.PremiumName(
            domain=name,
            register=_per_currency(_get(entry, "register", dict, where), where),
            renew=_per_currency(_get(entry, "renew", dict, where), where),
        )
    return c.DomainRules(
        registered=frozenset(name.lower() for name in raw.get("registered", [])),
        registered_marker=raw.get("registered_marker", "taken"),
        unknown_marker=raw.get("unknown_marker", "lookupfail"),
        reserved=frozenset(name.lower() for name in raw.get("reserved", [])),
        premium=premium,
        lookup_provider=raw.get("lookup_provider", "WhmcsDomains"),
        suggestion_tlds=tuple(raw.get("suggestion_tlds", [])),
        suggestion_prefixes=tuple(raw.get("suggestion_prefixes", [])),
        suggestion_suffixes=tuple(raw.get("suggestion_suffixes", [])),
        sensitive_words=frozenset(word.lower() for word in raw.get("sensitive_words", [])),
        maximum_term_length=raw.get("maximum_term_length", 255),
    )


def _country(entry: dict[str, Any]) -> c.Country:
    where = f"country {entry.get('code')}"
    states = tuple((code, name) for code, name in _opt(entry, "states", []))
    return c.Country(
        code=_get(entry, "code", str, where), name=_get(entry, "name", str, where), states=states
    )


def _check_references(catalog: c.Catalog) -> None:
    group_ids = {group.id for group in catalog.groups}
    product_ids = {product.id for product in catalog.products}
    for product in catalog.products:
        if product.group_id not in group_ids:
            raise DataError(f"product {product.id}: unknown group {product.group_id}")
        if unknown := set(product.cross_sell_ids) - product_ids:
            raise DataError(f"product {product.id}: unknown cross-sells {sorted(unknown)}")
    for item in (*catalog.addons, *catalog.config_options):
        if unknown := set(item.product_ids) - product_ids:
            raise DataError(f"{type(item).__name__} {item.id}: unknown products {sorted(unknown)}")
    for custom_field in catalog.custom_fields:
        if custom_field.product_id not in product_ids:
            raise DataError(f"custom field {custom_field.id}: unknown product")
    for bundle in catalog.bundles:
        if bundle.group_id not in group_ids:
            raise DataError(f"bundle {bundle.id}: unknown group {bundle.group_id}")


# -- accounts -------------------------------------------------------------------------------


def _build_accounts(raw: dict[str, Any], hashes: dict[str, str]) -> Accounts:
    accounts = Accounts()
    for entry in raw.get("users", []):
        where = f"user {entry.get('id')}"
        user = User(
            id=_get(entry, "id", int, where),
            email=_get(entry, "email", str, where),
            firstname=_get(entry, "firstname", str, where),
            lastname=_get(entry, "lastname", str, where),
            password_hash=hashes[_get(entry, "password", str, where)],
            totp_secret=_totp_secret(entry, where),
            client_ids=tuple(_opt(entry, "clients", [])),
        )
        accounts.users[user.id] = user
    for entry in raw.get("clients", []):
        where = f"client {entry.get('id')}"
        client = Client(
            id=_get(entry, "id", int, where),
            uuid=_get(entry, "uuid", str, where),
            owner_user_id=_get(entry, "owner", int, where),
            firstname=_get(entry, "firstname", str, where),
            lastname=_get(entry, "lastname", str, where),
            email=_get(entry, "email", str, where),
            company=_opt(entry, "company", ""),
            country=_get(entry, "country", str, where),
            state=_opt(entry, "state", ""),
            currency_code=_opt(entry, "currency", "USD"),
            tax_exempt=_opt(entry, "tax_exempt", False),
        )
        accounts.clients[client.id] = client
    for entry in raw.get("admins", []):
        where = f"admin {entry.get('id')}"
        admin = Admin(
            id=_get(entry, "id", int, where),
            username=_get(entry, "username", str, where),
            email=_get(entry, "email", str, where),
            firstname=_get(entry, "firstname", str, where),
            lastname=_get(entry, "lastname", str, where),
            password_hash=hashes[_get(entry, "password", str, where)],
            totp_secret=_totp_secret(entry, where),
            api_password_md5=hashlib.md5(
                entry["password"].encode(), usedforsecurity=False
            ).hexdigest(),
        )
        accounts.admins[admin.id] = admin
    for entry in raw.get("services", []):
        service = _service(entry)
        accounts.services[service.id] = service
    for entry in raw.get("domains", []):
        domain = _owned_domain(entry)
        accounts.domains[domain.id] = domain
    return accounts


def _service(entry: dict[str, Any]) -> Service:
    where = f"service {entry.get('id')}"
    addons = tuple(
        OwnedAddon(
            id=_get(addon, "id", int, f"{where} addon"),
            addon_id=_get(addon, "addon", int, f"{where} addon"),
            status=_opt(addon, "status", "Active"),
            registered_days_ago=_opt(addon, "registered_days_ago", 0),
            cycle=_opt(addon, "cycle", "monthly"),
            recurring=_money(_opt(addon, "recurring", 0), where),
            next_due_in_days=_opt(addon, "next_due_in_days"),
            quantity=_opt(addon, "quantity", 1),
            non_renewable_reason=_opt(addon, "non_renewable_reason"),
        )
        for addon in _opt(entry, "addons", [])
    )
    return Service(
        id=_get(entry, "id", int, where),
        client_id=_get(entry, "client", int, where),
        product_id=_get(entry, "product", int, where),
        domain=_opt(entry, "domain"),
        status=_get(entry, "status", str, where),
        registered_days_ago=_opt(entry, "registered_days_ago", 0),
        cycle=_get(entry, "cycle", str, where),
        first_payment=_money(_get(entry, "first_payment", (int, Decimal), where), where),
        recurring=_money(_get(entry, "recurring", (int, Decimal), where), where),
        gateway=_get(entry, "gateway", str, where),
        next_due_in_days=_opt(entry, "next_due_in_days"),
        quantity=_opt(entry, "quantity", 1),
        server=_opt(entry, "server"),
        promotion_code=_opt(entry, "promotion"),
        non_renewable_reason=_opt(entry, "non_renewable_reason"),
        addons=addons,
        custom_fields=tuple(
            (f["id"], f["field"], f["value"]) for f in _opt(entry, "custom_fields", [])
        ),
        config_options=tuple(
            (o["id"], o["option"], o["value"]) for o in _opt(entry, "config_options", [])
        ),
    )


def _owned_domain(entry: dict[str, Any]) -> OwnedDomain:
    where = f"domain {entry.get('id')}"
    return OwnedDomain(
        id=_get(entry, "id", int, where),
        client_id=_get(entry, "client", int, where),
        domain=_get(entry, "domain", str, where),
        status=_get(entry, "status", str, where),
        registered_days_ago=_opt(entry, "registered_days_ago", 365),
        expires_in_days=_get(entry, "expires_in_days", int, where),
        is_premium=_opt(entry, "is_premium", False),
        free_renewal=_opt(entry, "free_renewal", False),
        non_renewable_reason=_opt(entry, "non_renewable_reason"),
    )

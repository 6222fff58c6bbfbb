"""Domain names: their rules, search, what a result means to a customer, prices, order forms.

Plain functions over WHMCS's answers; nothing here changes a cart (that is `services`).
Lookups (spotlight, suggestions, availability) are the same for every visitor of a currency, so
they go out without the visitor's X-Api-State: searching never needs a session or the visitor's
lock. Only cart changes go through the visitor's WHMCS session.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from whmcs_gateway.catalog import Catalog
from whmcs_gateway.errors import NotImplementedByWhmcs, WhmcsError
from whmcs_gateway.models import (
    AdditionalField,
    Amount,
    DomainPricing,
    DomainStatus,
    IdnLanguage,
    TldPricing,
)
from whmcs_gateway.rest import (
    DomainOptions,
    DomainRegisterItem,
    DomainTransferItem,
    RestApi,
    all_items,
)

MAX_NAME_LENGTH = 253  # the whole name, in its ASCII (punycode) form
MAX_LABEL_LENGTH = 63
MIN_SUGGESTION_TERM = 3  # WHMCS refuses shorter suggestion terms
MAX_SUGGESTIONS = 8
REGISTER_PERIODS = range(1, 11)
TRANSFER_PERIODS = range(1, 10)

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://")
_ASCII_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_TLD_LABEL = re.compile(r"^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$")


class InvalidDomainName(ValueError):
    """The text is not a domain name; the message says why, in the customer's words."""


# -- names ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DomainName:
    """A name as WHMCS wants it (ASCII, punycode for IDNs) and as the customer typed it."""

    sld: str
    tld: str  # without the dot; "" when only a name was typed ("example")
    unicode_sld: str
    unicode_tld: str = ""

    @property
    def ascii(self) -> str:
        return f"{self.sld}.{self.tld}" if self.tld else self.sld

    @property
    def unicode(self) -> str:
        return f"{self.unicode_sld}.{self.unicode_tld}" if self.tld else self.unicode_sld

    @property
    def is_idn(self) -> bool:
        return self.ascii != self.unicode

    def __str__(self) -> str:
        return self.unicode


def normalise_domain(raw: str, *, require_tld: bool = False) -> DomainName:
    """'  HTTPS://www.Bücher.de/shop ' -> bücher.de (xn--bcher-kva.de).

    Lowercases, drops a scheme, a path and a leading "www.", converts IDN labels to punycode
    with the `idna` codec, and applies the label rules (letters, digits, hyphens; no hyphen at
    either end; 63 characters a label, 253 the whole name).
    """
    text = raw.strip().lower()
    if not text:
        raise InvalidDomainName("Enter a domain name, for example example.com.")
    if len(text) > MAX_NAME_LENGTH + len("https://www./"):
        raise InvalidDomainName(
            f"That is too long for a domain name (at most {MAX_NAME_LENGTH} characters)."
        )
    if _SCHEME.match(text):
        # Someone pasted a web address: keep only its host.
        text = _SCHEME.sub("", text, count=1)
        text = re.split(r"[/?#:]", text, maxsplit=1)[0]
    text = text.rstrip(".").removeprefix("www.")
    labels = text.split(".")
    if any(not label for label in labels):
        raise InvalidDomainName("A domain name cannot have empty parts (two dots in a row).")
    ascii_labels = [_ascii_label(label) for label in labels]
    name = ".".join(ascii_labels)
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidDomainName(
            f"That is too long for a domain name (at most {MAX_NAME_LENGTH} characters)."
        )
    sld, tld = ascii_labels[0], ".".join(ascii_labels[1:])
    if tld and not all(_TLD_LABEL.match(label) for label in ascii_labels[1:]):
        raise InvalidDomainName(f"“.{labels[-1]}” is not a domain extension.")
    if require_tld and not tld:
        raise InvalidDomainName("Enter the whole domain name with its extension, e.g. example.com.")
    return DomainName(sld=sld, tld=tld, unicode_sld=labels[0], unicode_tld=".".join(labels[1:]))


def _ascii_label(label: str) -> str:
    if len(label) > MAX_LABEL_LENGTH:
        raise InvalidDomainName(
            f"Each part of a domain name is at most {MAX_LABEL_LENGTH} characters long."
        )
    if label.isascii():
        ascii_label = label
    else:
        try:
            ascii_label = label.encode("idna").decode("ascii")
        except UnicodeError:
            raise InvalidDomainName("That name has characters a domain name cannot use.") from None
    if not _ASCII_LABEL.match(ascii_label):
        if ascii_label.startswith("-") or ascii_label.endswith("-"):
            raise InvalidDomainName("A domain name cannot start or end with a hyphen.")
        raise InvalidDomainName(
            "A domain name may only contain letters, digits and hyphens "
            "(no spaces or other symbols)."
        )
    return ascii_label


def split_domain(name: str) -> tuple[str, str]:
    """'shop.example.co.uk' is not split smartly: WHMCS's own rule is "up to the first dot"."""
    sld, _, tld = name.partition(".")
    return sld, tld


# -- what a result means ----------------------------------------------------------------------

ResultKind = Literal["available", "premium", "registered", "reserved", "unsupported", "unknown"]

# WHMCS's lookup statuses; anything else is reported as "we could not check".
_KIND_OF_STATUS: dict[str, ResultKind] = {
    "available for registration": "available",
    "available": "available",
    "registered": "registered",
    "unavailable": "registered",
    "reserved": "reserved",
    "tld not supported": "unsupported",
    "unknown": "unknown",
}

_LABELS: dict[ResultKind, str] = {
    "available": "Available",
    "premium": "Premium domain, available",
    "registered": "Already registered",
    "reserved": "Reserved by the registry, cannot be registered",
    "unsupported": "We do not sell this extension",
    "unknown": "We could not check this name right now",
}


@dataclass(frozen=True)
class PeriodChoice:
    years: int
    price: Amount

    @property
    def label(self) -> str:
        unit = "year" if self.years == 1 else "years"
        return f"{self.years} {unit}: {self.price.display_value}"


@dataclass(frozen=True)
class DomainResult:
    """One name as the customer reads it: what it is, whether it can be bought, for how much."""

    name: str  # ASCII, what goes to WHMCS
    display_name: str  # Unicode, what the customer reads
    tld: str
    kind: ResultKind
    price: Amount | None = None  # registration for `price_years` years
    price_years: int = 1
    renew_price: Amount | None = None
    periods: tuple[PeriodChoice, ...] = ()
    note: str = ""

    @property
    def label(self) -> str:
        return _LABELS[self.kind]

    @property
    def can_register(self) -> bool:
        return self.kind in ("available", "premium") and self.price is not None

    @property
    def can_transfer(self) -> bool:
        return self.kind == "registered"


def present(status: DomainStatus) -> DomainResult:
    """Map WHMCS's DomainStatus to what the customer is told."""
    kind = _KIND_OF_STATUS.get(status.status.strip().lower(), "unknown")
    if kind == "available" and status.is_premium:
        kind = "premium"
    tld = (status.tld or split_domain(status.domain_name)[1]).lstrip(".")
    base = {"name": status.domain_name, "display_name": status.idn_domain_name, "tld": tld}
    if kind not in ("available", "premium"):
        return DomainResult(kind=kind, **base)
    first = next((p for p in status.pricing if p.period == 1), None) or status.shortest_period
    return DomainResult(
        kind=kind,
        price=first.register,
        price_years=first.period,
        renew_price=first.renew,
        periods=tuple(choose_periods(status.pricing, "register") or _only(first, "register")),
        **base,
    )


def _only(pricing: DomainPricing, kind: str) -> list[PeriodChoice]:
    price = getattr(pricing, kind)
    return [PeriodChoice(pricing.period, price)] if price is not None else []


def choose_periods(
    pricing: Sequence[DomainPricing], kind: Literal["register", "transfer", "renew"]
) -> list[PeriodChoice]:
    """The periods WHMCS prices for `kind`, in years order, within what the API allows."""
    allowed = REGISTER_PERIODS if kind == "register" else TRANSFER_PERIODS
    choices = {
        p.period: PeriodChoice(p.period, getattr(p, kind))
        for p in pricing
        if p.period in allowed and getattr(p, kind) is not None
    }
    return [choices[years] for years in sorted(choices)]


# -- searching --------------------------------------------------------------------------------


@dataclass
class SearchResults:
    searched: DomainName
    results: list[DomainResult]
    suggestions: list[DomainResult] = field(default_factory=list)
    suggestions_failed: bool = False


def search(api: RestApi, name: DomainName, *, with_suggestions: bool = True) -> SearchResults:
    """The typed name (when it has an extension), the spotlight TLDs, then suggestions."""
    spotlight = [present(status) for status in all_items(api.domains.spotlight, name.unicode)]
    results = spotlight
    if name.tld:
        exact = next((r for r in spotlight if r.name == name.ascii), None)
        if exact is None:
            exact = exact_lookup(api, name)
        results = [exact] + [r for r in spotlight if r.name != name.ascii]
    found = SearchResults(searched=name, results=results)
    if with_suggestions and len(name.unicode_sld) >= MIN_SUGGESTION_TERM:
        shown = {r.name for r in results}
        try:
            page = api.domains.suggestions(name.unicode_sld, page_size=MAX_SUGGESTIONS)
        except WhmcsError:
            # Suggestions are a bonus: the search results still stand on their own.
            found.suggestions_failed = True
        else:
            found.suggestions = [
                result
                for result in map(present, page.items)
                if result.name not in shown and result.can_register
            ]
    return found


def exact_lookup(api: RestApi, name: DomainName) -> DomainResult:
    """The one name typed, when its extension is not among the spotlight ones."""
    try:
        answer = api.domains.availability(name.unicode)
    except NotImplementedByWhmcs:
        return DomainResult(
            name=name.ascii,
            display_name=name.unicode,
            tld=name.tld,
            kind="unknown",
            note=f"Names ending in .{name.unicode_tld} cannot be checked online.",
        )
    if answer.domain is not None:
        return present(answer.domain)
    kind: ResultKind = "unsupported" if answer.is_tld_available is False else "unknown"
    if answer.is_domain_available is False and kind != "unsupported":
        kind = "registered"
    return DomainResult(name=name.ascii, display_name=name.unicode, tld=name.tld, kind=kind)


# -- prices -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodPrices:
    years: int
    register: Amount | None
    transfer: Amount | None
    renew: Amount | None


@dataclass(frozen=True)
class TldPriceRow:
    tld: str
    categories: tuple[str, ...]
    periods: tuple[PeriodPrices, ...]
    grace_fee: Amount | None
    grace_days: int | None
    redemption_fee: Amount | None
    redemption_days: int | None

    @property
    def first_year(self) -> PeriodPrices | None:
        return next((p for p in self.periods if p.years == 1), None) or (
            self.periods[0] if self.periods else None
        )


def price_table(tlds: Sequence[TldPricing]) -> list[TldPriceRow]:
    """One row per TLD, with every period WHMCS prices (1..10 years)."""
    rows = []
    for tld in tlds:
        periods = tuple(
            PeriodPrices(p.period, p.register, p.transfer, p.renew)
            for p in sorted(tld.pricing, key=lambda p: p.period)
            if p.period in REGISTER_PERIODS
        )
        grace, redemption = tld.grace_period, tld.redemption_period
        rows.append(
            TldPriceRow(
                tld=tld.tld.lstrip("."),
                categories=tuple(tld.categories),
                periods=periods,
                grace_fee=grace.price if grace else None,
                grace_days=grace.days if grace else None,
                redemption_fee=redemption.price if redemption else None,
                redemption_days=redemption.days if redemption else None,
            )
        )
    return rows


# -- what ordering a name needs -----------------------------------------------------------------


@dataclass(frozen=True)
class OrderSpec:
    """What the register/transfer form of one name asks for."""

    name: DomainName
    tld: TldPricing
    additional_fields: tuple[AdditionalField, ...]
    idn_languages: tuple[IdnLanguage, ...]  # empty for ASCII names

    @property
    def epp_code_required(self) -> bool:
        return bool(self.tld.addons and self.tld.addons.epp_code_required)

    def periods(self, kind: Literal["register", "transfer"]) -> list[PeriodChoice]:
        return choose_periods(self.tld.pricing, kind)


def tld_of(catalog: Catalog, tld: str) -> TldPricing | None:
    wanted = tld.lstrip(".").lower()
    return next((t for t in catalog.tld_pricing() if t.tld.lstrip(".").lower() == wanted), None)


def order_spec(catalog: Catalog, name: DomainName) -> OrderSpec | None:
    """The form definition for ordering `name`, or None when its extension is not sold.

    TLD data, additional fields and IDN languages are the same for everyone: cached reads.
    """
    tld = tld_of(catalog, name.tld)
    if tld is None:
        return None
    languages = catalog.idn_languages() if name.is_idn else []
    return OrderSpec(name, tld, tuple(catalog.additional_fields(name.tld)), tuple(languages))


# -- into the cart ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DomainOrder:
    """A validated register or transfer order, ready for WHMCS."""

    kind: Literal["register", "transfer"]
    name: DomainName
    period: int
    options: DomainOptions = field(default_factory=DomainOptions)
    additional_fields: tuple[str, ...] = ()
    epp_code: str = ""

    def cart_item(self) -> DomainRegisterItem | DomainTransferItem:
        extra = list(self.additional_fields) or None
        if self.kind == "transfer":
            return DomainTransferItem(
                self.name.ascii, self.epp_code, self.period, self.options, extra
            )
        return DomainRegisterItem(self.name.ascii, self.period, self.options, extra)

"""Domain store: spotlight, suggestions, availability, TLD pricing, IDN languages, additional
fields. Lists here carry "meta" paging, as in WHMCS."""

from __future__ import annotations

from typing import Any

from ..catalog import GracePeriod, PremiumName, Tld
from ..domain_names import (
    AVAILABLE,
    DomainName,
    availability,
    is_sensitive,
    parse_domain,
    suggestion_bases,
)
from ..errors import NotFound, NotImplementedByProvider, Unprocessable
from ..money import Currency, amount
from ..request import Request, check_str
from ..responses import Response, paged
from ..routing import route
from .common import current_currency

# -- presenters -------------------------------------------------------------------------------


# The contract marks several prices "nullable" through allOf, which OpenAPI 3.0.3 validators
# (openapi-core included) do not honour: null fails validation there. So the sandbox never sends
# null in those places: a period is listed only when register, transfer and renew all have a
# price, and where no price exists at all (an unsupported TLD) the amounts are zero.


def domain_pricing_json(tld: Tld, period: int, currency: Currency) -> dict[str, Any] | None:
    """One period's prices, or None when the TLD lacks one of them for that period."""
    prices = {}
    for kind, table in (
        ("register", tld.register),
        ("transfer", tld.transfer),
        ("renew", tld.renew),
    ):
        years = table.get(currency.code, ())
        if len(years) < period:
            return None
        prices[kind] = amount(years[period - 1], currency)
    return {"period": period, **prices}


def tld_periods_json(tld: Tld, currency: Currency) -> list[dict[str, Any]]:
    periods = (domain_pricing_json(tld, p, currency) for p in range(1, tld.periods + 1))
    return [period for period in periods if period is not None]


def _premium_pricing_json(premium: PremiumName, currency: Currency) -> dict[str, Any]:
    register = amount(premium.register[currency.code], currency)
    return {
        "period": 1,
        "register": register,
        "transfer": register,  # a premium transfer costs what its registration does
        "renew": amount(premium.renew[currency.code], currency),
    }


def _zero_pricing_json(currency: Currency) -> dict[str, Any]:
    zero = amount(0, currency)
    return {"period": 1, "register": zero, "transfer": zero, "renew": zero}


def domain_status_json(request: Request, name: DomainName, currency: Currency) -> dict[str, Any]:
    status, tld, premium = availability(name, request.world.catalog)
    if premium is not None:
        pricing = [_premium_pricing_json(premium, currency)]
    elif tld is not None:
        pricing = tld_periods_json(tld, currency)
    else:
        pricing = []
    shortest = pricing[0] if pricing else _zero_pricing_json(currency)
    return {
        "domain_name": name.ascii,
        "idn_domain_name": name.unicode,
        # Without the leading dot, as WHMCS writes it (its cart shows "." + tld).
        "tld": name.tld,
        "sld": name.sld,
        "idn_sld": name.idn_sld,
        "status": status,
        "group": tld.group if tld else None,
        "pricing": pricing,
        "shortest_period": shortest,
        "is_premium": premium is not None,
        # Not null for standard names (see above): their cost is the standard price.
        "premium_cost_pricing": shortest,
    }


def _grace_json(grace: GracePeriod | None, currency: Currency) -> dict[str, Any] | None:
    if grace is None:
        return None
    return {"days": grace.days, "price": amount(grace.fee[currency.code], currency)}


def tld_pricing_json(tld: Tld, currency: Currency) -> dict[str, Any]:
    return {
        "tld": tld.tld,
        "categories": list(tld.categories),
        "group": tld.group,
        "addons": {
            "dns_management": tld.dns_management,
            "email_forwarding": tld.email_forwarding,
            "id_protection": tld.id_protection,
            "epp_code_required": tld.epp_code_required,
        },
        "pricing": tld_periods_json(tld, currency),
        "grace_period": _grace_json(tld.grace, currency),
        "redemption_period": _grace_json(tld.redemption, currency),
    }


def _sorted_tlds(request: Request, *, spotlight_only: bool = False) -> list[Tld]:
    tlds = [t for t in request.world.catalog.tlds if t.spotlight or not spotlight_only]
    return sorted(tlds, key=lambda t: (t.order, t.tld))


# -- lookups -----------------------------------------------------------------------------------


@route("GET", "/store/domain/spotlight")
def spotlight(request: Request) -> Response:
    page, currency = request.page, current_currency(request)
    typed = parse_domain(request.query_str("domain", max_length=253) or "", require_tld=False)
    names = [
        DomainName(typed.sld, typed.idn_sld, t.tld)
        for t in _sorted_tlds(request, spotlight_only=True)
    ]
    results = [domain_status_json(request, name, currency) for name in names]
    return paged(results, page, with_meta=True)


@route("GET", "/store/domain/availability")
def domain_availability(request: Request) -> dict[str, Any]:
    currency = current_currency(request)
    name = parse_domain(request.query_str("domain", max_length=253) or "", require_tld=True)
    tld = request.world.catalog.tld(name.tld)
    if tld is not None and not tld.eligibility_check:
        raise NotImplementedByProvider(
            f"The registrar for .{tld.tld} does not support availability checks."
        )
    status = domain_status_json(request, name, currency)
    return {
        "is_domain_available": status["status"] == AVAILABLE,
        "is_tld_available": tld is not None,
        "domain": status,
    }


@route("GET", "/store/domain/suggestions")
def suggestion_options(request: Request) -> dict[str, Any]:
    rules = request.world.catalog.domain_rules
    return {
        "lookup_provider": rules.lookup_provider,
        "maximum_length_supported": True,
        "tld_override_supported": True,
        "sensitive_filter_override_supported": True,
        "maximum_term_length": rules.maximum_term_length,
        "configured_suggestion_tlds": list(rules.suggestion_tlds),
    }


@route("POST", "/store/domain/suggestions")
def suggestions(request: Request) -> Response:
    page, currency = request.page, current_currency(request)
    catalog = request.world.catalog
    rules = catalog.domain_rules
    term = request.field_str("term", min_length=3, max_length=rules.maximum_term_length)
    maximum_length = request.field_int("maximum_length", required=False, minimum=3, maximum=63)
    filter_sensitive = request.field_bool("filter_sensitive_content", required=False, default=True)
    tlds = _suggestion_tlds(request)
    results = []
    for base in suggestion_bases(term or "", rules):
        if maximum_length is not None and len(base) > maximum_length:
            continue
        if filter_sensitive and is_sensitive(base, rules):
            continue
        for tld in tlds:
            status = domain_status_json(request, DomainName(base, base, tld), currency)
            if status["status"] == AVAILABLE:
                results.append(status)
    return paged(results, page, with_meta=True)


def _suggestion_tlds(request: Request) -> list[str]:
    """Requested TLDs that are configured (others ignored), else the configured defaults."""
    catalog = request.world.catalog
    requested = request.field_list("tlds", required=False)
    if not requested:
        return list(catalog.domain_rules.suggestion_tlds)
    wanted = [check_str(item, "tlds", 1, 63).lower().lstrip(".") for item in requested]
    configured = [tld for tld in dict.fromkeys(wanted) if catalog.tld(tld) is not None]
    if not configured:
        raise Unprocessable("None of the requested TLDs is offered.")
    return configured


# -- pricing and reference data ------------------------------------------------------------------


@route("GET", "/store/domain/pricing")
def all_tld_pricing(request: Request) -> Response:
    page, currency = request.page, current_currency(request)
    return paged(
        [tld_pricing_json(t, currency) for t in _sorted_tlds(request)], page, with_meta=True
    )


@route("GET", "/store/domain/pricing/spotlight")
def spotlight_tld_pricing(request: Request) -> Response:
    page, currency = request.page, current_currency(request)
    tlds = _sorted_tlds(request, spotlight_only=True)
    return paged([tld_pricing_json(t, currency) for t in tlds], page, with_meta=True)


@route("GET", "/store/domain/pricing/{tld_id}")
def one_tld_pricing(request: Request) -> dict[str, Any]:
    currency = current_currency(request)
    raw = request.params["tld_id"]
    tld = request.world.catalog.tld(raw) if len(raw) <= 63 else None
    if tld is None:
        raise NotFound(f"TLD not found: {raw[:63]}")
    return tld_pricing_json(tld, currency)


@route("GET", "/store/domain/idnlanguages")
def idn_languages(request: Request) -> Response:
    languages = [
        {"code": code, "language": language}
        for code, language in request.world.catalog.idn_languages
    ]
    return paged(languages, request.page, with_meta=True)


@route("GET", "/store/domain/additionalfields")
def additional_fields(request: Request) -> Response:
    page = request.page
    raw = request.query_str("tld", max_length=63) or ""
    tld = request.world.catalog.tld(raw)
    if tld is None:
        raise NotFound(f"TLD not found: {raw}")
    fields = [_additional_field_json(field) for field in tld.additional_fields]
    return paged(fields, page, with_meta=True)


def _additional_field_json(field: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": field.get("name"),
        "required": field.get("required", False),
        "type": field.get("type"),
        "default": field.get("default"),
        "options": [
            {"value": value, "display_name": display} for value, display in field.get("options", [])
        ]
        or None,
    }

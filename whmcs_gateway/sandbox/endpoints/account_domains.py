"""The active client's domains with renewal data: GET /user/domains[/{domain_id}]."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..accounts import OwnedDomain
from ..domain_names import parse_domain
from ..errors import NotFound
from ..money import Currency, amount
from ..request import Request
from ..responses import Response, paged
from ..routing import route
from .common import relative_date, require_client

# Domains expiring within this many days are "expiring soon" (WHMCS's renewal window).
EXPIRING_SOON_DAYS = 90
RENEWABLE_STATUSES = {"Active", "Expired", "Grace", "Redemption"}


def domain_renewal_json(
    request: Request, domain: OwnedDomain, currency: Currency
) -> dict[str, Any]:
    catalog = request.world.catalog
    name = parse_domain(domain.domain, require_tld=True)
    tld = catalog.tld(name.tld)
    days = domain.expires_in_days
    grace_days = tld.grace.days if tld and tld.grace else 0
    redemption_days = tld.redemption.days if tld and tld.redemption else 0
    in_grace = -grace_days <= days < 0
    in_redemption = -(grace_days + redemption_days) <= days < -grace_days
    past_redemption = days < -(grace_days + redemption_days)
    reason = domain.non_renewable_reason
    if reason is None and tld is None:
        reason = "This domain's TLD is no longer offered."
    if reason is None and (domain.status not in RENEWABLE_STATUSES or past_redemption):
        reason = "This domain is past its redemption period and can no longer be renewed."
    if in_grace:
        left = grace_days + days
    elif in_redemption:
        left = grace_days + redemption_days + days
    else:
        left = 0
    return {
        "domain_name": domain.domain,
        "id": domain.id,
        "status": domain.status,
        "expiry_date": relative_date(request.world.today(), days),
        "days_to_expiry": days,
        "days_of_grace_period": grace_days,
        "in_grace_period": in_grace,
        "days_of_redemption_period": redemption_days,
        "in_redemption_period": in_redemption,
        "past_redemption_period": past_redemption,
        "days_left_in_period": left,
        "is_premium": domain.is_premium,
        "is_expiring_soon": days <= EXPIRING_SOON_DAYS,
        "eligible_for_renewal": reason is None,
        "free_domain_renewal": domain.free_renewal,
        # Not in the contract's DomainRenewal schema; WHMCS's renewal pages show it.
        "non_renewable_reason": reason,
        "renewal_periods": []
        if reason
        else _renewal_periods(request, domain, currency, in_grace, in_redemption),
    }


def _renewal_periods(
    request: Request, domain: OwnedDomain, currency: Currency, in_grace: bool, in_redemption: bool
) -> list[dict[str, Any]]:
    catalog = request.world.catalog
    name = parse_domain(domain.domain, require_tld=True)
    tld = catalog.tld(name.tld)
    assert tld is not None
    late_fee = Decimal(0)
    if in_grace and tld.grace:
        late_fee = tld.grace.fee[currency.code]
    if in_redemption and tld.redemption:
        late_fee = tld.redemption.fee[currency.code]
    premium = catalog.domain_rules.premium.get(domain.domain) if domain.is_premium else None
    if premium is not None:
        yearly = [premium.renew[currency.code]]  # premium names renew one year at a time
    else:
        yearly = list(tld.renew.get(currency.code, ()))
    if domain.free_renewal:
        yearly = yearly[:1] and [Decimal(0)]
    return [
        {"period": years, "pricing": amount(price + late_fee, currency)}
        for years, price in enumerate(yearly, start=1)
    ]


def _currency(request: Request) -> Currency:
    client = require_client(request)
    catalog = request.world.catalog
    return catalog.currency(client.currency_code) or catalog.default_currency


@route("GET", "/user/domains")
def list_domains(request: Request) -> Response:
    page = request.page
    client = require_client(request)
    currency = _currency(request)
    domains = request.world.accounts.domains_of(client.id)
    return paged([domain_renewal_json(request, d, currency) for d in domains], page)


@route("GET", "/user/domains/{domain_id:int}")
def get_domain(request: Request) -> dict[str, Any]:
    client = require_client(request)
    domain = request.world.accounts.domains.get(request.params["domain_id"])
    if domain is None or domain.client_id != client.id:
        raise NotFound("Domain not found")
    return domain_renewal_json(request, domain, _currency(request))

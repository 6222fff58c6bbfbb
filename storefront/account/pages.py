"""The account pages' contexts: built here for the live pages and the pattern library alike."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from whmcs_gateway.models import DomainRenewal, Service


def domain_renewal_refusal(domain: DomainRenewal) -> str:
    """Why a domain cannot be renewed, in WHMCS's words where it gives them."""
    if domain.eligible_for_renewal and domain.renewal_periods:
        return ""
    reason = (domain.model_extra or {}).get("non_renewable_reason")
    if isinstance(reason, str) and reason:
        return reason
    if domain.past_redemption_period:
        return "This domain is past its redemption period and can no longer be renewed."
    return "This domain cannot be renewed online. Please contact us."


def form_page(form: forms.Form) -> dict[str, Any]:
    """The login, second-factor and client-choice pages: their one form."""
    return {"form": form}


def services_page(services: Iterable[Service], once_token: str) -> dict[str, Any]:
    return {"services": list(services), "once_token": once_token}


def domains_page(domains: Iterable[DomainRenewal], once_token: str) -> dict[str, Any]:
    """Each domain with why it cannot be renewed ("" when it can)."""
    rows = [(domain, domain_renewal_refusal(domain)) for domain in domains]
    return {"rows": rows, "once_token": once_token}

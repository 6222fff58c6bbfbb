"""Sample contexts of the account pages and the checkout choice, as their views build them.

The customer is the sandbox's agency demo user (two client accounts, services and domains,
some of them cancelled and so not renewable), logged in to the private sample sandbox.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.urls import reverse

from storefront.account import pages as account_pages
from storefront.account.forms import (
    WRONG_CODE,
    WRONG_CREDENTIALS,
    ClientChoiceForm,
    LoginForm,
    SecondFactorForm,
)
from storefront.checkout import pages as checkout_pages
from storefront.visitor.cart import CartOutcome, new_one_time_token
from storefront.visitor.records import AccountMenu
from whmcs_gateway.models import DomainRenewal, Service, User
from whmcs_gateway.rest import all_items
from whmcs_gateway.sandbox.demo import AGENCY_EMAIL, AGENCY_PASSWORD

from .samples import _cart_with_discount_and_tax, world

# -- the logged-in customer -----------------------------------------------------------------


@dataclass(frozen=True)
class AgencyRecords:
    user: User
    services: tuple[Service, ...]
    domains: tuple[DomainRenewal, ...]


@cache
def _agency() -> AgencyRecords:
    """Logged in and read once, straight away: the login state would expire if kept for later."""
    visitor = world().visitor("account-agency")
    user = visitor.rest.user.login(AGENCY_EMAIL, AGENCY_PASSWORD)
    services = tuple(all_items(visitor.rest.account.services))
    domains = tuple(all_items(visitor.rest.account.domains))
    return AgencyRecords(user, services, domains)


def _client_label(user: User, company: str) -> str:
    return company or f"{user.firstname} {user.lastname}".strip()


@cache
def agency_account() -> dict[str, Any]:
    """The session's account entry, as `account.services` stores it after the login."""
    user = _agency().user
    selected = next(client.uuid for client in user.clients if client.selected)
    return {
        "name": f"{user.firstname} {user.lastname}".strip(),
        "email": user.email,
        "clients": [
            {"uuid": client.uuid, "label": _client_label(user, client.company)}
            for client in user.clients
        ],
        "client": selected,
        "client_confirmed": True,
    }


def agency_account_menu() -> AccountMenu:
    """The header's account area of the agency user (what the context processor adds)."""
    account = agency_account()
    label = next(c["label"] for c in account["clients"] if c["uuid"] == account["client"])
    return AccountMenu(account["name"], label, len(account["clients"]) > 1)


def logged_in_header(cart_count: int = 1) -> dict[str, Any]:
    return {"account_menu": agency_account_menu(), "cart_count": cart_count}


# -- logging in -----------------------------------------------------------------------------


def layout_logged_in() -> dict[str, Any]:
    """Any page's layout while a customer is logged in, acting for one of two clients."""
    return logged_in_header(cart_count=2)


def login() -> dict[str, Any]:
    return account_pages.form_page(LoginForm(initial={"next": ""}))


def login_refused() -> dict[str, Any]:
    form = LoginForm({"email": AGENCY_EMAIL, "password": "not-the-password", "next": ""})
    form.is_valid()
    form.add_error(None, WRONG_CREDENTIALS)
    return account_pages.form_page(form)


def login_form_with_field_errors() -> dict[str, Any]:
    form = LoginForm({"email": "agency at example", "password": "", "next": ""})
    form.is_valid()
    return account_pages.form_page(form)


def second_factor() -> dict[str, Any]:
    return account_pages.form_page(SecondFactorForm(initial={"next": ""}))


def second_factor_refused() -> dict[str, Any]:
    form = SecondFactorForm({"code": "123 456", "next": ""})
    form.is_valid()
    form.add_error("code", WRONG_CODE)
    return account_pages.form_page(form)


def choose_client() -> dict[str, Any]:
    account = agency_account()
    form = ClientChoiceForm(
        clients=account["clients"], initial={"client": account["client"], "next": ""}
    )
    return {**account_pages.form_page(form), **logged_in_header()}


def choose_client_unanswered() -> dict[str, Any]:
    form = ClientChoiceForm({"next": ""}, clients=agency_account()["clients"])
    form.is_valid()
    return {**account_pages.form_page(form), **logged_in_header()}


# -- services, domains, renewals ------------------------------------------------------------


def services() -> dict[str, Any]:
    """Renewable and cancelled services, with a renewable and a cancelled addon."""
    context = account_pages.services_page(_agency().services, once_token=new_one_time_token())
    return {**context, **logged_in_header()}


def services_none() -> dict[str, Any]:
    context = account_pages.services_page([], once_token=new_one_time_token())
    return {**context, **logged_in_header(cart_count=0)}


def domains() -> dict[str, Any]:
    """Active, in-grace, premium and a cancelled (not renewable) domain."""
    context = account_pages.domains_page(_agency().domains, once_token=new_one_time_token())
    return {**context, **logged_in_header()}


def domains_none() -> dict[str, Any]:
    context = account_pages.domains_page([], once_token=new_one_time_token())
    return {**context, **logged_in_header(cart_count=0)}


def _service_renewal_context(service: Service) -> dict[str, Any]:
    """What services.html passes to account/renewal.html for one service."""
    return {
        "renewal": service.renewal,
        "billing": service.billing,
        "kind": "service",
        "record_id": service.id,
        "name": service.product.name,
        "once_token": new_one_time_token(),
    }


def _first_service(*, renewable: bool) -> Service:
    return next(s for s in _agency().services if s.renewal.is_renewable == renewable)


def renewal() -> dict[str, Any]:
    return _service_renewal_context(_first_service(renewable=True))


def renewal_refused() -> dict[str, Any]:
    return _service_renewal_context(_first_service(renewable=False))


# -- checkout: log in or carry on as a guest ------------------------------------------------


def _checkout(account: dict[str, Any] | None, cart_count: int) -> dict[str, Any]:
    login_form = LoginForm(initial={"next": reverse("checkout:start")})
    contents = _cart_with_discount_and_tax() if cart_count else None
    cart = CartOutcome(contents=contents)
    return checkout_pages.choose_page(world().catalog, cart, account=account, login_form=login_form)


def checkout_as_guest_or_log_in() -> dict[str, Any]:
    return _checkout(None, cart_count=1)


def checkout_logged_in() -> dict[str, Any]:
    return {**_checkout(agency_account(), cart_count=1), "account_menu": agency_account_menu()}


def checkout_with_empty_cart() -> dict[str, Any]:
    return _checkout(None, cart_count=0)

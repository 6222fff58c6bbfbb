"""My services and My domains: status, next due date, renewal price, and renewals into the cart
in one step (one POST, one upstream call); what cannot be renewed says why."""

from __future__ import annotations

import re

import pytest

from tests.shop import once_token, text_of

from .conftest import DEMO, log_in

pytestmark = pytest.mark.django_db


def section(page_text: str, start: str, end: str | None = None) -> str:
    part = page_text.split(start, 1)[1]
    return part.split(end, 1)[0] if end else part


def test_my_services_show_status_due_date_and_renewal_price(agency):
    page = text_of(agency.get("/account/services"))
    business = section(page, "agency-client.com", "vps1.agency-studio.example")
    assert "Status Active" in business
    assert re.search(r"Next due \d{1,2} \w+ \d{4}", business)
    assert "Renewal: $79.08 USD annually" in business


def test_what_cannot_be_renewed_says_why(agency):
    page = text_of(agency.get("/account/services"))
    assert "Cannot be renewed: This service is not renewable because it has been cancelled." in page
    assert (
        "Cannot be renewed: This service addon is not renewable because it has been cancelled."
        in page
    )


def renew(client, page_url, **fields):
    page = client.get(page_url)
    return client.post("/account/renew", {"once": once_token(page), **fields})


def test_a_service_renewal_lands_in_the_cart_with_one_upstream_call(agency, upstream):
    agency.post("/cart/empty")  # the cart exists: adding is then exactly one call
    upstream.clear()
    page = agency.get("/account/services")
    upstream.clear()
    response = agency.post(
        "/account/renew", {"kind": "service", "record": "201", "once": once_token(page)}
    )
    assert response["Location"] == "/cart/"
    assert len(upstream) == 1 and upstream[0][0] == "POST" and upstream[0][1].endswith("/items")
    cart = text_of(agency.get("/cart/"))
    assert "The service renewal is in your cart." in cart
    assert "agency-client.com" in cart


def test_an_addon_renewal_lands_in_the_cart(agency):
    renew(agency, "/account/services", kind="addon", record="2101")
    cart = text_of(agency.get("/cart/"))
    assert "The addon renewal is in your cart." in cart
    assert "Renewal" in cart or "renewal" in cart


def test_a_domain_renewal_for_the_chosen_period_lands_in_the_cart(agency):
    page = text_of(agency.get("/account/domains"))
    assert "agency-client.com" in page and "Expires" in page
    assert "2 years:" in page
    renew(agency, "/account/domains", kind="domain", record="601", period="2")
    cart = text_of(agency.get("/cart/"))
    assert "The domain renewal is in your cart." in cart
    assert "agency-client.com" in cart and "2 Years" in cart.title()


def test_the_same_renewal_form_posted_twice_adds_it_once(agency):
    page = agency.get("/account/services")
    fields = {"kind": "service", "record": "202", "once": once_token(page)}
    agency.post("/account/renew", fields)
    again = agency.post("/account/renew", fields, follow=True)
    assert "That renewal was already added to your cart." in text_of(again)
    assert agency.get("/cart/").content.decode().count('class="card cart-item"') == 1


def test_renewing_something_whmcs_refuses_says_why(agency):
    response = renew(agency, "/account/services", kind="service", record="203")
    page = text_of(agency.get(response["Location"]))
    assert "This cannot be renewed:" in page


def test_a_tampered_renewal_form_changes_nothing(agency, upstream):
    upstream.clear()
    response = agency.post("/account/renew", {"kind": "server", "record": "x", "once": "t"})
    assert response["Location"] == "/account/services"
    assert upstream == []


def test_another_clients_service_is_not_renewable_from_here(client):
    log_in(client, DEMO)
    response = renew(client, "/account/services", kind="service", record="201")
    assert "This cannot be renewed:" in text_of(client.get(response["Location"]))


def test_services_and_domains_need_a_login(client):
    for url in ("/account/services", "/account/domains"):
        response = client.get(url)
        assert response["Location"] == f"/account/login?next={url.replace('/', '%2F')}"
    assert client.post("/account/renew", {})["Location"].startswith("/account/login")

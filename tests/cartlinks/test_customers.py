"""Customers: a quote only its customer opens (and checks out, counted); a cart saved as a link
and opened in another browser."""

from __future__ import annotations

import pytest
from django.test import Client

from storefront.cartlinks import items
from storefront.cartlinks.models import CartLink
from tests.account.conftest import AGENCY_STUDIO, log_in
from tests.cart.conftest import add_vps
from tests.cartlinks.conftest import AGENCY, VPS_S, link_on_page, make_link, url_of
from tests.shop import text_of

pytestmark = pytest.mark.django_db

BRIGHT_SMILE = "3e409051-6f4d-4ca1-8d84-9f50b14c3d04"
DEMO = ("demo@example.com", "demo-password-1")


def agency_quote(**fields) -> CartLink:
    return make_link(
        kind="quote",
        client_uuid=AGENCY_STUDIO,
        client_label="Agency Studio LLC",
        client_email="agency@example.com",
        note="Your quote, as agreed.",
        **fields,
    )


def agency_client() -> Client:
    client = Client()
    log_in(client, AGENCY)
    client.post("/account/client", {"client": AGENCY_STUDIO})
    return client


def test_a_bound_quote_asks_a_visitor_to_log_in_and_changes_nothing(client):
    link = agency_quote()
    response = client.get(url_of(link))
    assert response.status_code == 403
    page = text_of(response)
    assert "Log in to open this quote" in page and "Nothing was added to your cart" in page
    assert "/account/login?next=%2Fl%2F" in response.content.decode()
    link.refresh_from_db()
    assert (link.opens, link.carts_created) == (0, 0)


def test_another_customer_cannot_open_a_bound_quote():
    link = agency_quote()
    other = Client()
    log_in(other, DEMO)
    response = other.get(url_of(link))
    assert response.status_code == 403
    assert "This quote is for another customer" in text_of(response)
    assert "VPS S" not in text_of(other.get("/cart/"))


def test_the_same_user_on_another_client_account_is_asked_to_switch():
    link = agency_quote()
    client = Client()
    log_in(client, AGENCY)
    client.post("/account/client", {"client": BRIGHT_SMILE})
    response = client.get(url_of(link))
    assert response.status_code == 403
    page = text_of(response)
    assert "Switch client account to open this quote" in page and "Agency Studio LLC" in page


def test_the_customer_opens_the_quote_logged_in_and_checkout_is_counted():
    link = agency_quote()
    customer = agency_client()
    page = text_of(customer.get(url_of(link), follow=True))
    assert "A note for you: Your quote, as agreed." in page
    assert "VPS S" in page and "Your cart is ready: 1 item." in page
    response = customer.post("/checkout/")
    assert response.status_code == 302 and "/whmcs/" in response["Location"]
    link.refresh_from_db()
    assert (link.opens, link.carts_created, link.checkouts) == (1, 1, 1)
    customer.post("/checkout/")  # the same cart handed off again counts once
    link.refresh_from_db()
    assert link.checkouts == 1


def test_logging_in_from_the_quote_page_comes_back_to_the_quote(client):
    link = agency_quote()
    login = client.get(url_of(link))
    assert login.status_code == 403
    response = log_in(client, AGENCY, next=url_of(link))
    assert response.status_code == 302
    chosen = client.post(
        response["Location"] if "client" in response["Location"] else "/account/client",
        {"client": AGENCY_STUDIO, "next": url_of(link)},
    )
    landing = client.get(chosen["Location"], follow=True) if chosen.status_code == 302 else chosen
    assert "VPS S" in text_of(client.get("/cart/")), text_of(landing)


def test_a_checkout_of_a_cart_not_made_by_a_link_counts_for_no_link(client):
    link = make_link()
    add_vps(client)
    client.post("/checkout/")
    link.refresh_from_db()
    assert link.checkouts == 0


def test_a_customer_saves_the_cart_and_opens_it_in_another_browser(client):
    add_vps(client)
    client.post("/domains/", {})  # nothing: the cart holds the VPS only
    cart_page = client.get("/cart/").content.decode()
    assert "Save or share this cart" in cart_page
    response = client.post("/cart/save")
    assert response.status_code == 200
    page = text_of(response)
    assert "Your cart's link" in page and "puts the same 1 item in a cart" in page
    path = link_on_page(response.content.decode())
    link = CartLink.objects.get(kind="saved")
    assert link.items[0]["product_id"] == VPS_S

    elsewhere = Client()
    landing = text_of(elsewhere.get(path, follow=True))
    assert "VPS S" in landing and "Your cart is ready: 1 item." in landing
    mine = client.session["whmcs_visitor"]
    theirs = elsewhere.session["whmcs_visitor"]
    assert mine != theirs
    # the original cart is untouched
    assert "VPS S" in text_of(client.get("/cart/"))


def test_saving_an_empty_cart_says_there_is_nothing_to_save(client):
    response = client.post("/cart/save", follow=True)
    assert "Your cart is empty: there is nothing to save yet." in text_of(response)
    assert CartLink.objects.count() == 0


def test_a_saved_cart_leaves_out_a_transfers_epp_code_and_says_so(client):
    from storefront.visitor.cart import add_items
    from storefront.visitor.visitor import Visitor
    from whmcs_gateway.rest import DomainTransferItem

    add_vps(client)
    session = client.session
    add_items(Visitor(session), [DomainTransferItem("moving-saved.com", "SECRET-EPP", 1)])
    session.save()
    response = client.post("/cart/save")
    page = text_of(response)
    assert "The transfer of moving-saved.com is not in the link: its EPP code is secret" in page
    link = CartLink.objects.get(kind="saved")
    assert "SECRET-EPP" not in str(link.items)
    assert [r["type"] for r in link.items] == ["product"]


def test_save_needs_a_post_with_a_csrf_token():
    strict = Client(enforce_csrf_checks=True)
    assert strict.get("/cart/save").status_code == 405
    assert strict.post("/cart/save").status_code == 403


def test_a_saved_link_is_snapshot_not_the_same_cart(client):
    add_vps(client)
    path = link_on_page(client.post("/cart/save").content.decode())
    client.post("/cart/empty")
    elsewhere = Client()
    assert "VPS S" in text_of(elsewhere.get(path, follow=True))


def test_domain_only_link_works_for_a_guest(client):
    link = make_link(items=[items.domain_record("domain_register", "only-domain.com", 1)])
    assert "only-domain.com" in text_of(client.get(url_of(link), follow=True))

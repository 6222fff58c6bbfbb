"""Long-idle visitors: the WHMCS state is refreshed before it expires (only when due), and an
expired or refused state never shows an error page or loses the cart."""

from __future__ import annotations

import pytest

from tests.cart.conftest import add_vps
from tests.shop import text_of

from .conftest import DEMO, log_in

pytestmark = pytest.mark.django_db

# The sandbox's X-Api-State lives an hour; the shop refreshes it in its last 20 minutes.


def test_a_state_with_time_left_costs_no_extra_call(demo, upstream, later):
    later(minutes=10)
    demo.get("/cart/")
    assert ("POST", "/keepalive") not in upstream


def test_a_state_near_its_end_is_refreshed_at_the_next_request(demo, upstream, later):
    later(minutes=45)
    demo.get("/")
    assert ("POST", "/keepalive") in upstream
    later(minutes=100)  # an hour after the refresh would have been too late without it
    assert "Dana Demo" in text_of(demo.get("/"))


def test_an_expired_guest_state_carries_on_with_the_same_cart(guest_with_vps, later):
    later(hours=3)
    response = guest_with_vps.get("/cart/")
    assert response.status_code == 200
    page = text_of(response)
    assert "VPS S" in page and "expired" not in page.lower()


def test_an_expired_login_asks_to_log_in_again_and_keeps_the_cart(demo, later):
    add_vps(demo)
    later(hours=3)
    response = demo.get("/cart/")
    page = text_of(response)
    assert response.status_code == 200
    assert "Your session has expired. Please log in again; your cart is kept." in page
    assert "Dana Demo" not in page and "Log in" in page
    log_in(demo, DEMO)
    assert "VPS S" in text_of(demo.get("/cart/"))


def test_an_expired_login_on_an_account_page_leads_to_the_login_and_back(demo, later):
    later(hours=3)
    response = demo.get("/account/domains")
    assert response["Location"] == "/account/login?next=%2Faccount%2Fdomains"


def spoil_state(client):
    """WHMCS stops accepting the state before its time (e.g. its sessions were cleared)."""
    from whmcs_gateway import conf

    store = conf.state_store()
    visitor = client.session["whmcs_visitor"]
    store.store_token(visitor, "not.a-valid.state", read=store.snapshot(visitor))


def test_a_refused_state_on_an_account_page_asks_to_log_in_again(demo):
    spoil_state(demo)
    response = demo.get("/account/services", follow=True)
    page = text_of(response)
    assert response.redirect_chain[-1][0] == "/account/login?next=%2Faccount%2Fservices"
    assert "Your session has expired. Please log in again; your cart is kept." in page


def test_a_refused_guest_state_is_replaced_without_an_error_page(guest_with_vps):
    spoil_state(guest_with_vps)
    response = guest_with_vps.get("/cart/", follow=True)
    assert response.status_code == 200
    assert "VPS S" in text_of(response)

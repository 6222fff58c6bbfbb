"""The guest cart becomes the customer's cart at login; the active client account sets the
currency, the prices and the tax, and can be switched from the account menu."""

from __future__ import annotations

import re

import pytest

from tests.shop import text_of

from .conftest import AGENCY, AGENCY_STUDIO, BRIGHT_SMILE, DEMO, TWOFA, current_code, log_in

pytestmark = pytest.mark.django_db


def cart_page(client) -> str:
    return text_of(client.get("/cart/"))


def test_the_guest_cart_is_the_customers_cart_after_login(guest_with_vps):
    from whmcs_gateway import conf

    before = cart_page(guest_with_vps)
    assert "VPS S" in before and "Texas Sales Tax" not in before
    log_in(guest_with_vps, DEMO)
    after = cart_page(guest_with_vps)
    assert "VPS S" in after
    assert "Texas Sales Tax (6.25%)" in after  # Dana's billing address now sets the tax
    world = conf.sandbox_app().world
    cart_id = conf.state_store().cart_id(guest_with_vps.session["whmcs_visitor"])
    assert world.carts[cart_id].owner_user_id == world.accounts.user_by_email(DEMO[0]).id


def test_the_guest_cart_survives_a_two_step_login(guest_with_vps):
    log_in(guest_with_vps, TWOFA)
    assert "VPS S" in cart_page(guest_with_vps)  # still there, still the guest's
    guest_with_vps.post("/account/login/code", {"code": current_code()})
    page = cart_page(guest_with_vps)
    assert "VPS S" in page and "€" in page  # Factor GmbH pays in euros, with German VAT
    assert "VAT (19%)" in page


def test_a_customer_with_several_accounts_chooses_one_after_login(client):
    response = log_in(client, AGENCY, next="/cart/")
    assert response["Location"] == "/account/client?next=%2Fcart%2F"
    page = text_of(client.get(response["Location"]))
    assert "Which account are you shopping for?" in page
    assert "Agency Studio LLC" in page and "Bright Smile Dental Ltd" in page
    chosen = client.post("/account/client", {"client": BRIGHT_SMILE, "next": "/cart/"})
    assert chosen["Location"] == "/cart/"
    assert "Alex Agency · Bright Smile Dental Ltd" in cart_page(client)


def test_nothing_of_the_account_shows_before_an_account_is_chosen(client):
    log_in(client, AGENCY)
    assert client.get("/account/services")["Location"].startswith("/account/client")


def test_switching_account_changes_currency_prices_and_tax(agency, upstream):
    from tests.cart.conftest import add_vps

    add_vps(agency)
    in_new_york = cart_page(agency)
    assert "$" in in_new_york and "New York Sales Tax (4%)" in in_new_york
    assert "NYC Local Tax (4.5%)" in in_new_york

    agency.post("/account/client", {"client": BRIGHT_SMILE, "next": "/cart/"})
    assert ("PUT", f"/user/session/client/{BRIGHT_SMILE}") in upstream
    in_london = cart_page(agency)
    assert "£" in in_london and "$" not in in_london.split("Your cart", 2)[-1]
    assert "VAT (20%)" in in_london and "New York" not in in_london
    # The catalog follows too: store pages are priced in the client's currency.
    assert agency.session["currency"] == "GBP"
    assert "£" in text_of(agency.get("/order/6/vps-s/"))


def test_switching_back_and_forth_keeps_the_cart(agency):
    from tests.cart.conftest import add_vps

    add_vps(agency)
    agency.post("/account/client", {"client": BRIGHT_SMILE})
    agency.post("/account/client", {"client": AGENCY_STUDIO})
    assert "VPS S" in cart_page(agency)


def test_an_unknown_account_is_refused_next_to_the_choice(agency):
    response = agency.post("/account/client", {"client": "not-one-of-mine"})
    assert response.status_code == 422
    assert "Choose one of your accounts." in text_of(response)


def test_the_menu_offers_switching_only_with_several_accounts(agency, client):
    assert "Switch account" in cart_page(agency)
    agency.post("/account/logout")
    log_in(agency, DEMO)
    assert "Switch account" not in cart_page(agency)


def test_checkout_asks_a_guest_to_log_in_or_continue_as_guest(guest_with_vps):
    page = text_of(guest_with_vps.get("/checkout/"))
    assert "I have an account" in page and "Continue as guest" in page
    html = guest_with_vps.get("/checkout/").content.decode()
    assert 'name="next" value="/checkout/"' in html


def test_logging_in_at_checkout_comes_back_to_checkout_with_the_cart(guest_with_vps):
    response = log_in(guest_with_vps, DEMO, next="/checkout/")
    assert response["Location"] == "/checkout/"
    page = text_of(guest_with_vps.get("/checkout/"))
    assert "You are checking out as Dana Demo" in page
    assert "Continue to secure checkout" in page
    handed_over = guest_with_vps.post("/checkout/")
    assert handed_over["Location"].startswith("/whmcs/cart.php?a=checkout")


def test_continuing_as_guest_hands_the_cart_to_whmcs(guest_with_vps):
    response = guest_with_vps.post("/checkout/")
    assert response["Location"].startswith("/whmcs/cart.php?a=checkout")


def test_checkout_with_an_empty_cart_says_so(client):
    assert "Your cart is empty." in text_of(client.get("/checkout/"))


def test_after_logout_and_a_new_login_the_cart_comes_back(guest_with_vps):
    log_in(guest_with_vps, DEMO)
    guest_with_vps.post("/account/logout")
    assert "Your cart is empty." in cart_page(guest_with_vps)
    log_in(guest_with_vps, DEMO)
    page = cart_page(guest_with_vps)
    assert "VPS S" in page and "Your cart is empty." not in page


def test_looking_at_a_configuration_never_fills_the_customers_cart(demo):
    assert "Order summary" in text_of(demo.get("/order/6/vps-s/"))  # priced on a preview cart
    demo.post("/account/logout")
    log_in(demo, DEMO)
    assert "Your cart is empty." in text_of(demo.get("/cart/"))


def test_a_login_that_changes_currency_and_tax_says_so_before_going_on(guest_with_vps):
    response = log_in(guest_with_vps, TWOFA, next="/checkout/")
    guest_with_vps.post("/account/login/code", {"code": current_code(), "next": "/checkout/"})
    page = text_of(guest_with_vps.get("/checkout/"))
    assert "Prices in your cart are now in EUR, your account's currency (they were in USD)." in page
    assert "Tax now follows your account's billing address: VAT (19%)." in page
    assert re.search(r"Due today is now €[\d.,]+ EUR \(was \$162\.00 USD\)\.", page)
    assert "You are about to order" in page  # and the order, re-priced, right below
    assert response.status_code == 302
    # Said once: the next page does not repeat it.
    assert "are now in EUR" not in text_of(guest_with_vps.get("/cart/"))


def test_a_login_in_the_same_currency_speaks_of_the_tax_only(guest_with_vps):
    log_in(guest_with_vps, DEMO)
    page = text_of(guest_with_vps.get("/cart/"))
    assert "Tax now follows your account's billing address: Texas Sales Tax (6.25%)." in page
    assert "are now in" not in page

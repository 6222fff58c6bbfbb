"""The cart: items, edits, promo codes, tax estimate, totals, and a cart WHMCS forgot."""

from __future__ import annotations

import re

import pytest

from tests.shop import text_of

pytestmark = pytest.mark.django_db


def item_id_in(client) -> str:
    html = client.get("/cart/").content.decode()
    return re.search(r'id="item-([A-Za-z0-9]{8})"', html).group(1)


def test_an_empty_cart_says_so_and_points_to_the_products(client):
    page = text_of(client.get("/cart/"))
    assert "Your cart is empty." in page
    assert "Browse hosting plans" in page


def test_the_cart_lists_the_item_with_its_options_cycle_and_totals(cart_with_vps):
    page = text_of(cart_with_vps.get("/cart/"))
    assert "VPS S Annually" in page
    assert "VPS S $132.00 USD" in page
    assert "Data Centre: Frankfurt $0.00 USD" in page
    assert "Extra IPv4 Addresses: 1 × IPv4 address $30.00 USD Line total $162.00 USD" in page
    assert "Subtotal $162.00 USD" in page
    assert "Due today $162.00 USD" in page
    assert "$162.00 USD annually" in page


def test_removing_an_item_empties_the_cart_and_the_counter(cart_with_vps):
    item = item_id_in(cart_with_vps)
    response = cart_with_vps.post(f"/cart/items/{item}/remove", follow=True)
    page = text_of(response)
    assert "Removed from your cart." in page
    assert "Your cart is empty." in page
    assert re.search(r'id="cart-count"[^>]*>0<', response.content.decode())


def test_with_htmx_a_change_answers_with_the_cart_fragment_and_the_new_count(cart_with_vps):
    item = item_id_in(cart_with_vps)
    response = cart_with_vps.post(f"/cart/items/{item}/remove", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="cart-count" class="cart-count" hx-swap-oob="true"' in html
    assert "Your cart is empty." in text_of(response)


def test_changing_the_cycle_reprices_the_item(cart_with_vps):
    item = item_id_in(cart_with_vps)
    cart_with_vps.post(f"/cart/items/{item}/change", {"billing_cycle": "monthly"})
    page = text_of(cart_with_vps.get("/cart/"))
    assert "VPS S Monthly" in page
    assert "VPS S $12.00 USD" in page


def test_a_valid_promo_code_shows_its_discount(cart_with_vps):
    page = text_of(cart_with_vps.post("/cart/promotion", {"code": "SAVE10"}, follow=True))
    assert "Promo code SAVE10 applied." in page
    assert "Discount (SAVE10) −$10.00 USD" in page
    assert "Due today $152.00 USD" in page


def test_removing_the_promo_code_restores_the_total(cart_with_vps):
    cart_with_vps.post("/cart/promotion", {"code": "SAVE10"})
    page = text_of(cart_with_vps.post("/cart/promotion/remove", follow=True))
    assert "Promo code removed." in page
    assert "Due today $162.00 USD" in page


def test_a_refused_promo_code_shows_whmcs_reason_next_to_the_field(cart_with_vps):
    response = cart_with_vps.post("/cart/promotion", {"code": "WELCOME20"})
    assert response.status_code == 422
    errors = re.search(r'id="promo-errors"[^>]*>(.*?)</ul>', response.content.decode(), re.S)
    assert errors and "promotion" in errors.group(1).lower()
    assert 'value="WELCOME20"' in response.content.decode()  # kept for correcting
    assert "Due today $162.00 USD" in text_of(response)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("x" * 500, "Promo codes are at most 64 characters long."),
        ("<script>alert(1)</script>", "A promo code has only letters, digits"),
        ("", "Enter a promo code."),
    ],
)
def test_malformed_promo_codes_never_reach_whmcs(cart_with_vps, upstream, code, message):
    response = cart_with_vps.post("/cart/promotion", {"code": code})
    assert message in text_of(response)
    assert not [call for call in upstream if call[1].endswith("/promotions")]
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_a_guest_location_adds_the_state_tax(cart_with_vps):
    page = text_of(
        cart_with_vps.post("/cart/location", {"country": "US", "state": "Texas"}, follow=True)
    )
    assert "Tax estimate updated." in page
    assert "Texas Sales Tax (6.25%) $10.13 USD" in page


def test_eu_vat_applies_for_a_guest_in_germany(cart_with_vps):
    page = text_of(cart_with_vps.post("/cart/location", {"country": "DE"}, follow=True))
    assert "VAT (19%)" in page


def test_an_unknown_state_is_refused_next_to_the_field(cart_with_vps):
    response = cart_with_vps.post("/cart/location", {"country": "US", "state": "Atlantis"})
    assert response.status_code == 422
    assert "Choose a state of that country." in text_of(response)


def test_a_cart_whmcs_forgot_is_replaced_with_a_message_not_an_error(cart_with_vps):
    from whmcs_gateway import conf

    conf.sandbox_app().world.carts.clear()
    page = text_of(cart_with_vps.get("/cart/"))
    assert "Your previous cart had expired, so we started a new one for you." in page
    assert "Your cart is empty." in page


def test_emptying_the_cart(cart_with_vps):
    page = text_of(cart_with_vps.post("/cart/empty", follow=True))
    assert "Your cart is now empty." in page


def test_a_malformed_item_id_is_not_found_and_changes_nothing(cart_with_vps):
    for path in ("/cart/items/../remove", "/cart/items/short/remove"):
        response = cart_with_vps.post(path)
        assert response.status_code == 404
        assert "Page not found" in text_of(response)
    assert "Remove VPS S" in text_of(cart_with_vps.get("/cart/"))


def test_cart_changes_need_the_csrf_token(cart_with_vps):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.cookies = cart_with_vps.cookies
    response = strict.post("/cart/empty")
    assert response.status_code == 403
    assert "VPS S" in text_of(cart_with_vps.get("/cart/"))


def test_an_item_offers_its_own_cycles_and_a_way_back_to_its_options(cart_with_vps):
    html = cart_with_vps.get("/cart/").content.decode()
    assert '<option value="annually" selected>Annually</option>' in html
    assert '<option value="monthly">Monthly</option>' in html
    link = re.search(r'href="(/order/6/vps-s/\?edit=[^"]+)"', html).group(1)
    assert "option_2=22" in link.replace("&amp;", "&")


def test_changing_options_from_the_cart_replaces_the_item(cart_with_vps):
    from tests.shop import once_token

    html = cart_with_vps.get("/cart/").content.decode()
    link = re.search(r'href="(/order/6/vps-s/\?edit=[^"]+)"', html).group(1).replace("&amp;", "&")
    page = cart_with_vps.get(link)
    assert "Save changes" in text_of(page)
    assert re.search(r'value="22"[^>]*checked', page.content.decode())  # Frankfurt kept
    edit = re.search(r'name="edit" value="(\w+)"', page.content.decode()).group(1)
    response = cart_with_vps.post(
        "/order/6/vps-s/",
        {
            "billing_cycle": "annually",
            "option_1": "12",
            "option_2": "23",
            "option_4": "1",
            "custom_7": "vps1.example.com",
            "edit": edit,
            "action": "add",
            "once": once_token(page),
        },
        follow=True,
    )
    cart = text_of(response)
    assert "VPS S updated in your cart." in cart
    assert "Data Centre: London" in cart
    assert "Frankfurt" not in cart
    assert cart.count("Remove VPS S") == 1


def test_a_guest_pays_in_the_currency_they_chose(client):
    from tests.shop import once_token

    client.get("/currency", {"currency": "EUR", "next": "/"})
    page = client.get("/order/6/vps-s/")
    summary = text_of(page).split("Order summary", 1)[1]
    assert "€" in summary and "$" not in summary
    client.post(
        "/order/6/vps-s/",
        {
            "billing_cycle": "annually",
            "option_1": "12",
            "option_2": "22",
            "option_4": "0",
            "custom_7": "vps1.example.com",
            "action": "add",
            "once": once_token(page),
        },
    )
    cart = text_of(client.get("/cart/"))
    assert "VPS S €120,00 EUR" in cart
    assert "USD" not in cart.split("Your cart", 2)[-1]


def test_the_preview_follows_a_currency_switch(client):
    assert "$22.00 USD" in text_of(client.get("/order/6/vps-s/")).split("Order summary", 1)[1]
    client.get("/currency", {"currency": "GBP", "next": "/"})
    summary = text_of(client.get("/order/6/vps-s/")).split("Order summary", 1)[1]
    assert "£" in summary and "USD" not in summary


def test_removing_an_item_that_is_already_gone_says_so(cart_with_vps):
    item = item_id_in(cart_with_vps)
    cart_with_vps.post(f"/cart/items/{item}/remove")
    page = text_of(cart_with_vps.post(f"/cart/items/{item}/remove", follow=True))
    assert "That item is no longer in your cart." in page
    assert "Your cart is empty." in page


def test_an_item_of_a_kind_the_shop_does_not_know_still_shows(cart_with_vps, monkeypatch):
    from whmcs_gateway.models import UnknownCartItem
    from whmcs_gateway.rest import CartApi

    real_get = CartApi.get

    def with_a_new_kind(self, cart_id, **kwargs):
        contents = real_get(self, cart_id, **kwargs)
        contents.items.append(UnknownCartItem(type="gift_card"))
        return contents

    monkeypatch.setattr(CartApi, "get", with_a_new_kind)
    page = text_of(cart_with_vps.get("/cart/"))
    assert "VPS S" in page
    assert "Item" in page


def test_the_tax_estimate_keeps_the_country_and_state_chosen(cart_with_vps):
    cart_with_vps.post("/cart/location", {"country": "US", "state": "TX"})
    html = cart_with_vps.get("/cart/").content.decode()
    assert re.search(r'<option value="US" selected>United States</option>', html)
    assert re.search(r'name="state"[^>]*value="TX"', html)


def test_a_second_promo_code_says_it_replaces_the_first(cart_with_vps):
    cart_with_vps.post("/cart/promotion", {"code": "SAVE10"})
    before = text_of(cart_with_vps.get("/cart/"))
    assert "applying another code replaces SAVE10" in before
    html = cart_with_vps.get("/cart/").content.decode()
    replaces = re.search(r'name="replaces" value="([^"]+)"', html).group(1)
    page = text_of(
        cart_with_vps.post(
            "/cart/promotion", {"code": "NEWCLIENT15", "replaces": replaces}, follow=True
        )
    )
    assert "Promo code NEWCLIENT15 applied. It replaces SAVE10: one code per order." in page
    assert "Discount (NEWCLIENT15)" in page and "Discount (SAVE10)" not in page


def test_with_htmx_a_change_clears_the_older_messages(cart_with_vps):
    response = cart_with_vps.post("/cart/promotion/remove", HTTP_HX_REQUEST="true")
    assert '<div id="messages" role="status" hx-swap-oob="true"></div>' in (
        response.content.decode()
    )

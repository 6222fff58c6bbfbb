"""Switching currency with items in the cart moves them to a cart in the new currency."""

from __future__ import annotations

import re

import pytest

from tests.shop import once_token, text_of

pytestmark = pytest.mark.django_db


def add_domain(client, name="carryover.com"):
    form = client.get("/domains/", {"domain": name.split(".")[0]})
    client.post("/domains/register", {"domain": name, "once": once_token(form), "period": "2"})


def test_switching_currency_carries_the_cart_over_repriced_and_says_so(cart_with_vps, upstream):
    add_domain(cart_with_vps)
    cart_with_vps.post("/cart/promotion", {"code": "SAVE10"})
    upstream.clear()
    response = cart_with_vps.get("/currency", {"currency": "EUR", "next": "/cart/"}, follow=True)
    page = text_of(response)
    assert "Your cart is now priced in EUR: 2 items, due today €" in page
    after = page.split("Your cart", 2)[-1]
    assert "VPS S" in after and "Domain registration: carryover.com" in after
    assert "Data Centre: Frankfurt" in after  # its options came along
    assert "USD" not in after
    assert "Discount (SAVE10) −€9,00 EUR" in after  # the promo too, in euros
    assert re.search(r'id="cart-count"[^>]*>2<', response.content.decode())
    adds = [call for call in upstream if call[0] == "POST" and call[1].endswith("/items")]
    assert len(adds) == 1  # one call adds them all


def test_an_empty_cart_just_switches(client):
    response = client.get("/currency", {"currency": "GBP", "next": "/cart/"}, follow=True)
    page = text_of(response)
    assert "Your cart is empty." in page
    assert "now priced in" not in page


def test_an_item_whmcs_will_not_sell_in_the_new_currency_stays_behind_and_is_named(
    cart_with_vps, monkeypatch
):
    from whmcs_gateway.errors import InvalidInput
    from whmcs_gateway.rest import CartApi, ProductItem

    add_domain(cart_with_vps)
    real_add = CartApi.add_items

    def no_vps_in_euros(self, cart_id, items):
        if any(isinstance(item, ProductItem) for item in items):
            raise InvalidInput("The monthly billing cycle is not offered", status=422)
        return real_add(self, cart_id, items)

    monkeypatch.setattr(CartApi, "add_items", no_vps_in_euros)
    page = text_of(
        cart_with_vps.get("/currency", {"currency": "EUR", "next": "/cart/"}, follow=True)
    )
    assert "Your cart is now priced in EUR: 1 item" in page
    assert "Not available in EUR: VPS S (The monthly billing cycle is not offered)." in page
    assert "Domain registration: carryover.com" in page

"""The checkout choice shows what is about to be ordered and its total, logged in or not."""

from __future__ import annotations

import re

import pytest

from tests.cart.conftest import add_vps
from tests.shop import text_of

pytestmark = pytest.mark.django_db


def due_today(page: str) -> str:
    return re.search(r"Due today (\S+ [A-Z]{3})", page).group(1)


def test_a_guest_sees_the_items_and_the_total_before_choosing(guest_with_vps):
    page = text_of(guest_with_vps.get("/checkout/"))
    assert "You are about to order" in page
    assert "VPS S" in page
    assert "Extra IPv4 Addresses: 1 × IPv4 address $30.00 USD" in page
    assert "Line total $162.00 USD" in page
    assert "Due today $162.00 USD" in page
    assert "I have an account" in page  # the choice is still offered
    assert due_today(page) == due_today(text_of(guest_with_vps.get("/cart/")))


def test_a_logged_in_customer_sees_the_total_with_their_tax(agency):
    add_vps(agency)
    page = text_of(agency.get("/checkout/"))
    assert "You are about to order" in page
    assert "VPS S" in page
    assert "Continue to secure checkout" in page
    cart = text_of(agency.get("/cart/"))
    assert due_today(page) == due_today(cart)
    # New York: the client's address is taxed, and the tax shows before the hand-off.
    assert re.search(r"Subtotal \$162\.00 USD .*%\) \$[\d.]+ USD Due today", page)


def test_an_empty_cart_has_nothing_to_order(client):
    page = text_of(client.get("/checkout/"))
    assert "Your cart is empty." in page
    assert "You are about to order" not in page

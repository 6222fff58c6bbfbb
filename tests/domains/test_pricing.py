"""The TLD price table, from the cached catalog, in WHMCS's display values."""

from __future__ import annotations

import re

import pytest

from tests.shop import text_of

pytestmark = pytest.mark.django_db


def row_of(response, tld: str) -> str:
    html = response.content.decode()
    row = re.search(rf'<tr id="tld-{tld}">.*?</tr>', html, re.S).group(0)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()


@pytest.fixture
def prices(client):
    return client.get("/domains/pricing")


def test_register_transfer_and_renew_per_extension(prices):
    assert row_of(prices, "com").startswith(".com $12.99 USD $12.99 USD $14.99 USD")
    assert row_of(prices, "io").startswith(".io $44.99 USD $44.99 USD $49.99 USD")
    assert row_of(prices, "shop").startswith(".shop $1.99 USD $39.99 USD $39.99 USD")
    assert row_of(prices, "uk").startswith(".uk $8.99 USD $0.00 USD $8.99 USD")


def test_grace_and_redemption_fees_are_listed(prices):
    assert "$10.00 USD (30 days) $120.00 USD (30 days)" in row_of(prices, "io")
    assert "$60.00 USD (60 days)" in row_of(prices, "uk")


def test_longer_periods_are_listed_up_to_what_each_extension_offers(prices):
    page = text_of(prices)
    assert ".com: 1 to 10 years" in page
    assert ".io: 1 to 5 years" in page
    assert "10 $129.90 USD $129.90 USD $149.90 USD" in page  # .com for 10 years
    assert "3 $81.97 USD" in page  # .shop's own 3-year price
    assert ".de: 1 to" not in page  # one year only: nothing longer to show


def test_prices_are_in_the_visitors_currency(client):
    client.post("/currency", {"currency": "GBP", "next": "/domains/pricing"})
    assert row_of(client.get("/domains/pricing"), "com").startswith(".com £9.99 GBP")


def test_the_price_table_is_served_from_the_cache(client, upstream):
    client.get("/domains/pricing")
    client.get("/domains/pricing")
    assert [call for call in upstream if call[1] == "/store/domain/pricing"] == [
        ("GET", "/store/domain/pricing")
    ]

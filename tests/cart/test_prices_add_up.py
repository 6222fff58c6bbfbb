"""Prices that add up, read off the pages as a customer reads them.

A cart with a multi-cycle product bought twice (priced options, an addon), a domain and a promo
code: every line's parts add up to the line's total, the lines to the subtotal, and subtotal −
discount + each tax line to what is due today. The same figures on the cart and at checkout.
"""

from __future__ import annotations

import html as htmllib
import re
from decimal import Decimal

import pytest

from tests.shop import once_token, text_of

pytestmark = pytest.mark.django_db

VPS_M = "/order/7/vps-m/"
MONEY = r"-?\$([\d,]+\.\d{2}) USD"


def dollars(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def read(html: str) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return htmllib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip())


@pytest.fixture
def full_cart(client):
    page = client.get(VPS_M)
    added = client.post(
        VPS_M,
        {
            "billing_cycle": "annually",
            "quantity": "2",
            "option_1": "13",  # Windows Server 2022: priced
            "option_2": "23",  # London: priced
            "option_3": "on",  # Managed firewall: priced
            "option_4": "2",  # 2 extra IPv4 addresses: priced per unit
            "addons": ["2"],  # Dedicated IP: annual price and a setup fee
            "custom_8": "vpsm.example.com",
            "action": "add",
            "once": once_token(page),
        },
    )
    assert added.status_code == 302, text_of(added)
    form = client.get("/domains/", {"domain": "addsup"})
    client.post("/domains/register", {"domain": "addsup.com", "once": once_token(form)})
    client.post("/cart/promotion", {"code": "SAVE10"})
    client.post("/cart/location", {"country": "US", "state": "NY"})
    return client


def cart_lines(html: str) -> list[str]:
    """Each cart line's text, as read."""
    blocks = re.findall(r'<li class="card cart-item"[^>]*>(.*?)</table>', html, re.S)
    return [read(block) for block in blocks]


def test_each_line_its_parts_and_the_totals_add_up(full_cart):
    response = full_cart.get("/cart/")
    lines = cart_lines(response.content.decode())
    assert len(lines) == 2
    vps, _domain = lines
    assert "VPS M × 2" in vps and "Annually, quantity 2" in vps
    for part in ("Operating System: Windows Server 2022", "Data Centre: London"):
        assert part in vps
    assert "Managed Firewall: Yes" in vps
    assert "Extra IPv4 Addresses: 2 × IPv4 address" in vps
    assert "Dedicated IP Address × 2" in vps and "Setup fee: Dedicated IP Address" in vps
    line_totals = []
    for line in lines:
        before, total = line.split("Line total")
        parts = [dollars(m) for m in re.findall(MONEY, before)]
        assert parts, line
        line_total = dollars(re.search(MONEY, total).group(1))
        assert sum(parts) == line_total, line
        line_totals.append(line_total)

    page = text_of(response)
    summary = page.split("Order summary", 1)[1]
    subtotal = dollars(re.search(r"Subtotal " + MONEY, summary).group(1))
    discount = dollars(re.search(r"Discount \(SAVE10\) −" + MONEY, summary).group(1))
    taxes = [dollars(m) for m in re.findall(r"%\) " + MONEY, summary)]
    due = dollars(re.search(r"Due today " + MONEY, summary).group(1))
    assert sum(line_totals) == subtotal
    assert discount == Decimal("20.00")  # $10 off each of the two servers
    assert taxes  # New York state and city
    assert subtotal - discount + sum(taxes) == due
    # First term and renewal differ, and both are shown.
    assert re.search(r"Renews at \$14\.99 USD every year", page)  # the domain's renewal
    assert "SAVE10: applies to the first payment only; renewals are at the full price." in page
    assert re.search(r"Then renews at " + MONEY + " annually", page)

    checkout = text_of(full_cart.get("/checkout/"))
    assert f"Due today ${due:,} USD" in checkout
    assert f"Subtotal ${subtotal:,} USD" in checkout


def test_the_configure_summary_adds_up_and_follows_the_cycle(client):
    page = client.get(VPS_M)
    response = client.post(
        "/order/7/vps-m/price",
        {
            "billing_cycle": "annually",
            "quantity": "2",
            "option_1": "13",
            "option_2": "23",
            "option_4": "2",
            "addons": ["2"],
            "priced_cycle": "monthly",
            "once": once_token(page),
        },
        HTTP_HX_REQUEST="true",
    )
    summary_html, choices_html = response.content.decode().split('id="priced-choices"', 1)
    summary, choices = read(summary_html), read(choices_html)
    before, after = summary.split("Line total")
    parts = [dollars(m) for m in re.findall(MONEY, before)]
    total = dollars(re.search(MONEY, after).group(1))
    assert sum(parts) == total
    assert f"Due today ${total:,} USD" in summary
    # The labels are priced for the annual cycle, and a monthly-only addon is not offered.
    assert "Windows Server 2022 ($180.00 USD annually)" in choices
    assert "Dedicated IP Address ($30.00 USD annually)" in choices
    assert "cPanel License" not in choices  # monthly only
    assert 'hx-swap-oob="true"' in choices_html

"""Prices that add up, a currency switch that carries the cart over, and the total at the
checkout choice: on a phone (390×844) and a desktop (1366×900), with JavaScript on and off."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.browser import shop_pages as shop
from tests.browser.conftest import ARTIFACTS
from tests.browser.journey import Journey

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
MONEY = r"([$€])([\d.,]+) (USD|EUR)"


def value(symbol_amount: tuple[str, str, str]) -> Decimal:
    _symbol, number, code = symbol_amount
    if code == "EUR":  # 1.234,56
        number = number.replace(".", "").replace(",", ".")
    return Decimal(number.replace(",", ""))


def amounts(text: str) -> list[Decimal]:
    return [value(m) for m in re.findall(MONEY, text)]


def one(pattern: str, text: str) -> Decimal:
    found = re.search(pattern + r"\s+" + MONEY, text)
    assert found, f"{pattern!r} not in {text!r}"
    return value(found.groups()[-3:])


@pytest.fixture(params=[(s, js) for s in SIZES for js in (True, False)],
                ids=lambda p: f"{p[0]}-{'js' if p[1] else 'nojs'}")  # fmt: skip
def sized_journey(request, browser, shop_server, weights):
    size, javascript = request.param
    name = request.node.name.replace("[", "-").replace("]", "")
    folder = ARTIFACTS / name
    shutil.rmtree(folder, ignore_errors=True)
    context = browser.new_context(
        base_url=shop_server.url, java_script_enabled=javascript, viewport=SIZES[size]
    )
    journey = Journey(context, shop_server.url, folder, weights, javascript=javascript, test=name)
    yield journey
    journey.close()
    journey.assert_stayed_home()


def check_cart_adds_up(page) -> Decimal:
    """Every line's parts make its total, the lines the subtotal, and the totals due today."""
    lines = page.locator("li.cart-item")
    line_totals = []
    for index in range(lines.count()):
        text = lines.nth(index).locator("table.line-parts").inner_text()
        before, after = text.split("Line total")
        assert sum(amounts(before)) == amounts(after)[0], text
        line_totals.append(amounts(after)[0])
    summary = page.locator("#order-summary").inner_text()
    subtotal = one("Subtotal", summary)
    discount = sum(amounts(" ".join(re.findall(r"Discount[^\n]*", summary))), Decimal(0))
    taxes = sum(amounts(" ".join(re.findall(r"%\)[^\n]*", summary))), Decimal(0))
    due = one("Due today", summary)
    assert sum(line_totals) == subtotal
    assert subtotal - discount + taxes == due
    return due


def test_prices_add_up_carry_over_to_another_currency_and_show_at_checkout(sized_journey):
    journey = sized_journey
    page = journey.page
    journey.goto("/order/7/vps-m/", "configure vps m")
    page.get_by_role("radio", name=re.compile(r"^Annually")).check()
    summary = page.locator("#order-summary")
    if journey.javascript:  # the options come back priced for the annual cycle
        expect(page.get_by_label("Operating System")).to_contain_text("$180.00 USD annually")
    page.get_by_label("Quantity").fill("2")
    page.get_by_label("Operating System").select_option("13")
    page.get_by_role("radio", name=re.compile(r"^London")).check()
    page.get_by_label("Extra IPv4 Addresses").fill("2")
    page.get_by_role("checkbox", name=re.compile(r"^Dedicated IP Address")).check()
    page.get_by_label("Server Hostname").fill("sums.example.com")
    if journey.javascript:
        page.get_by_label("Server Hostname").press("Tab")
        expect(summary).to_contain_text("Dedicated IP Address × 2")
    else:
        page.get_by_role("button", name="Update price").click()
    expect(summary).to_contain_text("VPS M × 2")
    text = summary.inner_text()
    before, after = text.split("Line total")
    assert sum(amounts(before)) == amounts(after)[0]
    journey.step("configured, summary adds up")
    page.get_by_role("button", name="Add to cart").click()
    expect(page.get_by_text("VPS M is in your cart.")).to_be_visible()
    shop.apply_promo(journey, "SAVE10")
    due_in_dollars = check_cart_adds_up(page)
    journey.step("cart adds up")

    journey.goto("/currency?currency=EUR&next=/cart/", "cart carried over to euros")
    expect(page.get_by_text(re.compile(r"Your cart is now priced in EUR: 1 item"))).to_be_visible()
    cart = page.locator("#cart").inner_text()
    assert "$" not in cart and "€" in cart
    due_in_euros = check_cart_adds_up(page)
    assert due_in_euros != due_in_dollars

    page.get_by_role("link", name="Continue to checkout").click()
    shop.heading(journey, "Checkout")
    choice = page.locator("#order-summary").inner_text()
    assert "VPS M × 2" in choice
    assert one("Due today", choice) == due_in_euros
    journey.step("checkout choice with the total")

"""Staff: masquerading as a customer to inspect their cart; a marketer changing the store
front's headline with preview and publish."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser import shop_pages as shop
from tests.browser.conftest import MARKETER


def test_staff_masquerade_and_inspect_a_customers_cart(journey):
    customer = journey.other_person("customer")
    shop.log_in(customer, "demo@example.com", "demo-password-1")
    customer.goto("/order/12/ssl-domain-validated/", "customer configures")
    customer.page.get_by_role("button", name="Add to cart").click()
    expect(customer.page.get_by_text("SSL Domain Validated is in your cart.")).to_be_visible()
    customer.step("customer cart")

    page = journey.page
    journey.goto("/staff/login", "staff login")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("admin-password-1")
    page.get_by_role("button", name="Log in").click()
    shop.heading(journey, "Staff console")
    journey.step("staff console")
    page.get_by_label("Users (email or name)").fill("demo@example.com")
    page.get_by_role("button", name="Search users").click()
    journey.step("user search")
    page.get_by_role("button", name="Masquerade as demo@example.com").click()
    expect(page.get_by_text("You are now seeing the shop as Dana Demo")).to_be_visible()
    journey.step("masquerading")

    journey.goto("/staff/cart", "customer's carts")
    page.get_by_role("link", name=re.compile(r"^Cart ")).first.click()
    expect(page.locator("main")).to_contain_text("SSL Domain Validated")
    journey.step("customer's cart")


def test_marketer_edits_previews_and_publishes_the_headline(journey):
    mode = "js" if journey.javascript else "nojs"
    headline = f"Hosting that simply works ({mode})"
    page = journey.page
    journey.goto("/marketing/login/", "marketing login")
    page.get_by_label("Username").fill(MARKETER[0])
    page.get_by_label("Password").fill(MARKETER[1])
    page.get_by_role("button", name="Log in").click()
    journey.goto("/staff/templates/", "template list")
    page.get_by_role("link", name="catalog/store_front.html", exact=True).first.click()
    shop.heading(journey, "Edit catalog/store_front.html")
    source = page.get_by_role("textbox").first
    source.fill(re.sub(r"(\{% block headline %\}).*?(\{% endblock %\})",
                       rf"\g<1>{headline}\g<2>", source.input_value(), count=1))  # fmt: skip
    journey.step("headline edited")

    with journey.context.expect_page() as preview_tab:
        page.get_by_role("button", name="Preview (opens a new tab)").click()
    preview = preview_tab.value
    expect(preview.get_by_role("heading", level=1)).to_have_text(headline)
    preview.screenshot(path=journey.folder / "preview.png", full_page=True)
    preview.close()

    visitor = journey.other_person("visitor")
    visitor.goto("/", "store front before publishing")
    expect(visitor.page.get_by_role("heading", level=1)).not_to_have_text(headline)

    page.get_by_role("button", name="Publish").click()
    journey.step("published")
    visitor.goto("/", "store front after publishing")
    expect(visitor.page.get_by_role("heading", level=1)).to_have_text(headline)

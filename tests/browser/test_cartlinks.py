"""Cart links in a real browser, with JavaScript on and off: an admin's quote for the agency
customer, who opens it logged in and checks out; a marketer's campaign link used by an
anonymous visitor; a customer's saved cart opened in a fresh browser."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser import shop_pages as shop
from tests.browser.conftest import MARKETER


def link_path(journey) -> str:
    url = journey.page.locator("input.cartlink-url").input_value()
    return re.sub(r"^https?://[^/]+", "", url)


def add_product(journey, name: str, step: str) -> None:
    page = journey.page
    page.get_by_label("Product", exact=True).select_option(label=name)
    page.get_by_role("button", name="Choose its options").click()
    journey.step(f"{step} options")
    return page


def test_admin_quotes_the_agency_customer_who_opens_it_and_checks_out(journey):
    mode = "js" if journey.javascript else "nojs"
    page = journey.page
    journey.goto("/staff/login", "staff login")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("admin-password-1")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Cart links").click()
    page.get_by_role("link", name="New quote").click()
    shop.heading(journey, "New quote")
    journey.step("empty quote")

    add_product(journey, "VPS S", "vps")
    page.get_by_role("radio", name=re.compile(r"^Annually")).check()
    page.get_by_label("Server Hostname").fill(f"quote-{mode}.example.com")
    page.get_by_role("button", name="Add VPS S").click()
    expect(page.get_by_text("VPS S added.")).to_be_visible()
    page.get_by_label("Domain name").fill(f"agency-quote-{mode}.com")
    page.get_by_role("button", name="Add the domain").click()
    page.get_by_label("Promo code", exact=True).fill("SAVE10")
    page.get_by_role("button", name="Update pricing").click()
    expect(page.locator(".cartlink-totals")).to_contain_text("Discount")
    journey.step("quote priced by whmcs")

    page.get_by_label("For customer (email, optional)").fill("agency@example.com")
    page.get_by_label("Note shown to the customer").fill("As agreed on the phone, Alex.")
    page.get_by_role("button", name="Create the link").click()
    expect(page.get_by_text("This customer has 2 client accounts")).to_be_visible()
    journey.step("which client account")
    page.get_by_label("Client account").select_option(label="Agency Studio LLC")
    page.get_by_role("button", name="Create the link").click()
    expect(page.get_by_text("Link created.")).to_be_visible()
    journey.step("quote link created")
    path = link_path(journey)

    customer = journey.other_person("customer")
    customer.goto(path, "quote before logging in")
    shop.heading(customer, "Log in to open this quote")
    customer.page.get_by_role("link", name="Log in and open the quote").click()
    customer.page.get_by_label("Email address").fill("agency@example.com")
    customer.page.get_by_label("Password").fill("demo-password-3")
    customer.page.get_by_role("button", name="Log in").click()
    customer.step("choose client")
    customer.page.get_by_role("radio", name=re.compile("Agency Studio LLC")).check()
    customer.page.get_by_role("button", name=re.compile("Continue")).click()
    if customer.path != "/cart/":
        customer.goto(path, "quote opened")
    shop.heading(customer, "Your cart")
    expect(
        customer.page.get_by_text("A note for you: As agreed on the phone, Alex.")
    ).to_be_visible()
    expect(customer.page.locator("#cart")).to_contain_text("VPS S")
    expect(customer.page.locator("#cart")).to_contain_text(f"agency-quote-{mode}.com")
    customer.step("cart from the quote")
    customer.page.get_by_role("link", name="Continue to checkout").click()
    customer.page.get_by_role("button", name="Continue to secure checkout").click()
    expect(customer.page.get_by_role("heading", name="Order summary")).to_be_visible()
    customer.step("whmcs checkout")

    journey.page.reload()
    expect(page.locator(".staff-facts")).to_contain_text("Checkouts handed off1")


def test_marketer_builds_a_campaign_link_and_a_visitor_uses_it(journey):
    mode = "js" if journey.javascript else "nojs"
    page = journey.page
    journey.goto("/marketing/login/?next=/staff/cartlinks/", "marketing login")
    page.get_by_label("Username").fill(MARKETER[0])
    page.get_by_label("Password").fill(MARKETER[1])
    page.get_by_role("button", name="Log in").click()
    shop.heading(journey, "Cart links")
    page.get_by_role("link", name="New campaign link").click()
    add_product(journey, "SSL Domain Validated", "ssl")
    page.get_by_role("button", name="Add SSL Domain Validated").click()
    page.get_by_role("button", name="Create the link").click()
    expect(page.get_by_text("This field is required.").first).to_be_visible()
    journey.step("campaign errors")
    page.get_by_label("Campaign name").fill(f"Spring SSL {mode}")
    page.get_by_label("Use limit").fill("50")
    page.get_by_label("Note shown to the customer").fill("Spring offer: SSL for your site.")
    page.get_by_role("button", name="Create the link").click()
    expect(page.get_by_text("Link created.")).to_be_visible()
    journey.step("campaign link created")
    path = link_path(journey)

    visitor = journey.other_person("visitor")
    visitor.goto(path, "campaign link opened")
    shop.heading(visitor, "Your cart")
    expect(
        visitor.page.get_by_text("A note for you: Spring offer: SSL for your site.")
    ).to_be_visible()
    expect(visitor.page.locator("#cart")).to_contain_text("SSL Domain Validated")

    journey.goto("/staff/cartlinks/", "campaign counted")
    expect(page.locator("table")).to_contain_text(f"Spring SSL {mode}")


def test_customer_saves_a_cart_and_opens_it_in_a_fresh_browser(journey):
    page = journey.page
    journey.goto("/order/12/ssl-domain-validated/", "configure ssl")
    page.get_by_role("button", name="Add to cart").click()
    expect(page.get_by_text("SSL Domain Validated is in your cart.")).to_be_visible()
    journey.goto("/cart/", "cart")
    page.get_by_role("button", name="Save or share this cart").click()
    shop.heading(journey, "Your cart's link")
    journey.step("saved cart link")
    path = link_path(journey)

    elsewhere = journey.other_person("another device")
    elsewhere.goto(path, "saved cart opened")
    shop.heading(elsewhere, "Your cart")
    expect(elsewhere.page.locator("#cart")).to_contain_text("SSL Domain Validated")
    expect(elsewhere.page.get_by_text("Your cart is ready: 1 item.")).to_be_visible()

    elsewhere.goto(path[:-2] + "xx", "altered link")
    shop.heading(elsewhere, "This link has been altered")

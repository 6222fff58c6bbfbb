"""Returning customers: logging in with a second factor, and renewing a domain.

The 2FA demo customer has no renewable domain, so the renewal is the agency customer's."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser import shop_pages as shop

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def test_log_in_with_two_step_verification(journey, shop_server):
    page = journey.page
    shop.log_in(journey, "twofa@example.com", "demo-password-2")
    shop.heading(journey, "Two-step verification")
    journey.step("code asked")
    page.get_by_label("Authentication code").fill(shop_server.totp(TOTP_SECRET))
    page.get_by_role("button", name="Verify and log in").click()
    expect(page.locator("details.account-menu summary")).to_be_visible()
    journey.step("logged in")


def test_returning_customer_renews_a_domain(journey):
    page = journey.page
    shop.log_in(journey, "agency@example.com", "demo-password-3")
    shop.heading(journey, "Which account are you shopping for?")
    journey.step("choose client")
    page.get_by_label("Agency Studio LLC").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("You are now acting for Agency Studio LLC.")).to_be_visible()
    journey.step("services")

    page.get_by_role("link", name="My domains").first.click()
    shop.heading(journey, "My domains")
    journey.step("domains")
    domain = page.locator(
        "li.account-item", has=page.get_by_role("heading", name="agency-client.com")
    )
    domain.get_by_label("Renew for").select_option("2")
    domain.get_by_role("button", name=re.compile("^Renew")).click()
    expect(page.locator("main")).to_contain_text("agency-client.com")
    journey.step("renewal added")

    journey.goto("/cart/", "cart with renewal")
    expect(page.locator("main")).to_contain_text("agency-client.com")
    page.get_by_role("link", name="Continue to checkout").click()
    expect(page.locator("main")).to_contain_text("You are checking out as Alex Agency")
    journey.step("checkout as the client")
    page.get_by_role("button", name="Continue to secure checkout").click()
    expect(page.get_by_role("heading", name="Order summary")).to_be_visible()
    journey.step("whmcs checkout page")
    # WHMCS names the renewal by the domain's id; two years of agency-client.com.
    expect(page.locator("main")).to_contain_text("Renewal: agency-client.com")
    expect(page.locator("main")).to_contain_text("$29.98 USD")
    page.get_by_role("button", name="Complete Order").click()
    expect(page.get_by_text("Thank you for your order")).to_be_visible()
    journey.step("order placed")

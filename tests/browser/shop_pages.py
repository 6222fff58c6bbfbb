"""What a person does on the shop's pages, by what they see: labels, buttons, headings."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.journey import Journey


def heading(journey: Journey, text: str | re.Pattern) -> None:
    expect(journey.page.get_by_role("heading", level=1)).to_have_text(text)


def configure_starter(journey: Journey, *, username: str) -> None:
    """Shared hosting from the store front: annual Starter with daily backups."""
    page = journey.page
    journey.goto("/", "store front")
    page.get_by_role("link", name="See plans for Shared Hosting").click()
    journey.step("shared hosting plans")
    heading(journey, "Fast, reliable web hosting")
    page.get_by_role("link", name="Order now Starter").click()
    heading(journey, "Configure Starter")
    page.get_by_role("radio", name=re.compile(r"^Annually")).check()
    page.get_by_role("checkbox", name=re.compile(r"^Daily Off-site Backups")).check()
    page.get_by_label("cPanel Username").fill(username)
    journey.step("starter configured")
    page.get_by_role("button", name="Add to cart").click()
    heading(journey, "Choose a domain for Starter")
    expect(page.get_by_text("Starter is in your cart.")).to_be_visible()
    journey.step("choose a domain")


def register_domain_for_item(journey: Journey, domain: str) -> None:
    page = journey.page
    page.get_by_label("Find your domain").fill(domain)
    page.get_by_role("button", name="Search", exact=True).click()
    result = page.locator("li.domain-result", has=page.get_by_role("heading", name=domain))
    expect(result.get_by_text("Available")).to_be_visible()
    journey.step("domain search results")
    result.get_by_role("button", name=f"Register and use {domain}").click()
    expect(page.get_by_text(f"{domain} added to your cart.")).to_be_visible()
    heading(journey, "Your cart")
    journey.step("cart with hosting and domain")


def configure_vps(journey: Journey, *, hostname: str) -> None:
    """A VPS with every kind of configurable option."""
    page = journey.page
    journey.goto("/store/3/vps/", "vps plans")
    page.get_by_role("link", name="Order now VPS S").click()
    heading(journey, "Configure VPS S")
    page.get_by_label("Operating System").select_option(label="Debian 12 (no extra charge)")
    page.get_by_role("radio", name=re.compile(r"^Frankfurt")).check()
    page.get_by_label("Managed Firewall").check()
    page.get_by_label("Extra IPv4 Addresses").fill("2")
    page.get_by_label("Server Hostname").fill(hostname)
    summary = page.locator("#order-summary")
    if journey.javascript:
        # The order summary is repriced as the options change.
        expect(summary).to_contain_text("Operating System: Debian 12")
        expect(summary).to_contain_text("Managed Firewall: Yes")
    else:
        page.get_by_role("button", name="Update price").click()
        expect(summary).to_contain_text("Operating System: Debian 12")
    journey.step("vps configured")
    page.get_by_role("button", name="Add to cart").click()
    expect(page.get_by_text("VPS S is in your cart.")).to_be_visible()
    journey.step("cart with vps")


def apply_promo(journey: Journey, code: str) -> None:
    page = journey.page
    page.get_by_label("Promo code").fill(code)
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text(f"Promo code {code} applied.").first).to_be_visible()
    expect(page.locator(".totals")).to_contain_text("Discount")
    journey.step("promo code applied")


def check_out_as_guest(journey: Journey) -> None:
    page = journey.page
    page.get_by_role("link", name="Continue to checkout").click()
    heading(journey, "Checkout")
    journey.step("checkout choice")
    page.get_by_role("button", name="Continue as guest").click()
    expect(page.get_by_role("heading", name="Order summary")).to_be_visible()
    journey.step("whmcs checkout page")


def place_order_on_whmcs(journey: Journey, *, email: str) -> str:
    """Fill in WHMCS's checkout page and place the order; returns the order number."""
    page = journey.page
    page.get_by_label("Firstname").fill("Ada")
    page.get_by_label("Lastname").fill("Lovelace")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Country").fill("GB")
    page.get_by_role("button", name="Complete Order").click()
    expect(page.get_by_text("Thank you for your order")).to_be_visible()
    journey.step("order placed")
    number = re.search(r"order number is (\d+)", page.locator("body").inner_text())
    assert number, "no order number on the confirmation page"
    return number.group(1)


def log_in(journey: Journey, email: str, password: str) -> None:
    page = journey.page
    journey.goto("/account/login", "log in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()

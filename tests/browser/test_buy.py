"""Buying shared hosting with a new domain, a VPS with its options, an addon and a promo code,
through the hand-off to WHMCS's checkout page, to a placed order."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser import shop_pages as shop


def test_buy_hosting_domain_vps_with_promo(journey):
    mode = "js" if journey.javascript else "nojs"
    domain = f"brand-new-shop-{mode}.com"
    page = journey.page

    shop.configure_starter(journey, username=f"shopper{mode}")
    shop.register_domain_for_item(journey, domain)
    cart = page.locator("main")
    expect(cart).to_contain_text(f"for {domain}")
    expect(cart).to_contain_text("Daily Off-site Backups")
    expect(cart).to_contain_text(f"Domain registration: {domain}")

    shop.configure_vps(journey, hostname=f"server1.{mode}.example.com")
    expect(cart).to_contain_text("Extra IPv4 Addresses: 2 × IPv4 address")
    shop.apply_promo(journey, "WELCOME20")
    expect(page.get_by_role("link", name="Cart")).to_contain_text("3")

    shop.check_out_as_guest(journey)
    summary = page.locator("main")
    expect(summary).to_contain_text(f"Starter (annually) - {domain}")
    expect(summary).to_contain_text(f"Domain Registration: {domain}")
    expect(summary).to_contain_text("VPS S (monthly)")
    expect(summary).to_contain_text("Promotion discount")

    shop.place_order_on_whmcs(journey, email=f"ada-{mode}@example.com")

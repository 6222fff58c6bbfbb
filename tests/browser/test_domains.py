"""A domain on its own: transferring one in from another registrar with its EPP code."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser import shop_pages as shop


def test_transfer_a_domain_with_epp_code(journey):
    mode = "js" if journey.javascript else "nojs"
    # Registered elsewhere (the sandbox's "taken" names): a name nobody holds is refused.
    domain = f"taken-move-me-{mode}.com"
    free = f"free-name-{mode}.com"
    page = journey.page

    journey.goto(f"/domains/transfer?domain={free}", "transfer of a free name")
    page.get_by_label("EPP / authorisation code").fill("EPP-7f3k-92xq")
    page.get_by_role("button", name=f"Transfer to us {free}").click()
    expect(page.get_by_text(f"{free} is not registered yet")).to_be_visible()
    journey.step("transfer of a free name refused")

    journey.goto("/domains/", "domain search")
    page.get_by_role("link", name="Transfer a domain").click()
    shop.heading(journey, "Transfer a domain to us")
    journey.step("transfer start")
    page.get_by_label("Domain name").fill(domain)
    page.get_by_role("button", name="Continue").click()
    shop.heading(journey, f"Transfer {domain} to us")
    page.get_by_label("Transfer and renew for").select_option("2")
    page.get_by_label("EPP / authorisation code").fill("EPP-7f3k-92xq")
    journey.step("transfer details")
    page.get_by_role("button", name=f"Transfer to us {domain}").click()
    expect(page.get_by_text(domain).first).to_be_visible()
    journey.step("transfer added")

    journey.goto("/cart/", "cart with transfer")
    expect(page.locator("main")).to_contain_text(f"Domain transfer: {domain}")
    shop.check_out_as_guest(journey)
    expect(page.locator("main")).to_contain_text(domain)
    shop.place_order_on_whmcs(journey, email=f"grace-{mode}@example.com")

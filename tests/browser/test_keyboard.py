"""The buy journey with the keyboard alone: Tab, Shift+Tab, Enter and Space to move and act
(typing only into text fields), no clicks."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser import shop_pages as shop


def test_buy_with_the_keyboard_alone(scripted_journey):
    journey = scripted_journey
    page = journey.page
    keys = page.keyboard
    domain = "keyboard-only-shop.com"

    journey.goto("/", "store front")
    journey.press_on(page.get_by_role("link", name="See plans for Shared Hosting"))
    shop.heading(journey, "Fast, reliable web hosting")
    journey.press_on(page.get_by_role("link", name="Order now Starter"))
    shop.heading(journey, "Configure Starter")
    journey.press_on(page.get_by_role("checkbox", name="Daily Off-site Backups"), "Space")
    journey.tab_to(page.get_by_label("cPanel Username"))
    keys.type("keyboarder")
    journey.step("configured")
    journey.press_on(page.get_by_role("button", name="Add to cart"))
    shop.heading(journey, "Choose a domain for Starter")

    journey.tab_to(page.get_by_label("Find your domain"))
    keys.type(domain)
    keys.press("Enter")
    register = page.get_by_role("button", name=f"Register and use {domain}")
    expect(register).to_be_visible()
    journey.step("domain results")
    journey.press_on(register)
    expect(page.get_by_text(f"{domain} added to your cart.")).to_be_visible()

    journey.tab_to(page.get_by_label("Promo code"))
    keys.type("NEWCLIENT15")
    keys.press("Enter")
    expect(page.get_by_text("Promo code NEWCLIENT15 applied.").first).to_be_visible()
    journey.step("promo applied")
    journey.press_on(page.get_by_role("link", name="Continue to checkout"))
    shop.heading(journey, "Checkout")
    journey.press_on(page.get_by_role("button", name="Continue as guest"))
    expect(page.get_by_role("heading", name="Order summary")).to_be_visible()

    for label, value in (("Firstname", "Kim"), ("Lastname", "Board"),
                         ("Email", "kim@example.com"), ("Country", "DE")):  # fmt: skip
        journey.tab_to(page.get_by_label(label))
        keys.type(value)
    journey.step("whmcs checkout page")
    journey.press_on(page.get_by_role("button", name="Complete Order"))
    expect(page.get_by_text("Thank you for your order")).to_be_visible()
    journey.step("order placed")

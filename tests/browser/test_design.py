"""The shop on a phone and on a laptop: nothing scrolls sideways, the top bar stays readable
and reachable, every htmx action shows that it is busy, and emptying the cart asks first.

Every step of every journey also checks the layout (`Journey.check_layout`): no horizontal
overflow, the header's text inside the screen with a contrast of 4.5:1 or more, a meta
description, and none of the page's own files missing (the favicon included)."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from playwright.sync_api import expect

from tests.browser import shop_pages as shop
from tests.browser.conftest import DESKTOP, MARKETER, PHONE, _journey

# The budget: a click shows that it was heard within 300 ms, whatever WHMCS does.
BUSY_WITHIN_MS = 300
LATENCY_MS = 2500


def open_menu(journey) -> None:
    """On a phone the navigation sits behind "Menu"; on a laptop it is always shown."""
    menu = journey.page.locator("details.site-menu")
    if (
        not menu.evaluate("details => details.open")
        and journey.page.locator("details.site-menu > summary").is_visible()
    ):
        journey.page.locator("details.site-menu > summary").click()
    expect(journey.page.get_by_role("navigation", name="Main")).to_be_visible()


def test_buy_journey_fits_phones_and_laptops(sized_journey):
    journey = sized_journey
    page = journey.page
    size = f"{journey.viewport['width']}{'js' if journey.javascript else 'nojs'}"
    domain = f"fits-on-screen-{size}.com"

    shop.configure_starter(journey, username=f"fits{size}")
    shop.register_domain_for_item(journey, domain)
    shop.configure_vps(journey, hostname=f"fits.{size}.example.com")
    shop.apply_promo(journey, "WELCOME20")

    # The cart and its count are in the top bar on every size, outside any menu.
    cart_link = page.get_by_role("link", name=re.compile(r"^Cart"))
    expect(cart_link).to_be_visible()
    expect(cart_link).to_contain_text("3")
    # The rest of the header is one tap away on a phone, and readable there too.
    open_menu(journey)
    for name in ("Products", "Domains", "Log in"):
        expect(page.get_by_role("link", name=name, exact=True)).to_be_visible()
    journey.step("menu open")

    shop.check_out_as_guest(journey)


def test_pattern_library_fits_phones_and_laptops(request, browser, shop_server, weights):
    """Every page and fragment of the pattern library, in every state, at both sizes."""
    for viewport in (PHONE, DESKTOP):
        size = f"-{viewport['width']}x{viewport['height']}"
        journey = _journey(request, browser, shop_server, weights, True, viewport, size)
        try:
            page = journey.page
            journey.goto("/marketing/login/", "marketing login")
            page.get_by_label("Username").fill(MARKETER[0])
            page.get_by_label("Password").fill(MARKETER[1])
            page.get_by_role("button", name="Log in").click()
            page.goto("/staff/patterns")
            links = page.locator("table.theming-table th a")
            states = [link.get_attribute("href") for link in links.all()]
            assert len(states) > 40, "the pattern library lists its states"
            folder = journey.folder / "patterns"
            folder.mkdir(parents=True, exist_ok=True)
            for href in states:
                page.goto(href)
                journey.check_layout(f"pattern {href}")
                slug = href.rstrip("/").rsplit("/", 1)[-1]
                page.screenshot(path=folder / f"{slug}.png", full_page=True)
        finally:
            journey.close()
        journey.assert_stayed_home()


def test_emptying_the_cart_asks_first(journey):
    page = journey.page
    journey.goto("/order/12/ssl-domain-validated/", "configure")
    page.get_by_role("button", name="Add to cart").click()
    expect(page.get_by_text("SSL Domain Validated is in your cart.")).to_be_visible()
    journey.goto("/cart/", "cart")

    page.get_by_text("Empty cart", exact=True).click()
    question = page.get_by_text("Remove everything from your cart?")
    expect(question).to_be_visible()
    expect(page.locator("main")).to_contain_text("SSL Domain Validated")  # nothing gone yet
    journey.step("asked to confirm")

    page.get_by_role("button", name="Yes, empty my cart").click()
    expect(page.get_by_text("Your cart is empty.")).to_be_visible()
    expect(page.locator("#cart-count")).to_have_text("0")
    journey.step("cart emptied")


@contextmanager
def slow_whmcs(journey, latency_ms: int = LATENCY_MS):
    """WHMCS answers every call `latency_ms` late for the duration."""
    shop_server = journey.shop
    rules = [{"route": "*", "latency_ms": latency_ms}]
    shop_server.sandbox("POST", "faults", json={"rules": rules})
    try:
        yield
    finally:
        shop_server.sandbox("DELETE", "faults")


class Requests:
    """The htmx requests the page sends to one path."""

    def __init__(self, page) -> None:
        self.seen: list[tuple[str, str]] = []
        page.on("request", lambda r: self.seen.append((r.method, r.url)))

    def to(self, method: str, path: str) -> int:
        return sum(1 for m, url in self.seen if m == method and re.search(path, url))


def expect_busy_at_once(form, note: str, *, buttons_disabled: bool = True) -> None:
    """Right after the click (each check gives up after 300 ms): busy, saying so, buttons off."""
    expect(form).to_have_attribute("aria-busy", "true", timeout=BUSY_WITHIN_MS)
    expect(form.get_by_text(note)).to_be_visible(timeout=BUSY_WITHIN_MS)
    if buttons_disabled:
        expect(form.get_by_role("button").first).to_be_disabled(timeout=BUSY_WITHIN_MS)


@pytest.fixture
def phone_journey(request, browser, shop_server, weights):
    journey = _journey(request, browser, shop_server, weights, True, PHONE)
    journey.shop = shop_server
    yield journey
    journey.close()
    journey.assert_stayed_home()


def test_every_action_shows_it_is_busy_and_a_second_click_sends_nothing(phone_journey):
    journey = phone_journey
    page = journey.page
    requests = Requests(page)

    # An option change on the configure page: the form says it is repricing.
    journey.goto("/order/6/vps-s/", "configure vps")
    form = page.locator("form.configure-form")
    with slow_whmcs(journey):
        page.get_by_label("Managed Firewall").check()
        expect_busy_at_once(form, "Updating the price…", buttons_disabled=False)
        journey.step("repricing")
        expect(form).not_to_have_attribute("aria-busy", "true", timeout=10_000)
    expect(page.locator("#order-summary")).to_contain_text("Managed Firewall: Yes")
    page.get_by_label("Server Hostname").fill("busy.example.com")
    page.get_by_role("button", name="Add to cart").click()
    expect(page.get_by_text("VPS S is in your cart.")).to_be_visible()
    journey.goto("/cart/", "cart")

    # The cart's actions: each busy at once, each sent once however often it is clicked.
    actions = [
        (
            "promo",
            "form.promo-form",
            lambda form: form.get_by_label("Promo code").fill("VPS5"),
            "Apply",
            r"/cart/promotion$",
        ),
        (
            "cycle",
            "form.item-change",
            lambda form: form.get_by_label("Billing cycle").select_option(label="Annually"),
            "Update VPS S",
            r"/change$",
        ),
        (
            "tax estimate",
            "form.location-form",
            lambda form: form.get_by_label("Country").select_option("GB"),
            "Update estimate",
            r"/cart/location$",
        ),
    ]
    for name, selector, prepare, button_name, path in actions:
        form = page.locator(selector).first
        prepare(form)
        before = requests.to("POST", path)
        button = form.get_by_role("button", name=button_name)
        with slow_whmcs(journey):
            button.click()
            expect_busy_at_once(form, "Updating…")
            button.click(force=True)  # a second, impatient click
            if name == "promo":  # Enter in the code's field submits the form again
                form.get_by_label("Promo code").press("Enter")
            journey.step(f"{name} busy")
            expect(page.locator(selector).first).not_to_have_attribute(
                "aria-busy", "true", timeout=10_000
            )
        assert requests.to("POST", path) == before + 1, f"{name}: sent more than once"
        journey.step(f"{name} done")

    # Remove: the last kind of cart change.
    remove = page.get_by_role("button", name=re.compile("^Remove"))
    form = page.locator("li.cart-item form", has=remove)
    before = requests.to("POST", r"/remove")
    with slow_whmcs(journey):
        form.first.get_by_role("button").click()
        expect_busy_at_once(form.first, "Updating…")
        expect(page.get_by_text("Removed from your cart.")).to_be_visible(timeout=10_000)
    assert requests.to("POST", r"/remove") == before + 1

    # Domain search: the form is busy while WHMCS checks availability.
    journey.goto("/domains/", "domain search")
    form = page.locator("form.domain-search")
    form.get_by_label("Find your domain").fill("busy-shopper")
    before = requests.to("GET", r"/domains/\?domain=")
    with slow_whmcs(journey, 600):  # a search asks WHMCS about every extension
        form.get_by_role("button", name="Search").click()
        expect_busy_at_once(form, "Searching…")
        form.get_by_role("button", name="Search").click(force=True)
        journey.step("searching")
        expect(page.get_by_role("heading", name="Results for busy-shopper")).to_be_visible(
            timeout=30_000
        )
    assert requests.to("GET", r"/domains/\?domain=") == before + 1
    journey.step("results")


def test_the_favicon_is_served(scripted_journey):
    page = scripted_journey.goto("/", "store front")
    icon = page.locator('link[rel="icon"]').get_attribute("href")
    response = page.request.get(icon)
    assert response.status == 200
    assert "svg" in response.headers["content-type"]
    assert "<svg" in response.text()


def test_staff_console_fits_a_phone(phone_journey):
    journey = phone_journey
    page = journey.page
    journey.goto("/staff/login", "staff login")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("admin-password-1")
    page.get_by_role("button", name="Log in").click()
    shop.heading(journey, "Staff console")
    journey.step("console")
    page.get_by_label("Users (email or name)").fill("demo@example.com")
    page.get_by_role("button", name="Search users").click()
    expect(page.get_by_role("button", name="Masquerade as demo@example.com")).to_be_visible()
    journey.step("user search")
    for path in ("/staff/cart", "/staff/orders", "/staff/promotions", "/staff/products"):
        journey.goto(path, path.rsplit("/", 1)[-1])

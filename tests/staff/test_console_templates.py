"""Staff pages are built only from templates no marketer can change, and are never stored:
an edited banner or layout with a script must not run with an admin's session."""

from __future__ import annotations

import pytest

from storefront.theming import published
from storefront.theming.models import TemplateRevision
from storefront.theming.services import file_source
from tests.shop import text_of

pytestmark = pytest.mark.django_db

MARKER = "EDITED-BY-MARKETING"


def publish(name: str, source: str) -> None:
    """A published edit, as the editor stores it."""
    TemplateRevision.objects.create(name=name, source=source, is_current=True)
    published.bump_version()
    published.forget()


@pytest.fixture(autouse=True)
def _fresh_published_edits():
    published.forget()
    yield
    published.forget()


@pytest.mark.parametrize("name", ["staff/banner.html", "base.html"])
@pytest.mark.parametrize("url", ["/staff/", "/staff/orders", "/staff/cart"])
def test_an_edited_banner_or_layout_is_not_on_a_masquerading_admins_pages(masquerading, name, url):
    publish(name, f"<script>steal()</script><p>{MARKER}</p>" + file_source(name))
    response = masquerading.get(url)
    page = response.content.decode()
    assert MARKER not in page
    assert "steal()" not in page
    # The console's own banner still says who is being shown the shop.
    assert "You are seeing the shop as Alex Agency (agency@example.com)." in text_of(response)


def test_the_masquerade_confirmation_is_a_console_page_never_stored(masquerading):
    publish("base.html", f"<p>{MARKER}</p>" + file_source("base.html"))
    response = masquerading.post("/cart/promotion", {"code": "VPS5"})
    assert "Change Alex Agency's cart?" in text_of(response)
    assert MARKER not in response.content.decode()
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("url", ["/staff/", "/staff/orders", "/staff/audit"])
def test_staff_pages_are_never_stored(staff, url):
    response = staff.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_shop_pages_seen_by_staff_keep_the_editable_banner(masquerading):
    """The banner on shop pages is the marketers' to word; it just carries no script nonce."""
    publish("staff/banner.html", f"<p>{MARKER}</p>")
    page = masquerading.get("/").content.decode()
    assert MARKER in page
    assert "nonce=" not in page


@pytest.mark.parametrize("name", ["cart/item.html", "cart/totals.html"])
def test_an_edited_cart_line_or_totals_is_not_on_the_staff_cart_page(
    masquerading, customer_cart_id, name
):
    publish(name, f"<script>steal()</script><p>{MARKER}</p>" + file_source(name))
    page = masquerading.get(f"/staff/cart/{customer_cart_id}")
    html = page.content.decode()
    assert MARKER not in html
    assert "steal()" not in html
    # The cart itself is there, from the shop's own default files.
    assert "VPS S" in text_of(page)

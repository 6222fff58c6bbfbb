"""Store front and group pages, rendered from the embedded sandbox's demo catalog."""

from __future__ import annotations

import re

import pytest

from tests.shop import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_hosting(client):
    return client.get("/store/1/shared-hosting/")


def test_store_front_lists_groups_in_their_order_with_headlines_and_features(client):
    page = text_of(client.get("/"))
    groups = ["Shared Hosting", "WordPress Hosting", "VPS", "Dedicated Servers", "Email"]
    positions = [page.index(name) for name in groups]
    assert positions == sorted(positions)
    assert "Fast, reliable web hosting" in page
    assert "Free SSL certificates" in page


def test_group_page_shows_price_from_the_cheapest_cycle_with_setup_fee(shared_hosting):
    page = text_of(shared_hosting)
    assert "Starter" in page
    assert "From $3.99 USD /mo" in page
    assert "+ $4.99 USD setup fee" in page


def test_group_page_shows_what_longer_cycles_save_against_monthly(shared_hosting):
    page = text_of(shared_hosting)
    # 98.64 for 36 months against 36 x 3.99 = 143.64: 31% saved.
    assert "Save 31% paying triennially" in page
    assert "Triennially $98.64 USD Save 31%" in page


def test_free_products_say_free(shared_hosting):
    assert "Hosting Trial" in text_of(shared_hosting)
    assert re.search(r"Hosting Trial.*?Free", text_of(shared_hosting))


def test_a_sold_out_product_is_shown_but_cannot_be_ordered(client):
    response = client.get("/store/4/dedicated-servers/")
    html = response.content.decode()
    card = re.search(
        r'<li class="card product-card is-sold-out".*?(?=<li class="card product-card|</ul>\s*$)',
        html,
        re.S,
    ).group(0)
    assert "Sold out" in card
    assert "/order/" not in card
    assert "Xeon" in card


def test_group_url_without_its_name_redirects_to_the_canonical_one(client):
    response = client.get("/store/1/")
    assert response.status_code == 301
    assert response["Location"] == "/store/1/shared-hosting/"


def test_unknown_group_is_a_friendly_not_found(client):
    response = client.get("/store/999/")
    assert response.status_code == 404
    assert "Page not found" in text_of(response)


def test_switching_currency_shows_whmcs_prices_in_that_currency(client):
    response = client.post("/currency", {"currency": "EUR", "next": "/store/1/shared-hosting/"})
    assert response["Location"] == "/store/1/shared-hosting/"
    page = text_of(client.get("/store/1/shared-hosting/"))
    assert "€" in page
    assert "$3.99 USD" not in page


def test_an_unknown_currency_is_refused_with_a_message(client):
    response = client.post("/currency", {"currency": "XXX", "next": "/"}, follow=True)
    assert "We do not sell in that currency." in text_of(response)
    assert "$" in text_of(client.get("/store/1/shared-hosting/"))


def test_currency_switch_never_redirects_off_site(client):
    response = client.post("/currency", {"currency": "EUR", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_descriptions_from_whmcs_are_sanitised():
    from storefront.web.templatetags.shop import whmcs_html

    cleaned = whmcs_html('<p onclick="x()">Hi<script>alert(1)</script><a href="javascript:x">y</a>')
    assert "<script" not in cleaned
    assert "onclick" not in cleaned
    assert "javascript:" not in cleaned
    assert "<p>Hi" in cleaned


def test_the_header_counts_cart_items_and_offers_every_currency(client):
    page = client.get("/").content.decode()
    assert re.search(r'id="cart-count"[^>]*>0<', page)
    assert all(f'<option value="{code}"' in page for code in ("USD", "EUR", "GBP"))


def test_plain_line_descriptions_become_a_feature_list(client):
    html = client.get("/store/1/shared-hosting/").content.decode()
    assert '<ul class="plan-features"><li>1 website</li><li>10 GB NVMe storage</li>' in html


def test_a_plain_description_cannot_smuggle_markup():
    from storefront.web.templatetags.shop import whmcs_html

    assert whmcs_html("a & b\nx > y") == (
        '<ul class="plan-features"><li>a &amp; b</li><li>x &gt; y</li></ul>'
    )

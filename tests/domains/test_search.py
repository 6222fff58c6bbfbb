"""Domain search at /domains/, against the embedded sandbox's deterministic domain rules."""

from __future__ import annotations

import re

import pytest

from tests.shop import text_of

pytestmark = pytest.mark.django_db


def search(client, term, **headers):
    return client.get("/domains/", {"domain": term}, **headers)


def result_of(response, name: str) -> str:
    """The text of one result card."""
    html = response.content.decode()
    card = re.search(
        rf'<li class="card domain-result[^"]*">\s*'
        rf'<h3 class="domain-name">{re.escape(name)}[ <].*?</li>',
        html,
        re.S,
    )
    assert card, f"no result for {name}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", card.group(0))).strip()


def test_the_search_page_works_without_a_search(client):
    page = text_of(client.get("/domains/"))
    assert "Find your domain" in page
    assert "Find your domain:" not in page
    assert "Results for" not in page


def test_an_available_name_shows_its_price_for_a_year_and_can_be_added(client):
    response = search(client, "brandnew")
    card = result_of(response, "brandnew.com")
    assert "Available" in card
    assert "$12.99 USD for 1 year, then $14.99 USD to renew" in card
    assert "Add to cart" in card


def test_every_spotlight_extension_is_searched(client):
    page = text_of(search(client, "brandnew"))
    for tld in ("com", "net", "org", "io", "dev"):
        assert f"brandnew.{tld}" in page


def test_a_registered_name_offers_a_transfer_instead(client):
    card = result_of(search(client, "taken-name.com"), "taken-name.com")
    assert "Already registered" in card
    assert "Transfer it to us" in card
    assert "Add to cart" not in card
    assert "Transfer to us" in card


def test_a_reserved_name_cannot_be_bought(client):
    card = result_of(search(client, "whois"), "whois.com")
    assert "Reserved by the registry, cannot be registered" in card
    assert "Add to cart" not in card
    assert "$" not in card


def test_a_premium_name_shows_its_premium_price(client):
    card = result_of(search(client, "cloud"), "cloud.io")
    assert "Premium domain, available" in card
    assert "Premium price: $2,499.00 USD for 1 year, then $79.00 USD to renew" in card
    # The period choice repeats the premium price, not the standard .io one.
    assert "1 year: $2,499.00 USD" in card
    assert "$44.99 USD" not in card


def test_an_extension_we_do_not_sell_is_said_so(client):
    response = search(client, "mybrand.zzz")
    card = result_of(response, "mybrand.zzz")
    assert "We do not sell this extension" in card
    # The other extensions are still offered.
    assert "Available" in result_of(response, "mybrand.com")


def test_a_failed_lookup_is_not_passed_off_as_available(client):
    card = result_of(search(client, "lookupfail"), "lookupfail.com")
    assert "We could not check this name right now" in card
    assert "Add to cart" not in card


def test_an_extension_that_cannot_be_checked_online_says_so(client):
    card = result_of(search(client, "mybrand.shop"), "mybrand.shop")
    assert "Names ending in .shop cannot be checked online." in card


def test_the_typed_extension_comes_first(client):
    page = text_of(search(client, "mybrand.us"))
    assert page.index("mybrand.us") < page.index("mybrand.com")


def test_suggestions_are_shown_below_the_results(client):
    page = text_of(search(client, "brandnew"))
    assert "You might also like" in page
    assert page.index("You might also like") < page.index("getbrandnew.com")


def test_an_idn_name_is_searched_and_shown_as_typed_with_its_punycode(client):
    response = search(client, "bücher.de")
    card = result_of(response, "bücher.de")
    assert "(xn--bcher-kva.de)" in card
    assert "Available" in card
    assert "Language of this name" in card
    # A required choice is never hidden in a closed disclosure (browsers could not point at it).
    assert '<details class="domain-options" open>' in response.content.decode()


@pytest.mark.parametrize(
    ("term", "message"),
    [
        ("", "Enter a domain name"),
        ("<script>alert(1)</script>", "may only contain letters, digits and hyphens"),
        ("a" * 500, "That is too long for a domain name"),
        ("my shop", "may only contain letters, digits and hyphens"),
    ],
)
def test_malformed_input_gets_a_message_next_to_the_field_and_no_lookup(
    client, upstream, term, message
):
    response = search(client, term)
    assert response.status_code == 422
    html = response.content.decode()
    assert message in text_of(response)
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_domain_error"' in html
    assert 'id="id_domain_error"' in html
    assert "<script>alert" not in html
    assert not [call for call in upstream if "/store/domain/" in call[1]]


def test_with_htmx_only_the_results_come_back_with_the_field_state(client):
    response = search(client, "brandnew", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert "brandnew.com" in text_of(response)
    assert 'id="search-field" hx-swap-oob="true"' in html
    assert response["Vary"] and "HX-Request" in response["Vary"]


def test_with_htmx_an_error_is_swapped_next_to_the_field(client):
    response = search(client, "bad name", HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert "<html" not in response.content.decode()
    assert "may only contain letters, digits and hyphens" in text_of(response)


def test_the_search_form_shows_a_loading_indicator_while_htmx_works(client):
    html = client.get("/domains/").content.decode()
    form = re.search(r'<form class="domain-search".*?</form>', html, re.S).group(0)
    assert 'hx-indicator="#search-indicator"' in form
    assert 'id="search-indicator" class="htmx-indicator' in form
    assert "Searching…" in form
    assert 'method="get"' in form  # works without JavaScript
    assert 'aria-live="polite"' in html


def test_prices_follow_the_visitors_currency(client):
    client.post("/currency", {"currency": "EUR", "next": "/domains/"})
    card = result_of(search(client, "brandnew"), "brandnew.com")
    assert "€" in card
    assert "$" not in card


def test_the_nav_links_to_domains(client):
    assert re.search(r'<a href="/domains/">Domains</a>', client.get("/").content.decode())

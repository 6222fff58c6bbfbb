"""Adding a registration or transfer to the cart, once per form, with the TLD's own fields."""

from __future__ import annotations

import re

import pytest

from tests.shop import once_token, text_of

pytestmark = pytest.mark.django_db


def register(client, name, once, **fields):
    return client.post("/domains/register", {"domain": name, "once": once, **fields})


def token(client) -> str:
    return once_token(client.get("/domains/", {"domain": "brandnew"}))


def test_adding_an_available_name_puts_it_in_the_cart(client):
    response = register(client, "brandnew.com", token(client), period="2", dns_management="on")
    assert response["Location"] == "/cart/"
    cart = text_of(client.get("/cart/"))
    assert "brandnew.com added to your cart." in cart
    assert "Domain registration: brandnew.com" in cart
    assert "2 years" in cart
    assert "2 years, with DNS management" in cart


def test_the_same_form_sent_twice_adds_the_name_once(client):
    once = token(client)
    register(client, "brandnew.com", once)
    register(client, "brandnew.com", once)
    cart = client.get("/cart/").content.decode()
    assert cart.count('<h2 class="item-title">Domain registration: brandnew.com</h2>') == 1


def test_several_names_can_be_added_from_one_results_page(client):
    html = client.get("/domains/", {"domain": "brandnew"}).content.decode()
    for name in ("brandnew.com", "brandnew.net"):
        form = re.search(
            rf'<form class="domain-order"[^>]*>(?:(?!</form>).)*value="{name}".*?</form>',
            html,
            re.S,
        ).group(0)
        register(client, name, re.search(r'name="once" value="([^"]+)"', form).group(1))
    cart = text_of(client.get("/cart/"))
    assert "Domain registration: brandnew.com" in cart
    assert "Domain registration: brandnew.net" in cart


def test_with_htmx_a_confirmation_replaces_the_form_and_updates_the_counter(client):
    response = client.post(
        "/domains/register",
        {"domain": "brandnew.com", "once": token(client)},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "<html" not in html
    assert "brandnew.com added to your cart." in text_of(response)
    assert "Go to your cart" in text_of(response)
    assert re.search(r'id="cart-count"[^>]*hx-swap-oob="true"[^>]*>1<', html)
    assert "Domain registration: brandnew.com" in text_of(client.get("/cart/"))


def test_an_idn_name_needs_its_language_then_goes_in_as_punycode(client):
    refused = register(client, "bücher.de", token(client))
    assert refused.status_code == 422
    assert "Choose the language of this name." in text_of(refused)
    added = register(client, "bücher.de", once_token(refused), idn_language="ger")
    assert added["Location"] == "/cart/"
    assert "xn--bcher-kva.de" in text_of(client.get("/cart/"))


def test_us_names_need_the_registry_fields(client):
    page = client.get("/domains/register", {"domain": "brandnew.us"})
    text = text_of(page)
    assert "Required by the .us registry" in text
    assert "Nexus Category" in text and "Application Purpose" in text
    refused = register(client, "brandnew.us", once_token(page), registry_0="C31", registry_2="P1")
    assert refused.status_code == 422
    text = text_of(refused)
    assert "Nexus Country is required when Nexus Category is C31." in text
    assert "Tick “Agree to .US Terms” to order this domain." in text
    assert "Domain registration" not in text_of(client.get("/cart/"))


def test_us_names_with_the_registry_fields_are_added(client):
    page = client.get("/domains/register", {"domain": "brandnew.us"})
    response = register(
        client,
        "brandnew.us",
        once_token(page),
        registry_0="C31",
        registry_1="CA",
        registry_2="P1",
        registry_3="on",
    )
    assert response["Location"] == "/cart/"
    assert "Domain registration: brandnew.us" in text_of(client.get("/cart/"))


def test_a_registry_option_that_does_not_exist_is_refused(client):
    page = client.get("/domains/register", {"domain": "brandnew.us"})
    refused = register(
        client, "brandnew.us", once_token(page), registry_0="C99", registry_2="P1", registry_3="on"
    )
    assert "Choose one of the Nexus Category options." in text_of(refused)


def test_a_period_the_extension_does_not_offer_is_refused(client):
    refused = register(client, "brandnew.io", token(client), period="10")
    assert refused.status_code == 422
    assert "Choose one of the periods offered." in text_of(refused)


def test_a_name_we_do_not_sell_is_refused_without_a_crash(client):
    refused = register(client, "brandnew.zzz", token(client))
    assert refused.status_code == 422
    assert "We do not sell .zzz domains." in text_of(refused)


def test_a_hostile_name_is_refused_with_a_message(client):
    refused = register(client, "<script>alert(1)</script>.com", token(client))
    assert refused.status_code == 422
    assert "<script>alert" not in refused.content.decode()
    assert "letters, digits and hyphens" in text_of(refused)


def test_whmcs_refusals_are_shown_in_its_own_words_and_a_retry_is_possible(client, monkeypatch):
    from whmcs_gateway.errors import InvalidInput
    from whmcs_gateway.rest import CartApi

    def refuse(self, cart_id, items):
        raise InvalidInput("Invalid TLD: this extension is not offered.")

    with monkeypatch.context() as patched:
        patched.setattr(CartApi, "add_items", refuse)
        refused = register(client, "brandnew.com", token(client))
    assert refused.status_code == 422
    assert "Invalid TLD: this extension is not offered." in text_of(refused)
    # The form comes back with a new token, so trying again is not taken for a double click.
    assert register(client, "brandnew.com", once_token(refused))["Location"] == "/cart/"
    assert "Domain registration: brandnew.com" in text_of(client.get("/cart/"))


def test_a_transfer_needs_the_epp_code_where_the_registry_says(client):
    page = client.get("/domains/transfer", {"domain": "brightsmile.uk"})
    assert "EPP / authorisation code" in text_of(page)
    refused = client.post(
        "/domains/transfer", {"domain": "brightsmile.uk", "once": once_token(page)}
    )
    assert refused.status_code == 422
    assert "Enter the EPP code to transfer brightsmile.uk." in text_of(refused)
    added = client.post(
        "/domains/transfer",
        {"domain": "brightsmile.uk", "once": once_token(refused), "epp_code": "AbC-123"},
    )
    assert added["Location"] == "/cart/"
    cart = text_of(client.get("/cart/"))
    assert "Transfer of brightsmile.uk added to your cart." in cart
    assert "Domain transfer: brightsmile.uk" in cart


def test_the_transfer_page_first_asks_which_name(client):
    page = client.get("/domains/transfer")
    assert "Transfer a domain to us" in text_of(page)
    form = re.search(
        r'<form class="domain-order" method="get".*?</form>', page.content.decode(), re.S
    )
    assert form and 'name="domain"' in form.group(0)


def test_a_registered_result_transfers_from_the_search_page(client):
    results = client.get("/domains/", {"domain": "taken-name.com"})
    html = results.content.decode()
    assert 'action="/domains/transfer"' in html
    added = client.post(
        "/domains/transfer",
        {"domain": "taken-name.com", "once": once_token(results), "epp_code": "xyz-987"},
    )
    assert added["Location"] == "/cart/"
    assert "Domain transfer: taken-name.com" in text_of(client.get("/cart/"))

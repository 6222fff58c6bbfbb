"""Configure a product: every option type, inline validation, a live WHMCS-priced summary."""

from __future__ import annotations

import re

import pytest

from tests.shop import once_token, text_of
from whmcs_gateway.sandbox.demo import VPS_S_PATH

pytestmark = pytest.mark.django_db

VPS = VPS_S_PATH
VPS_CHOICES = {
    "billing_cycle": "monthly",
    "option_1": "12",
    "option_2": "22",
    "option_4": "0",
    "custom_7": "vps1.example.com",
}


@pytest.fixture
def vps_page(client):
    return client.get(VPS)


def configure(client, path, data, **headers):
    page = client.get(path)
    return client.post(path, {"once": once_token(page), **data}, **headers)


def test_every_config_option_type_is_offered_with_whmcs_prices(vps_page):
    html = vps_page.content.decode()
    page = text_of(vps_page)
    assert '<select name="option_1"' in html  # dropdown
    assert 'type="radio" name="option_2"' in html  # radio
    assert 'type="checkbox" name="option_3"' in html  # yes/no
    assert 'type="number" name="option_4"' in html and 'max="8"' in html  # quantity
    assert "Windows Server 2022 ($20.00 USD monthly)" in page or "Windows Server 2022 ($" in page
    assert "Extra IPv4 Addresses" in page and "(0 to 8)" in page


def test_every_custom_field_type_is_a_matching_input(client):
    migration = client.get("/order/14/website-migration/").content.decode()
    assert 'type="password" name="custom_3"' in migration
    assert '<select name="custom_4"' in migration and "DirectAdmin" in migration
    assert '<textarea name="custom_6"' in migration
    assert 'type="url" name="custom_2"' in client.get("/order/2/business/").content.decode()
    assert (
        'type="checkbox" name="custom_5"' in client.get("/order/4/wp-essential/").content.decode()
    )


def test_the_summary_shows_first_payment_setup_and_renewal_from_whmcs(vps_page):
    summary = text_of(vps_page).split("Order summary", 1)[1]
    assert "VPS S $12.00 USD" in summary
    assert "Setup fee $10.00 USD" in summary
    assert "Due today $22.00 USD" in summary
    assert "Then renews at $12.00 USD monthly." in summary


def test_the_first_view_asks_whmcs_nothing_and_shows_its_catalog_prices(client, upstream):
    upstream.clear()
    page = text_of(client.get(VPS))
    assert [call for call in upstream if call[1].startswith("/cart")] == []
    summary = page.split("Order summary", 1)[1]
    assert "VPS S $12.00 USD" in summary and "Setup fee $10.00 USD" in summary
    assert "Due today $22.00 USD" in summary


def test_a_change_reprices_with_one_request_and_one_upstream_call(client, vps_page, upstream):
    # The visitor's first change makes the preview cart WHMCS prices in (create, add).
    client.post(VPS, {**VPS_CHOICES, "once": once_token(vps_page)}, HTTP_HX_REQUEST="true")
    upstream.clear()
    response = client.post(
        VPS,
        {**VPS_CHOICES, "option_4": "2", "once": once_token(vps_page)},
        HTTP_HX_REQUEST="true",
    )
    summary = text_of(response)
    assert "<html" not in response.content.decode()
    assert "Extra IPv4 Addresses: 2 × IPv4 address" in summary
    cart_calls = [call for call in upstream if call[1].startswith("/cart")]
    assert len(cart_calls) == 1, cart_calls
    assert cart_calls[0][1].endswith("/configoptions")


def test_changing_the_cycle_reprices_the_whole_configuration(client, vps_page):
    response = client.post(
        VPS,
        {**VPS_CHOICES, "billing_cycle": "annually", "once": once_token(vps_page)},
        HTTP_HX_REQUEST="true",
    )
    assert "VPS S Annually VPS S $132.00 USD" in text_of(response)
    assert "Then renews at $132.00 USD annually." in text_of(response)


def test_without_javascript_update_price_redraws_the_page_keeping_every_input(client, vps_page):
    response = client.post(
        VPS,
        {
            **VPS_CHOICES,
            "option_4": "3",
            "custom_7": "",
            "action": "preview",
            "once": once_token(vps_page),
        },
    )
    page = text_of(response)
    assert "3 × IPv4 address" in page
    assert re.search(r'name="option_4"[^>]*value="3"', response.content.decode())
    assert "This field is required" not in page  # re-pricing is not submitting


def test_invalid_custom_field_is_explained_next_to_it_and_nothing_is_added(client):
    response = configure(client, VPS, {**VPS_CHOICES, "custom_7": "BAD HOST!", "action": "add"})
    assert response.status_code == 422
    html = response.content.decode()
    errors = re.search(r'id="id_custom_7_error"[^>]*>(.*?)</ul>', html, re.S).group(1)
    assert "Server Hostname is not in the expected format" in errors
    assert 'value="BAD HOST!"' in html  # what the customer typed is kept
    assert "Your cart is empty." in text_of(client.get("/cart/"))


def test_quantity_option_out_of_range_is_refused_with_the_limit(client):
    response = configure(client, VPS, {**VPS_CHOICES, "option_4": "99", "action": "add"})
    assert "Choose at most 8." in text_of(response)
    assert "Your cart is empty." in text_of(client.get("/cart/"))


def test_an_option_error_marks_that_option_with_its_message_beside_it(client):
    response = configure(client, VPS, {**VPS_CHOICES, "option_4": "99", "action": "add"})
    html = response.content.decode()
    assert re.search(r'<input type="number" name="option_4"[^>]*aria-invalid="true"', html)
    assert re.search(r'name="option_4"[^>]*aria-describedby="[^"]*option_4_error"', html), (
        "the input points at its message"
    )
    message = re.search(r'id="id_option_4_error"[^>]*>(.*?)</ul>', html, re.S).group(1)
    assert "Choose at most 8." in message
    assert not re.search(r'name="option_1"[^>]*aria-invalid', html)  # the others are fine


def test_whmcs_refusing_an_option_marks_that_option(client, vps_page, monkeypatch):
    from whmcs_gateway.errors import InvalidInput
    from whmcs_gateway.rest import CartApi

    def refuse(self, cart_id, items):
        raise InvalidInput("Data Centre: invalid option selected", status=422)

    monkeypatch.setattr(CartApi, "add_items", refuse)
    data = {**VPS_CHOICES, "action": "add", "once": once_token(vps_page)}
    response = client.post(VPS, data)
    html = response.content.decode()
    assert response.status_code == 422
    assert re.search(r'name="option_2"[^>]*aria-invalid="true"', html)
    message = re.search(r'id="id_option_2_error"[^>]*>(.*?)</ul>', html, re.S).group(1)
    assert "Data Centre: invalid option selected" in message


@pytest.mark.parametrize("bad", ["<script>alert(1)</script>", "x" * 500, "-1", "9999999"])
def test_hostile_option_values_get_a_message_not_an_error_page(client, bad):
    response = configure(client, VPS, {**VPS_CHOICES, "option_1": bad, "action": "add"})
    assert response.status_code == 422
    assert "Choose one of the options offered." in text_of(response)
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_adding_puts_the_configured_product_in_the_cart_once(client, vps_page):
    data = {**VPS_CHOICES, "option_3": "on", "action": "add", "once": once_token(vps_page)}
    first = client.post(VPS, data)
    again = client.post(VPS, data)  # a double click, or the form posted twice
    assert first["Location"] == again["Location"] == "/cart/"
    cart = text_of(client.get("/cart/"))
    assert cart.count("VPS S is in your cart.") == 1
    assert cart.count("Remove VPS S") == 1
    assert "Managed Firewall: Yes" in cart
    assert "Data Centre: Frankfurt" in cart
    assert re.search(r'id="cart-count"[^>]*>1<', client.get("/").content.decode())


def test_a_product_that_needs_a_domain_continues_to_the_domain_step(client):
    page = client.get("/order/1/starter/")
    response = client.post(
        "/order/1/starter/",
        {
            "billing_cycle": "annually",
            "custom_1": "alice1",
            "action": "add",
            "once": once_token(page),
        },
    )
    assert re.fullmatch(r"/domains/for-item/[A-Za-z0-9]{8}/", response["Location"])


def test_a_sold_out_product_cannot_be_added(client):
    page = client.get("/order/9/xeon-e-2388g/")
    assert "This product is sold out" in text_of(page)
    assert 'value="add"' not in page.content.decode()
    response = client.post(
        "/order/9/xeon-e-2388g/",
        {
            "billing_cycle": "monthly",
            "option_1": "11",
            "option_4": "0",
            "action": "add",
            "once": once_token(page),
        },
    )
    assert "This product is sold out." in text_of(response)
    assert "Your cart is empty." in text_of(client.get("/cart/"))


def test_unknown_product_is_not_found(client):
    response = client.get("/order/999/")
    assert response.status_code == 404
    assert "Page not found" in text_of(response)


def test_deep_link_presets_cycle_and_options_and_notes_what_it_ignored(client):
    response = client.get(
        "/order/6/?cycle=annually&option_1=13&addons=999&promo=<b>&currency=EUR", follow=True
    )
    page = text_of(response)
    html = response.content.decode()
    assert re.search(r'value="annually"[^>]*checked', html)
    assert re.search(r'<option value="13" selected>', html)
    assert "asked for addons “999”, which is not available" in page
    assert "promo code “<b>” is not valid and was ignored" in page
    assert "€" in page  # EUR prices from WHMCS


def test_deep_link_promo_code_is_applied_when_adding(client):
    page = client.get("/order/6/vps-s/?cycle=annually&promo=SAVE10")
    assert "Promo code SAVE10 will be applied" in text_of(page)
    client.post(
        "/order/6/vps-s/",
        {**VPS_CHOICES, "billing_cycle": "annually", "action": "add", "once": once_token(page)},
    )
    cart = text_of(client.get("/cart/"))
    assert "Promo code SAVE10 applied." in cart
    assert "Discount" in cart


def test_a_deep_link_shows_the_promo_discount_in_the_summary(client):
    page = text_of(client.get("/order/6/vps-s/?cycle=annually&promo=SAVE10"))
    summary = page.split("Order summary", 1)[1]
    assert "Discount (SAVE10) −$10.00 USD" in summary
    assert "Due today $122.00 USD" in summary
    changed = client.post(
        "/order/6/vps-s/price",
        {**VPS_CHOICES, "billing_cycle": "semiannually"},
        HTTP_HX_REQUEST="true",
    )
    assert "Discount (SAVE10) −$10.00 USD" in text_of(changed)  # still there after a change
    other = text_of(client.get("/order/7/vps-m/")).split("Order summary", 1)[1]
    assert "Discount" not in other  # only for the product the link named


def test_a_deep_links_unknown_promo_code_is_not_promised(client):
    page = text_of(client.get("/order/6/vps-s/?cycle=annually&promo=NOSUCHCODE"))
    assert "NOSUCHCODE will be applied" not in page
    assert "Promo code NOSUCHCODE cannot be used with this order:" in page
    assert "Discount" not in page.split("Order summary", 1)[1]
    page = client.get("/order/6/vps-s/")
    client.post(
        "/order/6/vps-s/",
        {**VPS_CHOICES, "billing_cycle": "annually", "action": "add", "once": once_token(page)},
    )
    cart = text_of(client.get("/cart/"))
    assert "NOSUCHCODE" not in cart  # nothing tried, nothing refused later


def test_a_campaign_domain_is_only_used_for_the_product_it_named(client):
    client.get("/order/6/vps-s/?domain=campaign-example.com")
    page = client.get("/order/1/starter/")
    response = client.post(
        "/order/1/starter/",
        {
            "billing_cycle": "annually",
            "custom_1": "alice1",
            "action": "add",
            "once": once_token(page),
        },
    )
    assert response["Location"].startswith("/domains/for-item/")  # it asks for a domain
    assert "campaign-example.com" not in text_of(client.get("/cart/"))


def test_whmcs_refusing_an_add_is_explained_on_the_form(client, monkeypatch):
    from whmcs_gateway.errors import InvalidInput
    from whmcs_gateway.rest import CartApi

    def refuse(self, cart_id, items):
        raise InvalidInput("Product out of stock", status=422)

    monkeypatch.setattr(CartApi, "add_items", refuse)
    response = configure(client, VPS, {**VPS_CHOICES, "action": "add"})
    assert response.status_code == 422
    assert "Product out of stock" in text_of(response)
    assert 'value="vps1.example.com"' in response.content.decode()


def test_a_malformed_one_time_token_is_replaced_not_stored(client):
    response = client.post(VPS, {**VPS_CHOICES, "action": "add", "once": "a b/" + "c" * 5000})
    assert response["Location"] == "/cart/"
    assert "VPS S" in text_of(client.get("/cart/"))


def test_the_summary_keeps_a_price_while_an_option_has_an_error(client):
    response = configure(client, VPS, {**VPS_CHOICES, "option_4": "99", "action": "add"})
    summary = text_of(response).split("Order summary", 1)[1]
    assert "Choose at most 8." in text_of(response)
    assert "this price uses the usual choice for them" in summary
    assert "Extra IPv4 Addresses: 0 × IPv4 address $0.00 USD" in summary
    assert "Due today $22.00 USD" in summary

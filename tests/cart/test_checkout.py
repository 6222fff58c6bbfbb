"""Checkout: validate with WHMCS, then hand the browser to WHMCS's checkout page."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.shop import text_of

from .conftest import add_vps

pytestmark = pytest.mark.django_db


def sandbox_client():
    from whmcs_gateway import conf

    return httpx.Client(
        transport=httpx.WSGITransport(app=conf.sandbox_app()), base_url="http://shop"
    )


def test_checkout_sends_the_browser_to_whmcs_checkout_on_the_same_origin(cart_with_vps):
    response = cart_with_vps.post("/checkout/")
    location = response["Location"]
    assert re.fullmatch(r"/whmcs/cart\.php\?a=checkout&token=[\w-]+", location)
    page = sandbox_client().get(location)
    assert "VPS S" in page.text


def test_with_htmx_checkout_redirects_the_whole_browser(cart_with_vps):
    response = cart_with_vps.post("/checkout/", HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"].startswith("/whmcs/cart.php?a=checkout")


def test_a_cart_that_fails_validation_comes_back_with_the_error_on_its_item(client):
    add_vps(client)
    from whmcs_gateway import conf

    # The hostname is required: take it off the item the way an old cart could lack it.
    world = conf.sandbox_app().world
    for cart in world.carts.values():
        for item in getattr(cart, "items", []):
            if hasattr(item, "custom_fields"):
                item.custom_fields.clear()
    response = client.post("/checkout/", follow=True)
    html = response.content.decode()
    one_item_then_its_errors = (
        r'id="item-\w+">(?:(?!class="card cart-item").)*?'
        r'role="alert"><ul class="field-errors">(.*?)</ul>'
    )
    item_errors = re.search(one_item_then_its_errors, html, re.S)
    assert "Please fix the items marked below before checking out." in text_of(response)
    assert item_errors and "Server Hostname" in item_errors.group(1)


def test_an_empty_cart_cannot_be_checked_out(client):
    page = text_of(client.post("/checkout/", follow=True))
    assert "Your cart is empty." in page


def test_a_checkout_url_outside_whmcs_is_never_followed(cart_with_vps, monkeypatch):
    from whmcs_gateway.rest import CartApi

    monkeypatch.setattr(CartApi, "checkout", lambda self, cart_id: "https://evil.example/pay")
    response = cart_with_vps.post("/checkout/", follow=True)
    assert "unexpected checkout address" in text_of(response)
    assert all("evil" not in url for url, _ in response.redirect_chain)


def test_checkout_is_one_upstream_call(cart_with_vps, upstream):
    cart_with_vps.post("/checkout/")
    cart_calls = [(method, path) for method, path in upstream if path.startswith("/cart")]
    assert len(cart_calls) == 1
    assert cart_calls[0][0] == "POST" and cart_calls[0][1].endswith("/checkout")

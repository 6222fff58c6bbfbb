"""A transfer moves a registered name: one nobody has registered is refused before the cart
changes, with a message beside the name that says what to do instead."""

from __future__ import annotations

import pytest

from tests.shop import once_token, text_of

pytestmark = pytest.mark.django_db

NOT_REGISTERED = "is not registered yet, so there is nothing to transfer"


def test_a_transfer_of_a_free_name_is_refused_and_the_cart_stays_empty(client):
    page = client.get("/domains/transfer", {"domain": "brand-new-studio.com"})
    refused = client.post(
        "/domains/transfer",
        {"domain": "brand-new-studio.com", "once": once_token(page), "epp_code": "AbC-123"},
    )
    assert refused.status_code == 422
    said = text_of(refused)
    assert f"brand-new-studio.com {NOT_REGISTERED}. You can register it instead." in said
    # What the customer typed is still in the form.
    assert 'value="brand-new-studio.com"' in refused.content.decode()
    assert "Your cart is empty" in text_of(client.get("/cart/"))


def test_a_transfer_of_a_registered_name_goes_into_the_cart(client):
    page = client.get("/domains/transfer", {"domain": "example.com"})
    added = client.post(
        "/domains/transfer",
        {"domain": "example.com", "once": once_token(page), "epp_code": "AbC-123"},
    )
    assert added["Location"] == "/cart/"
    assert "Domain transfer: example.com" in text_of(client.get("/cart/"))


def test_the_domain_step_refuses_to_transfer_a_free_name_and_keeps_the_product(client, domain_step):
    step = client.get(domain_step)
    item_id = domain_step.rstrip("/").split("/")[-1]
    refused = client.post(
        f"/domains/for-item/{item_id}/transfer",
        {"domain": "brand-new-studio.com", "once": once_token(step), "epp_code": "AbC-123"},
    )
    assert refused.status_code == 422
    assert NOT_REGISTERED in text_of(refused)
    cart = text_of(client.get("/cart/"))
    assert "Starter" in cart
    assert "brand-new-studio.com" not in cart

"""Domains and plans find each other: the domain step offers the names already in the cart,
and a domain bought on its own is offered hosting."""

from __future__ import annotations

import re

import pytest

from tests.shop import once_token, text_of

pytestmark = pytest.mark.django_db


def add_domain(client, name="brandnew.com"):
    page = client.get("/domains/", {"domain": name.split(".")[0]})
    client.post("/domains/register", {"domain": name, "once": once_token(page)})


def test_a_domain_alone_in_the_cart_is_offered_hosting_that_orders_with_it(client):
    add_domain(client)
    cart = client.get("/cart/")
    said = text_of(cart)
    assert "Hosting for brandnew.com" in said
    links = re.findall(r'href="(/order/\d+/[\w-]+/\?domain=brandnew.com)"', cart.content.decode())
    assert links, "no plan offered with the domain"
    # The plan's configure page knows which domain it is for.
    assert "brandnew.com" in text_of(client.get(links[0]))


def test_a_plan_using_the_domain_takes_the_offer_away(client, domain_step):
    add_domain(client)
    item_id = domain_step.rstrip("/").split("/")[-1]
    step = client.get(domain_step)
    assert "Use a domain from your cart" in text_of(step)
    assert "Use brandnew.com" in text_of(step)
    used = client.post(
        f"/domains/for-item/{item_id}/existing",
        {"domain": "brandnew.com", "once": once_token(step)},
    )
    assert used["Location"] == "/cart/"
    cart = text_of(client.get("/cart/"))
    assert "for brandnew.com" in cart
    assert "Hosting for brandnew.com" not in cart
    assert "Use a domain from your cart" not in text_of(client.get(domain_step))


def test_the_cart_with_a_plan_and_its_domain_offers_nothing(client, domain_step):
    assert "Hosting for" not in text_of(client.get("/cart/"))

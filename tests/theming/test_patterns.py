"""The pattern library renders every registered state with its sample data."""

from __future__ import annotations

import pytest

from storefront.theming.patterns import STATES
from tests.shop import text_of

pytestmark = pytest.mark.django_db

EXPECTED = {
    "store-front": "Shared Hosting",
    "store-front-empty": "Nothing is on sale right now.",
    "group-sold-out": "Sold out",
    "configure-errors": "Fix the choices marked above to see the price.",
    "configure-sold-out": "This product is sold out right now.",
    "cart-empty": "Your cart is empty.",
    "cart-full": "Discount",
    "cart-errors": "Enter a hostname for this server.",
    "whmcs-unavailable": "Our billing system is not answering right now",
    "masquerade": "You are seeing the shop as Agency Studio",
    "second-factor": "Two-step verification",
    "second-factor-refused": "That code is not right.",
}


@pytest.mark.parametrize("state", STATES, ids=[state.slug for state in STATES])
def test_every_state_renders_with_sample_data(marketer_client, state):
    response = marketer_client.get(f"/staff/patterns/{state.slug}")
    assert response.status_code == 200
    page = text_of(response)
    assert "Pattern library" in page
    if state.slug in EXPECTED:
        assert EXPECTED[state.slug] in page


def test_the_cart_sample_has_a_discount_and_tax(marketer_client):
    page = text_of(marketer_client.get("/staff/patterns/cart-full"))
    assert "Discount −" in page
    assert "Tax" in page or "%)" in page


def test_the_index_links_every_state(marketer_client):
    html = marketer_client.get("/staff/patterns").content.decode()
    for state in STATES:
        assert f'href="/staff/patterns/{state.slug}"' in html


def test_an_unknown_state_is_not_found(marketer_client):
    assert marketer_client.get("/staff/patterns/no-such-state").status_code == 404


def test_domain_results_show_every_status(marketer_client):
    page = text_of(marketer_client.get("/staff/patterns/domain-results"))
    for name in ("example.com", "example.net", "shop.io", "example.gov", "example.zz"):
        assert name in page

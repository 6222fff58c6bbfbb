"""The pattern library renders every registered state with its sample data."""

from __future__ import annotations

import pytest

from storefront.theming.patterns import STATES
from tests.shop import text_of

pytestmark = pytest.mark.django_db

EXPECTED = {  # what a marketer reads on each state's page
    "store-front": "Shared Hosting",
    "store-front-empty": "Nothing is on sale right now.",
    "group-sold-out": "Sold out",
    "configure-errors": "Fix the choices marked above to see the price.",
    "configure-sold-out": "This product is sold out right now.",
    "cart-empty": "Your cart is empty.",
    "cart-full": "Discount",
    "cart-errors": "Enter a hostname for this server.",
    "cart-totals": "Then, recurring:",
    "whmcs-unavailable": "Our billing system is not answering right now",
    "masquerade": "You are seeing the shop as Agency Studio",
    "second-factor": "Two-step verification",
    "second-factor-refused": "That code is not right, or it has expired.",
    "layout-logged-in": "Alex Agency",
    "login": "Log in to your account",
    "login-refused": "That email address and password do not match an account.",
    "login-form-errors": "Enter an email address such as name@example.com.",
    "choose-client": "Bright Smile Dental Ltd",
    "choose-client-unanswered": "Choose an account.",
    "account-services": "Business agency-client.com",
    "account-services-none": "This account has no services yet.",
    "account-domains": "old-campaign.net",
    "account-domains-none": "This account has no domains yet.",
    "renewal": "Renewal: $79.08 USD annually",
    "renewal-refused": "Cannot be renewed: This service is not renewable",
    "checkout-choose": "Continue as guest",
    "checkout-logged-in": "You are checking out as Alex Agency for Agency Studio LLC",
    "checkout-empty-cart": "Your cart is empty.",
    "domain-field-error": "A domain name cannot start or end with a hyphen.",
    "domain-result": "Available",
    "domain-pricing": ".us",
    "domain-pricing-empty": "No domain extensions are on sale right now.",
    "domain-register-us": "Required by the .us registry",
    "domain-register-us-errors": "Nexus Country is required when Nexus Category is C31.",
    "domain-transfer-epp": "Enter the EPP code to transfer brightsmile-dental.uk.",
    "domain-which-name": "We do not sell .zz domains.",
    "domain-item-transfer-refused": "Enter a domain name, e.g. example.com.",
    "domain-order-form": "Nexus Category",
    "domain-added": "agency-studio.us added to your cart.",
    "domain-added-fragment": "Go to your cart",
    "domain-for-item": "Choose a domain for Business",
    "domain-for-item-results": "Results for brightsmile-dental.com",
    "domain-for-item-results-fragment": "Results for brightsmile-dental.com",
    "domain-for-item-existing-fragment": "Use this domain",
    "domain-existing-refused": "Use a domain you already own",
    "domain-item-missing": "That product is no longer in your cart",
    "domain-item-missing-fragment": "That product is no longer in your cart",
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
    assert "Discount (SAVE10) −" in page
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

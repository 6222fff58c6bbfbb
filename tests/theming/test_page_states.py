"""The account, checkout and domain pages: their samples show what a marketer expects, and
the editor checks edits of them against those samples."""

from __future__ import annotations

import pytest

from tests.shop import text_of

from .conftest import default_source

pytestmark = pytest.mark.django_db

EDIT = "/staff/templates/edit/"


def pattern(client, slug: str) -> str:
    return text_of(client.get(f"/staff/patterns/{slug}"))


def check(client, name: str, source: str, fragment: str = ""):
    url = f"{EDIT}{name}" + (f"?fragment={fragment}" if fragment else "")
    return client.post(url, {"source": source, "action": "check"})


def test_services_show_renewable_and_cancelled_services_and_addons(marketer_client):
    page = pattern(marketer_client, "account-services")
    assert "Renewal: $79.08 USD annually" in page
    assert "Daily Off-site Backups" in page
    assert "Cannot be renewed: This service addon is not renewable" in page
    assert "Cannot be renewed: This service is not renewable" in page
    assert "Alex Agency · Agency Studio LLC" in page  # the logged-in header


def test_domains_show_renewal_periods_and_a_domain_that_cannot_be_renewed(marketer_client):
    page = pattern(marketer_client, "account-domains")
    assert "Renew for 1 year: $14.99 USD" in page
    assert "agency-studio.io Status Grace" in page
    assert "old-campaign.net Status Cancelled" in page
    assert "Cannot be renewed: This domain is not renewable" in page


def test_choosing_a_client_lists_both_accounts_of_the_agency(marketer_client):
    page = pattern(marketer_client, "choose-client")
    assert "Agency Studio LLC" in page
    assert "Bright Smile Dental Ltd" in page


def test_the_us_register_form_asks_for_every_registry_field(marketer_client):
    page = pattern(marketer_client, "domain-register-us")
    for field in ("Nexus Category", "Nexus Country", "Application Purpose", "Agree to .US Terms"):
        assert field in page
    assert "Register agency-studio.us" in page


def test_the_us_register_form_with_errors_says_what_to_fix(marketer_client):
    page = pattern(marketer_client, "domain-register-us-errors")
    assert "Nexus Country is required when Nexus Category is C31." in page
    assert "Tick “Agree to .US Terms” to order this domain." in page


def test_the_price_table_lists_every_extension_and_longer_periods(marketer_client):
    page = pattern(marketer_client, "domain-pricing")
    for tld in (".com", ".io", ".uk", ".us"):
        assert tld in page
    assert ".com: 1 to 10 years" in page


def test_the_domain_step_shows_results_with_forms_transfer_and_own_domain(marketer_client):
    page = pattern(marketer_client, "domain-for-item-results")
    assert "Choose a domain for Business" in page
    assert "Register and use brightsmile-dental.com" in page
    assert "Transfer a domain from another registrar" in page
    assert "Use a domain you already own" in page


@pytest.mark.parametrize(
    ("name", "sample"),
    [
        ("checkout/choose.html", "Checkout: logged in, continue"),
        ("account/login.html", "Log in: wrong email or password"),
        ("account/login_form.html", "Login form with field errors"),
        ("account/second_factor.html", "Login: a refused two-step code"),
        ("account/choose_client.html", "Choose a client account, none chosen"),
        ("account/services.html", "My services (renewable and cancelled)"),
        ("account/renewal.html", "One renewal that cannot be renewed"),
        ("account/domains.html", "My domains (one not renewable)"),
        ("domains/pricing.html", "Domain prices of every extension"),
        ("domains/order.html", "Transfer a .uk domain without its EPP code"),
        ("domains/added.html", "Domain added to the cart"),
        ("domains/for_item.html", "Domain step of a product, with results"),
        ("domains/existing.html", "Use your own domain, with an error"),
        ("domains/item_missing.html", "Product needing a domain is no longer in the cart"),
        ("domains/result.html", "Domain search: one result with its order form"),
        ("domains/field.html", "Domain pages: a form field with an error"),
        ("base.html", "Page layout: header of a logged-in customer"),
    ],
)
def test_the_editor_checks_these_pages_against_their_samples(marketer_client, name, sample):
    response = check(marketer_client, name, default_source(name))
    assert response.status_code == 200
    page = text_of(response)
    assert "All checks passed. Rendered with:" in page
    assert sample in page


def test_an_edit_of_a_fragment_is_checked_with_its_fragment_state(marketer_client):
    body = default_source("domains/item_missing.html").split("inline %}")[1]
    body = body.split("{% endpartialdef %}")[0].replace("Go to your cart", "Back to the cart")
    response = check(marketer_client, "domains/item_missing.html", body, fragment="missing")
    assert "Product missing: notice fragment" in text_of(response)


def test_an_edit_breaking_the_logged_in_checkout_is_refused_naming_that_sample(marketer_client):
    source = default_source("checkout/choose.html").replace(
        "You are checking out as", "{% url 'no-such-page' %}You are checking out as"
    )
    response = check(marketer_client, "checkout/choose.html", source)
    assert response.status_code == 422
    assert "with: Checkout: logged in, continue" in text_of(response)


def test_the_cart_samples_show_the_controls_a_customer_edits_their_items_with(marketer_client):
    for slug in ("cart-full", "cart-errors", "cart-fragment"):
        page = pattern(marketer_client, slug)
        assert "Billing cycle" in page, slug
        assert "Update VPS S" in page, slug
        assert "Change options of VPS S" in page, slug


def test_an_edit_breaking_the_cart_item_controls_is_refused(marketer_client):
    source = default_source("cart/cart.html").replace(
        "{% url 'cart:change_item' item.item_id %}", "{% url 'cart:change_item' %}"
    )
    assert source != default_source("cart/cart.html")
    response = check(marketer_client, "cart/cart.html", source)
    assert response.status_code == 422
    assert "Cart with a discount and tax" in text_of(response)

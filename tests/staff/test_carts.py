"""Cart inspection while masquerading (read only, audited), and cart changes that need an
explicit confirmation which keeps every field of the original form."""

from __future__ import annotations

import re

import pytest

from storefront.staff.models import AuditEntry
from tests.shop import text_of

from .conftest import audit_rows

pytestmark = pytest.mark.django_db


def test_without_a_masquerade_the_carts_page_says_how_to_see_carts(staff):
    page = text_of(staff.get("/staff/cart"))
    assert "Masquerade as a customer to see their carts" in page


def test_the_customers_carts_are_listed(masquerading, customer_cart_id):
    page = text_of(masquerading.get("/staff/cart"))
    assert "Carts of Alex Agency (agency@example.com)." in page
    assert f"Cart {customer_cart_id}" in page


def test_a_cart_opens_read_only_with_items_options_promotions_totals_and_errors(
    masquerading, customer_cart_id
):
    response = masquerading.get(f"/staff/cart/{customer_cart_id}")
    page = text_of(response)
    assert "VPS S Monthly : $12.00 USD" in page
    assert "Data Centre:" in page  # the item's configurable options
    assert "Promo code VPS5" in page
    assert "Subtotal" in page and "Due today" in page
    # WHMCS's validation: the VPS needs a hostname before checkout.
    assert "WHMCS would refuse checkout until the errors above are fixed." in page
    html = response.content.decode()
    # Read only: none of the shop's cart forms (remove, promo, empty, checkout) is offered.
    for action in ("/cart/items/", "/cart/promotion", "/cart/empty", "/checkout/"):
        assert f'action="{action}' not in html


def test_opening_a_cart_is_audited(masquerading, customer_cart_id):
    masquerading.get(f"/staff/cart/{customer_cart_id}")
    [entry] = audit_rows(AuditEntry.Action.CART_VIEW)
    assert (entry.actor, entry.outcome) == ("admin", "success")
    assert entry.target == f"cart {customer_cart_id} of Alex Agency (agency@example.com)"


def test_a_cart_whmcs_does_not_know_says_so(masquerading):
    response = masquerading.get("/staff/cart/AAAAAAAAAAAAAAAA")
    assert response.status_code == 404
    assert "WHMCS says:" in text_of(response)
    assert audit_rows(AuditEntry.Action.CART_VIEW)[0].outcome == "failure"


def test_opening_a_cart_without_a_masquerade_is_refused(staff):
    response = staff.get("/staff/cart/AAAAAAAAAAAAAAAA", follow=True)
    assert "Masquerade as the customer to open their carts." in text_of(response)


def confirmation_fields(response) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for name, value in re.findall(
        r'<input type="hidden" name="([^"]+)" value="([^"]*)">', response.content.decode()
    ):
        fields.setdefault(name, []).append(value)
    return fields


def test_a_cart_change_while_masquerading_asks_for_confirmation_first(masquerading, upstream):
    upstream.clear()
    response = masquerading.post("/cart/promotion", {"code": "VPS5"})
    page = text_of(response)
    assert "Change Alex Agency's cart?" in page
    assert "You are masquerading as Alex Agency (agency@example.com)." in page
    assert not [call for call in upstream if "/promotions" in call[1]]
    fields = confirmation_fields(response)
    assert fields["code"] == ["VPS5"]
    assert fields["staff_confirmed"] == ["1"]
    assert 'action="/cart/promotion"' in response.content.decode()
    assert audit_rows(AuditEntry.Action.CART_CHANGE) == []


def test_the_confirmation_keeps_every_field_including_repeated_ones(masquerading):
    response = masquerading.post(
        "/order/6/vps-s/", {"billing_cycle": "annually", "addon": ["1", "2"], "once": "abc"}
    )
    fields = confirmation_fields(response)
    assert fields["addon"] == ["1", "2"]
    assert fields["billing_cycle"] == ["annually"]
    assert fields["once"] == ["abc"]
    assert "csrfmiddlewaretoken" in fields  # a fresh token, for the confirming POST


def test_the_confirmed_change_is_made_and_audited(masquerading, customer_cart_id):
    response = masquerading.post("/cart/promotion/remove", {"staff_confirmed": "1"}, follow=True)
    assert "Promo code removed." in text_of(response)
    [entry] = audit_rows(AuditEntry.Action.CART_CHANGE)
    assert (entry.actor, entry.outcome) == ("admin", "success")
    assert entry.target == "Alex Agency (agency@example.com) /cart/promotion/remove"


def test_checkout_while_masquerading_needs_confirmation_too(masquerading):
    response = masquerading.post("/checkout/")
    assert "Change Alex Agency's cart?" in text_of(response)


def test_with_htmx_the_confirmation_replaces_the_page_content(masquerading):
    response = masquerading.post("/cart/empty", HTTP_HX_REQUEST="true")
    assert response["HX-Retarget"] == "#main"
    assert "<html" not in response.content.decode()
    assert "Change Alex Agency's cart?" in text_of(response)


def test_customers_change_their_carts_without_any_confirmation(client):
    response = client.post("/cart/promotion", {"code": "VPS5"})
    assert "Change" not in text_of(response).split("Your cart")[0]
    assert "masquerading" not in text_of(response)


def test_a_confirmation_without_the_csrf_token_is_refused(masquerading):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.cookies = masquerading.cookies
    response = strict.post("/cart/promotion", {"code": "VPS5", "staff_confirmed": "1"})
    assert response.status_code == 403

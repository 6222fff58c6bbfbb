"""Money: promotions (every kind and refusal) and tax (US state, EU VAT, inclusive, compound)."""

from __future__ import annotations

from dataclasses import replace

from whmcs_gateway.sandbox.promotions import find_promotion, record_use

from .conftest import AGENCY_USER, SandboxClient
from .test_cart import add, new_cart, totals

VPS_L_MONTHLY = {"type": "product", "product_id": 8, "billing_cycle": "monthly"}


def apply(client: SandboxClient, cart_id: str, code: str):
    return client.post(f"/cart/{cart_id}/promotions", json={"code": code})


def test_percentage_promotion_is_recurring(client):
    cart_id = new_cart(client)
    add(client, cart_id, {"type": "product", "product_id": 2, "billing_cycle": "annually"})
    response = apply(client, cart_id, "welcome20")
    assert response.status_code == 200
    assert totals(response) == {
        "subtotal": "79.08",
        "total": "63.26",
        "discounts": ["15.82"],
        "taxes": [],
        "recurring": {"annually": "63.26"},
    }
    promotions = client.get(f"/cart/{cart_id}/promotions").json()["data"]
    assert promotions[0]["code"] == "WELCOME20" and promotions[0]["type"] == "Percentage"
    assert totals(client.delete(f"/cart/{cart_id}/promotions"))["discounts"] == []


def test_fixed_amount_and_price_override(client):
    cart_id = new_cart(client, currency="EUR")
    add(client, cart_id, {"type": "product", "product_id": 6, "billing_cycle": "quarterly"})
    result = totals(apply(client, cart_id, "SAVE10"))
    assert result["discounts"] == ["9.00"]  # the EUR value of the code
    assert result["recurring"] == {"quarterly": "32.00"}  # not a recurring promotion
    cart_id = new_cart(client)
    add(client, cart_id, {"type": "product", "product_id": 6, "billing_cycle": "monthly"})
    result = totals(apply(client, cart_id, "VPS5"))
    assert result["discounts"] == ["7.00"]  # 12.00 -> 5.00
    assert result["recurring"] == {"monthly": "5.00"}


def test_free_setup_and_refusals(app, client):
    cart_id = new_cart(client)
    add(client, cart_id, VPS_L_MONTHLY)
    expired = apply(client, cart_id, "FREESETUP")
    assert expired.status_code == 422 and "expired" in expired.json()["message"]
    unknown = apply(client, cart_id, "NOPE")
    assert unknown.status_code == 422 and unknown.json()["message"].startswith("Invalid Promotion")
    not_applicable = apply(client, cart_id, "WELCOME20")
    assert "does not apply" in not_applicable.json()["message"]
    record_use(app.world, find_promotion(app.world, "SAVE10"), client_id=99)
    used_up = apply(client, cart_id, "SAVE10")
    assert "maximum number of uses" in used_up.json()["message"]
    assert client.post(f"/cart/{cart_id}/promotions", json={"code": 5}).status_code == 422
    # Free setup, with the expiry moved into the future.
    promotions = tuple(
        {**p, "expires_in_days": 5} if p["code"] == "FREESETUP" else p
        for p in app.world.catalog.promotions
    )
    app.world.catalog = replace(app.world.catalog, promotions=promotions)
    cart_id = new_cart(client)
    add(client, cart_id, {"type": "product", "product_id": 10, "billing_cycle": "monthly"})
    assert totals(apply(client, cart_id, "FREESETUP"))["discounts"] == ["149.00"]


def test_once_per_client(app):
    agency = SandboxClient(app)
    agency.login(*AGENCY_USER)  # client 3 already has a service bought with WELCOME20
    cart_id = new_cart(agency)
    add(
        agency,
        cart_id,
        {
            "type": "product",
            "product_id": 1,
            "billing_cycle": "annually",
            "domain": "agency-new.com",
        },
    )
    refused = apply(agency, cart_id, "WELCOME20")
    assert refused.status_code == 422 and "once per client" in refused.json()["message"]


def test_us_state_tax_from_guest_geolocation(client):
    cart_id = new_cart(client)
    add(client, cart_id, VPS_L_MONTHLY)
    response = client.post(
        f"/cart/{cart_id}/geolocation", json={"country_code": "US", "state": "Texas"}
    )
    assert totals(response)["taxes"] == [("Texas Sales Tax", "3.00")]
    assert totals(response)["total"] == "51.00"
    assert response.json()["data"]["totals"]["geolocation"] == {"country_code": "US", "state": "TX"}
    bad = client.post(
        f"/cart/{cart_id}/geolocation", json={"country_code": "US", "state": "Atlantis"}
    )
    assert bad.status_code == 422
    assert (
        client.post(f"/cart/{cart_id}/geolocation", json={"country_code": "ZZ"}).status_code == 422
    )


def test_eu_vat_exclusive_and_inclusive(app, client):
    cart_id = new_cart(client, currency="EUR")
    add(client, cart_id, VPS_L_MONTHLY)
    response = client.post(f"/cart/{cart_id}/geolocation", json={"country_code": "DE"})
    assert totals(response)["taxes"] == [("VAT", "8.36")]
    assert totals(response)["total"] == "52.36"
    assert totals(response)["recurring"] == {"monthly": "52.36"}
    app.world.catalog = replace(
        app.world.catalog, tax={**app.world.catalog.tax, "mode": "inclusive"}
    )
    result = totals(client.get(f"/cart/{cart_id}"))
    assert result == {
        "subtotal": "36.97",
        "total": "44.00",
        "discounts": [],
        "taxes": [("VAT", "7.03")],
        "recurring": {"monthly": "44.00"},
    }


def test_two_level_tax_simple_and_compound(app, client):
    cart_id = new_cart(client)
    add(client, cart_id, VPS_L_MONTHLY)
    response = client.post(
        f"/cart/{cart_id}/geolocation", json={"country_code": "US", "state": "NY"}
    )
    assert totals(response)["taxes"] == [("New York Sales Tax", "1.92"), ("NYC Local Tax", "2.16")]
    app.world.catalog = replace(app.world.catalog, tax={**app.world.catalog.tax, "compound": True})
    assert totals(client.get(f"/cart/{cart_id}"))["taxes"][1] == ("NYC Local Tax", "2.25")

"""REST /cart: life cycle, item types, validation errors, ownership, money (prices, totals)."""

from __future__ import annotations

import pytest

from .conftest import AGENCY_USER, SandboxClient


def new_cart(client: SandboxClient, **params) -> str:
    response = client.post("/cart", params=params or None)
    assert response.status_code == 200, response.text
    return response.json()["data"]["id"]


def add(client: SandboxClient, cart_id: str, *items: dict):
    return client.post(f"/cart/{cart_id}/items", json={"items": list(items)})


def totals(response) -> dict:
    body = response.json()["data"]["totals"]
    return {
        "subtotal": body["subtotal"]["value"],
        "total": body["total"]["value"],
        "discounts": [d["amount"]["value"] for d in body["discounts"]],
        "taxes": [(t["name"], t["amount"]["value"]) for t in body["taxes"]],
        "recurring": {r["cycle"]: r["amount"]["value"] for r in body["recurring"]},
    }


VPS = {
    "type": "product",
    "product_id": 6,
    "billing_cycle": "monthly",
    "config_options": [{"id": 1, "value": 13}, {"id": 3, "value": True}, {"id": 4, "value": 2}],
    "addons": [{"id": 2}],
    "custom_fields": [{"id": 7, "value": "host1.example.com"}],
}


def test_guest_cart_life_cycle_with_every_extra(client):
    cart_id = new_cart(client)
    assert len(cart_id) == 16 and cart_id.isalnum()
    response = add(client, cart_id, VPS)
    assert response.status_code == 200
    item = response.json()["data"]["items"][0]
    assert len(item["item_id"]) == 8
    # 12 + setup 10, Windows 15, firewall 5, 2 x IPv4 2.50, IP addon 3 + setup 5
    assert totals(response) == {
        "subtotal": "55.00",
        "total": "55.00",
        "discounts": [],
        "taxes": [],
        "recurring": {"monthly": "40.00"},
    }
    assert client.get(f"/cart/{cart_id}/counter").json()["data"]["counter"] == 2
    base = f"/cart/{cart_id}/items/{item['item_id']}"
    option = client.get(f"{base}/configoptions/4").json()["data"]
    assert option["option"]["value"] == 2
    assert client.post(f"{base}/configoptions/4", json={"value": 0}).status_code == 200
    assert client.delete(f"{base}/configoptions/1").status_code == 200
    response = client.delete(f"{base}/addons")
    assert totals(response)["subtotal"] == "27.00"  # 12 + 10 + firewall 5
    response = client.post(f"{base}/addon", json={"addons": [{"id": 3}]})
    assert totals(response)["subtotal"] == "44.99"
    field = client.get(f"{base}/customfields/7").json()["data"]
    assert field["value"] == "host1.example.com" and field["required"] is True
    response = client.post(base, json={"type": "product", "billing_cycle": "annually"})
    assert response.json()["data"]["items"][0]["billing"]["cycle"] == "annually"
    assert client.delete(f"{base}/configoptions").status_code == 200
    # Annual VPS (no setup) plus the cPanel addon, which only bills monthly.
    assert totals(client.get(f"/cart/{cart_id}"))["subtotal"] == "149.99"
    response = client.delete(base)
    assert response.json()["data"]["items"] == []
    assert client.delete(f"/cart/{cart_id}/items").status_code == 200


def test_currencies_have_their_own_prices(client):
    eur = new_cart(client, currency="EUR")
    response = add(client, eur, {"type": "product", "product_id": 8, "billing_cycle": "monthly"})
    assert response.json()["data"]["totals"]["total"]["display_value"].startswith("€") or (
        response.json()["data"]["totals"]["total"]["code"] == "EUR"
    )
    assert totals(response)["total"] == "44.00"
    gbp = new_cart(client, currency="GBP")
    assert (
        totals(add(client, gbp, {"type": "product", "product_id": 8, "billing_cycle": "monthly"}))[
            "total"
        ]
        == "38.00"
    )
    assert client.post("/cart", params={"currency": "XXX"}).status_code == 422


def test_domain_items_and_their_validation(client):
    cart_id = new_cart(client)
    response = add(
        client,
        cart_id,
        {"type": "domain_register", "name": "mysite.us", "period": 2},
        {"type": "domain_transfer", "name": "moving.uk", "period": 1},
        {"type": "domain_register", "name": "taken-name.com", "period": 1},
    )
    assert response.status_code == 200
    items = response.json()["data"]["items"]
    assert totals(response)["subtotal"] == "32.97"  # 2 x 9.99 + free .uk transfer + 12.99
    errors = client.post(f"/cart/{cart_id}/validate").json()["data"]["validation_errors"]
    by_item = {entry["item_id"]: entry["errors"] for entry in errors}
    assert "Agree to .US Terms is required for .us domains" in by_item[items[0]["item_id"]]
    assert any("EPP code" in e for e in by_item[items[1]["item_id"]])
    assert any("not available" in e for e in by_item[items[2]["item_id"]])
    update = client.post(
        f"/cart/{cart_id}/items/{items[0]['item_id']}",
        json={"type": "domain_register", "period": 1, "id_protection": True},
    )
    assert update.status_code == 200
    assert update.json()["data"]["items"][0]["period"] == 1
    checkout = client.post(f"/cart/{cart_id}/checkout")
    assert checkout.status_code == 400
    assert checkout.json()["data"]["validation_errors"]


def test_product_validation_errors(client):
    cart_id = new_cart(client)
    response = add(
        client,
        cart_id,
        {
            "type": "product",
            "product_id": 1,
            "billing_cycle": "monthly",
            "custom_fields": [{"id": 1, "value": "Bad Name!"}],
        },
        {
            "type": "product",
            "product_id": 9,
            "billing_cycle": "monthly",
            "config_options": [{"id": 4, "value": 50}],
        },
        {"type": "product", "product_id": 14, "billing_cycle": "onetime"},
    )
    items = response.json()["data"]["items"]
    errors = client.post(f"/cart/{cart_id}/validate").json()["data"]["validation_errors"]
    by_item = {entry["item_id"]: entry["errors"] for entry in errors}
    starter, xeon, migration = (by_item[i["item_id"]] for i in items)
    assert {"id": 1, "type": "product", "error": "Starter requires a domain name"} in starter
    assert {
        "id": 1,
        "type": "customfield",
        "error": "cPanel Username is not in the expected format",
    } in starter
    assert {"id": 9, "type": "product", "error": "Xeon E-2388G is out of stock"} in xeon
    assert any(e["type"] == "configoption" and e["id"] == 4 for e in xeon)
    assert {
        "id": 3,
        "type": "customfield",
        "error": "Current Host Password is required",
    } in migration
    # Fixing the Starter item clears its errors.
    base = f"/cart/{cart_id}/items/{items[0]['item_id']}"
    client.post(f"{base}/domain", json={"domain_name": "dana-new.com"})
    client.post(f"{base}/customfields/1", json={"value": "dana"})
    errors = client.post(f"/cart/{cart_id}/validate").json()["data"]["validation_errors"]
    assert items[0]["item_id"] not in {entry["item_id"] for entry in errors}


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"items": "nope"}, 422),
        ({"items": []}, 422),
        ({"items": [{"type": "product", "product_id": 999, "billing_cycle": "monthly"}]}, 422),
        ({"items": [{"type": "product", "product_id": 6, "billing_cycle": "weekly"}]}, 422),
        (
            {
                "items": [
                    {"type": "product", "product_id": 6, "billing_cycle": "monthly", "quantity": 2}
                ]
            },
            422,
        ),
        ({"items": [{"type": "product", "product_id": "6", "billing_cycle": "monthly"}]}, 422),
        (
            {
                "items": [
                    {
                        "type": "product",
                        "product_id": 6,
                        "billing_cycle": "monthly",
                        "config_options": [{"id": 3, "value": 1}],
                    }
                ]
            },
            422,
        ),
        ({"items": [{"type": "domain_register", "name": "x" * 300 + ".com"}]}, 422),
        ({"items": [{"type": "domain_register", "name": "not a domain"}]}, 422),
        ({"items": [{"type": "domain_register", "name": "a.nope"}]}, 422),
        ({"items": [{"type": "service_renewal", "id": 101}]}, 401),
        ({"items": [{"type": "teleport"}]}, 422),
    ],
)
def test_bad_item_input_is_refused_cleanly(client, body, status):
    cart_id = new_cart(client)
    assert client.post(f"/cart/{cart_id}/items", json=body).status_code == status


def test_unknown_ids_and_bad_paging(client):
    cart_id = new_cart(client)
    assert client.get("/cart/AAAAAAAAAAAAAAAA").status_code == 404
    assert client.get("/cart/short").status_code == 404
    assert client.delete(f"/cart/{cart_id}/items/ZZZZZZZZ").status_code == 422
    assert client.get(f"/cart/{cart_id}", params={"page": "0"}).status_code == 400
    assert client.post(f"/cart/{cart_id}/items", content=b"{not json").status_code == 400
    assert client.get("/cart").status_code == 401


def test_ownership_and_logged_in_carts(app, user_client):
    cart_id = new_cart(user_client)
    assert user_client.get("/cart").json()["data"] == [{"id": cart_id}]
    other = SandboxClient(app)
    other.login(*AGENCY_USER)
    assert other.get(f"/cart/{cart_id}").status_code == 404
    guest = SandboxClient(app)
    assert guest.get(f"/cart/{cart_id}").status_code == 404
    # A guest cart touched by a logged-in user becomes theirs.
    guest_cart = new_cart(guest)
    assert user_client.get(f"/cart/{guest_cart}").status_code == 200
    assert guest.get(f"/cart/{guest_cart}").status_code == 404
    assert (
        user_client.post(f"/cart/{cart_id}/geolocation", json={"country_code": "DE"}).status_code
        == 422
    )


def test_renewals_service_addons_and_bundles(app):
    agency = SandboxClient(app)
    agency.login(*AGENCY_USER)
    cart_id = new_cart(agency)
    response = add(
        agency,
        cart_id,
        {"type": "domain_renewal", "id": 601, "period": 2},
        {"type": "service_renewal", "id": 202},
        {"type": "addon_renewal", "id": 2101},
        {"type": "addon", "data": {"id": 4}, "service_id": 202, "billing_cycle": "monthly"},
        {"type": "bundle", "id": 1, "items": [{"domain": "launch.com"}]},
    )
    assert response.status_code == 200, response.text
    # 29.98 + 24 + 20 + 9 + bundle (89 + backups 20 + domain 10), NY taxes 4% + 4.5%
    result = totals(response)
    assert result["subtotal"] == "201.98"
    assert result["taxes"] == [("New York Sales Tax", "8.08"), ("NYC Local Tax", "9.09")]
    assert result["total"] == "219.15"
    refused = add(agency, cart_id, {"type": "service_renewal", "id": 203})
    assert refused.status_code == 422 and "cancelled" in refused.json()["message"]
    assert add(agency, cart_id, {"type": "addon_renewal", "id": 2102}).status_code == 422
    assert add(agency, cart_id, {"type": "service_renewal", "id": 101}).status_code == 422

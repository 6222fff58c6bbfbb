"""Status, countries, billing and the product catalog, checked for content (the client fixture
validates every body against the contract as well)."""

from __future__ import annotations

import pytest

from .conftest import SandboxClient


def test_status_reports_time_timezone_and_currencies(client: SandboxClient) -> None:
    data = client.get("/status").json()["data"]
    assert data["server_time"] == "2026-03-02T09:30:00+00:00"
    assert data["timezone"] == "UTC"
    assert [c["code"] for c in data["currencies"]] == ["USD", "EUR", "GBP"]


def test_keepalive_answers_200_with_a_new_state(client: SandboxClient) -> None:
    first = client.post("/keepalive")
    second = client.post("/keepalive")
    assert first.status_code == second.status_code == 200
    assert first.headers["X-Api-State"] != second.headers["X-Api-State"]


def test_countries_list_and_states(client: SandboxClient) -> None:
    countries = client.get("/countries").json()["data"]
    codes = {c["code"] for c in countries}
    assert {"US", "GB", "DE", "FR", "NL", "CA"} <= codes
    us = client.get("/countries/us").json()["data"]
    assert us["name"] == "United States"
    assert {"code": "TX", "name": "Texas"} in us["states"]
    assert len(client.get("/countries/CA").json()["data"]["states"]) == 13
    assert client.get("/countries/DE").json()["data"]["states"] == []


@pytest.mark.parametrize("code", ["ZZ", "X" * 300, "%00"])
def test_unknown_country_is_404(client: SandboxClient, code: str) -> None:
    response = client.get(f"/countries/{code}")
    assert response.status_code == 404
    assert "Country not found" in response.json()["message"]


def test_billing_cycles_and_gateways(client: SandboxClient) -> None:
    cycles = client.get("/billing/cycles").json()["data"]
    assert {"cycle": "annually", "description": "Annually", "months": 12} in cycles
    gateways = client.get("/store/billing/gateways").json()["data"]
    assert [g["name"] for g in gateways] == ["stripe", "paypal", "banktransfer"]


def test_products_cover_every_type_and_sort_by_order(client: SandboxClient) -> None:
    products = client.get("/store/products").json()["data"]
    assert len(products) >= 15
    types = {p["type"]["name"] for p in products}
    assert types == {"hostingaccount", "reselleraccount", "server", "other"}


def test_one_product_with_pricing_in_usd_by_default(client: SandboxClient) -> None:
    starter = client.get("/store/products/1").json()["data"]
    assert starter["name"] == "Starter"
    assert starter["group"]["name"] == "Shared Hosting"
    recurring = {r["cycle"]: r for r in starter["pricing"]["recurring"]}
    assert list(recurring) == [
        "monthly",
        "quarterly",
        "semiannually",
        "annually",
        "biennially",
        "triennially",
    ]
    assert recurring["monthly"]["amount"] == {
        "value": "3.99",
        "code": "USD",
        "display_value": "$3.99 USD",
        "prefix": "$",
        "suffix": " USD",
    }
    assert recurring["monthly"]["setup"]["value"] == "4.99"
    assert recurring["annually"]["setup"]["value"] == "0.00"


def test_prices_per_currency_are_not_conversions(client: SandboxClient) -> None:
    eur = client.get("/store/products/10", params={"currency": "EUR"}).json()["data"]
    monthly = eur["pricing"]["recurring"][0]
    assert monthly["amount"]["display_value"] == "€279,00 EUR"
    annual = {r["cycle"]: r for r in eur["pricing"]["recurring"]}["annually"]
    assert annual["amount"]["display_value"] == "€3.108,00 EUR"
    gbp = client.get("/store/products/10", params={"currency": "gbp"}).json()["data"]
    assert gbp["pricing"]["recurring"][0]["amount"]["value"] == "239.00"


def test_unknown_currency_is_422(client: SandboxClient) -> None:
    response = client.get("/store/products", params={"currency": "XYZ"})
    assert response.status_code == 422
    assert "currency" in response.json()["message"]


def test_free_onetime_and_stock_controlled_products(client: SandboxClient) -> None:
    free = client.get("/store/products/3").json()["data"]["pricing"]
    assert free == {"is_free": True, "recurring": []}
    migration = client.get("/store/products/14").json()["data"]["pricing"]
    assert migration["onetime"]["amount"]["value"] == "49.00"
    assert migration["recurring"] == []
    sold_out = client.get("/store/products/9").json()["data"]
    assert (sold_out["stock_control_enabled"], sold_out["stock_quantity"]) == (True, 0)
    unlimited = client.get("/store/products/1").json()["data"]
    assert (unlimited["stock_control_enabled"], unlimited["stock_quantity"]) == (False, None)


@pytest.mark.parametrize("path", ["/store/products/0", "/store/products/999999999999999999"])
def test_unknown_product_is_404(client: SandboxClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.json() == {"message": "Product not found"}


def test_non_numeric_product_id_is_404(client: SandboxClient) -> None:
    assert client.get("/store/products/abc").status_code == 404
    assert client.get("/store/products/99999999999999999999999").status_code == 404


def test_groups_have_marketing_fields_and_features(client: SandboxClient) -> None:
    groups = client.get("/store/products/groups").json()["data"]
    names = [g["name"] for g in groups]
    assert names[:5] == [
        "Shared Hosting",
        "WordPress Hosting",
        "VPS",
        "Dedicated Servers",
        "Email & SSL",
    ]
    vps = groups[2]
    assert vps["headline"] and vps["tagline"] and vps["icon"] == "fa-cloud"
    assert vps["features"][0]["name"] == "Full root access"


def test_one_group_lists_its_products(client: SandboxClient) -> None:
    group = client.get("/store/products/groups/3").json()["data"]
    assert [p["name"] for p in group["products"]] == ["VPS S", "VPS M", "VPS L"]
    assert client.get("/store/products/groups/99").status_code == 404


def test_product_addons(client: SandboxClient) -> None:
    addons = client.get("/store/products/1/addons").json()["data"]
    assert [a["name"] for a in addons] == [
        "Daily Off-site Backups",
        "Dedicated IP Address",
        "Malware Cleanup",
    ]
    malware = addons[2]["pricing"]
    assert malware["onetime"]["amount"]["value"] == "79.00"
    assert client.get("/store/products/404/addons").status_code == 404


def test_custom_fields_of_every_type(client: SandboxClient) -> None:
    types = set()
    for product_id in (1, 2, 4, 14):
        for field in client.get(f"/store/products/{product_id}/customfields").json()["data"]:
            types.add(field["type"])
    assert types == {"text", "link", "password", "dropdown", "checkbox", "textarea"}
    username = client.get("/store/products/1/customfields").json()["data"][0]
    assert username["required"] is True
    assert username["validation"] == "^[a-z][a-z0-9]{2,15}$"
    dropdown = client.get("/store/products/14/customfields").json()["data"][1]
    assert dropdown["options"] == ["cPanel", "Plesk", "DirectAdmin", "Other"]


def test_config_options_of_all_four_types(client: SandboxClient) -> None:
    options = client.get("/store/products/7/configoptions").json()["data"]
    by_type = {o["type"]: o for o in options}
    assert set(by_type) == {"dropdown", "radio", "yesno", "quantity"}
    assert [c["value"] for c in by_type["dropdown"]["options"]] == [11, 12, 13]
    assert by_type["yesno"]["options"][0]["value"] is True
    quantity = by_type["quantity"]
    assert (quantity["quantity_minimum"], quantity["quantity_maximum"]) == (0, 8)
    windows = by_type["dropdown"]["options"][2]["pricing"]["recurring"]
    assert {r["cycle"]: r["amount"]["value"] for r in windows}["annually"] == "180.00"


def test_cross_sells(client: SandboxClient) -> None:
    names = [p["name"] for p in client.get("/store/products/2/cross-sells").json()["data"]]
    assert names == ["SSL Domain Validated", "SSL Wildcard", "Website Migration"]
    assert client.get("/store/products/8/cross-sells").json()["data"] == []


def test_bundles_of_a_group(client: SandboxClient) -> None:
    group = client.get("/store/bundles/groups/2").json()["data"]
    bundle = group["bundles"][0]
    assert bundle["name"] == "WordPress Launch Pack"
    assert bundle["price"]["value"] == "99.00"
    assert bundle["bundle_items"]["bundle_type"] == "product"
    assert bundle["bundle_items"]["domain_addons"] == ["dnsmanagement"]
    assert client.get("/store/bundles/groups/1").json()["data"]["bundles"] == []
    assert client.get("/store/bundles/groups/77").status_code == 404


def test_lists_page(client: SandboxClient) -> None:
    page = client.get("/store/products", params={"page": 2, "page_size": 5}).json()["data"]
    assert [p["id"] for p in page] == [6, 7, 8, 9, 10]

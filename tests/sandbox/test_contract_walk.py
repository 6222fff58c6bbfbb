"""Walk every operation of the contract with a success and an error, in realistic flows.

The operation list comes from the yaml, so a new operation there fails this test until it is
walked. Every answer is validated by the client (documented schema of that status, or a bare
``{"message"}`` for an undocumented error status); the walk records which operations answered
with a success and which with an error, and both sets must be the whole contract.
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import (
    ADMIN,
    AGENCY_USER,
    DEMO_USER,
    SECURE_ADMIN,
    SECURE_ADMIN_SECRET,
    TWOFA_SECRET,
    TWOFA_USER,
    FakeClock,
    SandboxClient,
)
from .contract import ContractError, assert_matches_contract, spec

HTTP_METHODS = {"get", "post", "put", "delete", "patch"}
CONTRACT_OPERATION_COUNT = 75
DENTAL_UUID = "3e409051-6f4d-4ca1-8d84-9f50b14c3d04"
VPS_ITEM = {
    "type": "product",
    "product_id": 6,
    "billing_cycle": "monthly",
    "config_options": [{"id": 1, "value": 13}],
    "custom_fields": [{"id": 7, "value": "host1.example.com"}],
}


def contract_operations() -> set[tuple[str, str]]:
    return {
        (method.upper(), template)
        for template, item in spec()["paths"].items()
        for method in item
        if method in HTTP_METHODS
    }


def call(client: SandboxClient, method: str, path: str, status: int, **kwargs: Any) -> Any:
    """One call that must answer `status`; returns the JSON body (validated by the client)."""
    response = client.request(method, path, **kwargs)
    assert response.status_code == status, (method, path, response.status_code, response.text)
    return response.json()


def error_message(client: SandboxClient, method: str, path: str, status: int, **kw: Any) -> str:
    return call(client, method, path, status, **kw)["message"]


# -- the walk, one area at a time ------------------------------------------------------------


def walk_status_and_reference_data(guest: SandboxClient) -> None:
    assert call(guest, "GET", "/status", 200)["data"]
    assert call(guest, "POST", "/keepalive", 200)["data"] is not None
    # An X-Api-State that was never issued is refused on any operation: the universal error.
    for method, path in [("GET", "/status"), ("POST", "/keepalive")]:
        assert "state" in error_message(guest, method, path, 401, state="forged").lower()
    countries = call(guest, "GET", "/countries", 200)["data"]
    assert "US" in {country["code"] for country in countries}
    assert "page" in error_message(guest, "GET", "/countries", 400, params={"page": 0}).lower()
    us = call(guest, "GET", "/countries/US", 200)["data"]
    assert us["name"] == "United States"
    assert "ZZ" in error_message(guest, "GET", "/countries/ZZ", 404)
    currencies = call(guest, "GET", "/billing/currencies", 200)["data"]
    assert [c["code"] for c in currencies] == ["USD", "EUR", "GBP"]
    for path in ["/billing/currencies", "/billing/cycles", "/store/billing/gateways"]:
        error_message(guest, "GET", path, 400, params={"page": "x"})
    assert "monthly" in str(call(guest, "GET", "/billing/cycles", 200)["data"])
    gateways = call(guest, "GET", "/store/billing/gateways", 200)["data"]
    assert "stripe" in str(gateways)


def walk_domains(guest: SandboxClient) -> None:
    spotlight = call(guest, "GET", "/store/domain/spotlight", 200, params={"domain": "brandnew"})
    assert all(item["domain_name"].startswith("brandnew.") for item in spotlight["data"])
    error_message(guest, "GET", "/store/domain/spotlight", 400)
    options = call(guest, "GET", "/store/domain/suggestions", 200)["data"]
    assert options["configured_suggestion_tlds"] == ["com", "net", "org", "io", "dev", "xyz"]
    error_message(guest, "GET", "/store/domain/suggestions", 401, state="forged")
    found = call(guest, "POST", "/store/domain/suggestions", 200, json={"term": "bakery"})
    assert found["data"] and all("bakery" in s["domain_name"] for s in found["data"])
    error_message(guest, "POST", "/store/domain/suggestions", 422, json={"term": "ab"})
    free = call(guest, "GET", "/store/domain/availability", 200, params={"domain": "fresh.com"})
    assert free["data"]["is_domain_available"] is True
    error_message(guest, "GET", "/store/domain/availability", 501, params={"domain": "x.shop"})
    pricing = call(guest, "GET", "/store/domain/pricing", 200)
    assert "com" in {entry["tld"].lstrip(".") for entry in pricing["data"]}
    error_message(guest, "GET", "/store/domain/pricing", 400, params={"page": "-1"})
    one = call(guest, "GET", "/store/domain/pricing/.dev", 200)["data"]
    assert one["tld"].lstrip(".") == "dev"
    error_message(guest, "GET", "/store/domain/pricing/zz", 404)
    assert call(guest, "GET", "/store/domain/pricing/spotlight", 200)["data"]
    error_message(guest, "GET", "/store/domain/pricing/spotlight", 400, params={"page": 0})
    languages = call(guest, "GET", "/store/domain/idnlanguages", 200)["data"]
    assert {"code": "ger", "language": "German"} in languages
    error_message(guest, "GET", "/store/domain/idnlanguages", 400, params={"page": 0})
    fields = call(guest, "GET", "/store/domain/additionalfields", 200, params={"tld": ".us"})
    assert any(field["required"] for field in fields["data"])
    error_message(guest, "GET", "/store/domain/additionalfields", 404, params={"tld": "zz"})


def walk_catalog(guest: SandboxClient) -> None:
    products = call(guest, "GET", "/store/products", 200)["data"]
    assert {p["id"] for p in products} >= {1, 6, 10}
    error_message(guest, "GET", "/store/products", 400, params={"page": 0})
    assert call(guest, "GET", "/store/products/6", 200)["data"]["name"] == "VPS S"
    error_message(guest, "GET", "/store/products/999", 404)
    groups = call(guest, "GET", "/store/products/groups", 200)["data"]
    assert "VPS" in {group["name"] for group in groups}
    error_message(guest, "GET", "/store/products/groups", 400, params={"page": 0})
    group = call(guest, "GET", "/store/products/groups/3", 200)["data"]
    assert "VPS" in str(group)
    error_message(guest, "GET", "/store/products/groups/999", 404)
    addons = call(guest, "GET", "/store/products/6/addons", 200)["data"]
    assert "Dedicated IP Address" in {addon["name"] for addon in addons}
    fields = call(guest, "GET", "/store/products/6/customfields", 200)["data"]
    assert 7 in {field["id"] for field in fields}
    options = call(guest, "GET", "/store/products/6/configoptions", 200)["data"]
    assert "Operating System" in str(options)
    for extra in ["addons", "customfields", "configoptions", "cross-sells"]:
        error_message(guest, "GET", f"/store/products/999/{extra}", 404)
    cross_sells = call(guest, "GET", "/store/products/1/cross-sells", 200)["data"]
    assert {12, 13} <= {p["id"] for p in cross_sells}
    bundles = call(guest, "GET", "/store/bundles/groups/2", 200)["data"]
    assert "WordPress Launch Pack" in str(bundles)
    error_message(guest, "GET", "/store/bundles/groups/999", 404)


def walk_cart(guest: SandboxClient, other: SandboxClient) -> str:
    """A guest cart with every kind of change; returns the cart id (left with a VPS item)."""
    cart_id = call(guest, "POST", "/cart", 200)["data"]["id"]
    assert "currency" in error_message(guest, "POST", "/cart", 422, params={"currency": "XXX"})
    missing = "/cart/AAAAAAAAAAAAAAAA"
    contents = call(guest, "POST", f"/cart/{cart_id}/items", 200, json={"items": [VPS_ITEM]})
    item_id = contents["data"]["items"][0]["item_id"]
    error_message(guest, "POST", f"{missing}/items", 404, json={"items": [VPS_ITEM]})
    item = f"/cart/{cart_id}/items/{item_id}"
    bad_item = f"/cart/{cart_id}/items/ZZZZZZZZ"

    assert call(guest, "GET", f"/cart/{cart_id}", 200)["data"]["items"][0]["item_id"] == item_id
    error_message(guest, "GET", missing, 404)
    assert call(guest, "GET", f"/cart/{cart_id}/counter", 200)["data"]["counter"] == 1
    error_message(guest, "GET", f"{missing}/counter", 404)
    report = call(guest, "POST", f"/cart/{cart_id}/validate", 200)["data"]
    assert report["validation_errors"] == []
    error_message(guest, "POST", f"{missing}/validate", 404)

    updated = call(guest, "POST", item, 200, json={"type": "product", "billing_cycle": "annually"})
    assert updated["data"]["items"][0]["billing"]["cycle"] == "annually"
    error_message(guest, "POST", bad_item, 422, json={"type": "product"})
    call(guest, "POST", item, 200, json={"type": "product", "billing_cycle": "monthly"})

    walk_item_extras(guest, item, bad_item)

    promotions = f"/cart/{cart_id}/promotions"
    applied = call(guest, "POST", promotions, 200, json={"code": "VPS5"})
    assert applied["data"]["totals"]["discounts"]
    assert "does not exist" in error_message(guest, "POST", promotions, 422, json={"code": "NO"})
    listed = call(guest, "GET", promotions, 200)["data"]
    assert [promotion["code"] for promotion in listed] == ["VPS5"]
    error_message(guest, "GET", f"{missing}/promotions", 404)
    assert call(guest, "DELETE", promotions, 200)["data"]["totals"]["discounts"] == []
    error_message(guest, "DELETE", f"{missing}/promotions", 404)

    located = call(guest, "POST", f"/cart/{cart_id}/geolocation", 200, json={"country_code": "DE"})
    assert [tax["name"] for tax in located["data"]["totals"]["taxes"]] == ["VAT"]
    error_message(guest, "POST", f"{missing}/geolocation", 404, json={"country_code": "DE"})

    # Another visitor's cart list needs a login; the walk's own list comes with the user.
    error_message(other, "GET", "/cart", 401)
    return cart_id


def walk_item_extras(guest: SandboxClient, item: str, bad_item: str) -> None:
    added = call(guest, "POST", f"{item}/addon", 200, json={"addons": [{"id": 2}]})
    assert added["data"]["items"][0]["addons"]
    error_message(guest, "POST", f"{bad_item}/addon", 422, json={"addons": [{"id": 2}]})
    assert call(guest, "DELETE", f"{item}/addons", 200)["data"]["items"][0]["addons"] == []
    error_message(guest, "DELETE", f"{bad_item}/addons", 422)

    fields = {"custom_fields": [{"id": 7, "value": "host2.example.com"}]}
    call(guest, "POST", f"{item}/customfields", 200, json=fields)
    error_message(guest, "POST", f"{bad_item}/customfields", 422, json=fields)
    field = call(guest, "GET", f"{item}/customfields/7", 200)["data"]
    assert field["value"] == "host2.example.com"
    error_message(guest, "GET", f"{item}/customfields/1", 404)
    call(guest, "POST", f"{item}/customfields/7", 200, json={"value": "host3.example.com"})
    error_message(guest, "POST", f"{item}/customfields/7", 422, json={})
    call(guest, "DELETE", f"{item}/customfields/7", 200)
    error_message(guest, "DELETE", f"{item}/customfields/1", 404)
    call(guest, "DELETE", f"{item}/customfields", 200)
    error_message(guest, "DELETE", f"{bad_item}/customfields", 422)

    options = {"config_options": [{"id": 4, "value": 2}]}
    call(guest, "POST", f"{item}/configoptions", 200, json=options)
    error_message(guest, "POST", f"{bad_item}/configoptions", 422, json=options)
    option = call(guest, "GET", f"{item}/configoptions/4", 200)["data"]
    assert option["option"]["value"] == 2
    error_message(guest, "GET", f"{item}/configoptions/999", 404)
    call(guest, "POST", f"{item}/configoptions/4", 200, json={"value": 3})
    error_message(guest, "POST", f"{item}/configoptions/4", 422, json={})
    call(guest, "DELETE", f"{item}/configoptions/4", 200)
    error_message(guest, "DELETE", f"{item}/configoptions/999", 404)
    call(guest, "DELETE", f"{item}/configoptions", 200)
    error_message(guest, "DELETE", f"{bad_item}/configoptions", 422)

    named = call(guest, "POST", f"{item}/domain", 200, json={"domain_name": "myvps.example.com"})
    assert "myvps.example.com" in str(named["data"]["items"][0])
    error_message(guest, "POST", f"{bad_item}/domain", 422, json={"domain_name": "x.com"})
    # Back to a valid item: the hostname is required at checkout.
    call(guest, "POST", f"{item}/customfields", 200, json=fields)


def walk_checkout_and_removal(guest: SandboxClient, cart_id: str) -> None:
    url = call(guest, "POST", f"/cart/{cart_id}/checkout", 200)["data"]["url"]
    assert url
    items = call(guest, "GET", f"/cart/{cart_id}", 200)["data"]["items"]
    item = f"/cart/{cart_id}/items/{items[0]['item_id']}"
    assert call(guest, "DELETE", item, 200)["data"]["items"] == []
    error_message(guest, "DELETE", item, 422)  # already gone
    assert call(guest, "DELETE", f"/cart/{cart_id}/items", 200)["data"]["items"] == []
    error_message(guest, "DELETE", "/cart/AAAAAAAAAAAAAAAA/items", 404)
    empty = call(guest, "POST", f"/cart/{cart_id}/checkout", 400)
    assert empty["data"]["validation_errors"][0]["errors"] == ["Your shopping cart is empty"]


def walk_user(guest: SandboxClient, clock: FakeClock) -> None:
    assert error_message(guest, "POST", "/user/session", 401, json=wrong_password(DEMO_USER))
    assert "Log in first" in error_message(
        guest, "POST", "/user/session/verify", 401, json={"fields": {"key": "123456"}}
    )
    challenge = call(guest, "POST", "/user/session", 202, json=credentials(TWOFA_USER))
    assert challenge is not None
    assert "invalid" in error_message(
        guest, "POST", "/user/session/verify", 412, json={"fields": {"key": "000000"}}
    )
    code = clock.totp(TWOFA_SECRET)
    verified = call(guest, "POST", "/user/session/verify", 200, json={"fields": {"key": code}})
    assert verified["data"]["email"] == TWOFA_USER[0]
    clients = call(guest, "GET", "/user/clients", 200)["data"]
    assert clients[0]["company"] == "Factor GmbH"
    assert call(guest, "DELETE", "/user/session", 200) is not None
    error_message(guest, "DELETE", "/user/session", 401, state="forged")
    error_message(guest, "GET", "/user/clients", 401)


def walk_agency_account(agency: SandboxClient, cart_id: str) -> None:
    call(agency, "POST", "/user/session", 200, json=credentials(AGENCY_USER))
    # The guest cart becomes the agency's when its state touches it.
    call(agency, "GET", f"/cart/{cart_id}", 200)
    assert {"id": cart_id} in call(agency, "GET", "/cart", 200)["data"]
    error_message(agency, "PUT", "/user/session/client/not-a-uuid", 404)
    call(agency, "PUT", f"/user/session/client/{DENTAL_UUID}", 200)
    selected = [c for c in call(agency, "GET", "/user/clients", 200)["data"] if c["selected"]]
    assert [c["company"] for c in selected] == ["Bright Smile Dental Ltd"]
    services = call(agency, "GET", "/user/services", 200)["data"]
    assert [service["id"] for service in services] == [301]
    agency.put("/user/session/client/2d2f8f40-5e3c-4b90-9c73-8e4fa03b2c03")
    assert {s["id"] for s in call(agency, "GET", "/user/services", 200)["data"]} >= {201, 202}
    assert call(agency, "GET", "/user/services/202", 200)["data"]["id"] == 202
    error_message(agency, "GET", "/user/services/301", 404)  # the other client's
    addons = call(agency, "GET", "/user/services/201/addons", 200)["data"]
    assert {addon["id"] for addon in addons} == {2101, 2102}
    error_message(agency, "GET", "/user/services/999/addons", 404)
    assert call(agency, "GET", "/user/services/201/addons/2102", 200)["data"]["id"] == 2102
    error_message(agency, "GET", "/user/services/201/addons/9", 404)
    fields = call(agency, "GET", "/user/services/202/customfields", 200)["data"]
    assert [field["id"] for field in fields] == [2201]
    error_message(agency, "GET", "/user/services/999/customfields", 404)
    field = call(agency, "GET", "/user/services/202/customfields/2201", 200)["data"]
    assert field["value"] == "vps1.agency-studio.example"
    error_message(agency, "GET", "/user/services/202/customfields/1", 404)
    options = call(agency, "GET", "/user/services/202/configoptions", 200)["data"]
    assert {option["id"] for option in options} == {2211, 2212, 2213, 2214}
    error_message(agency, "GET", "/user/services/999/configoptions", 404)
    assert call(agency, "GET", "/user/services/202/configoptions/2214", 200)["data"]
    error_message(agency, "GET", "/user/services/202/configoptions/1", 404)
    domains = call(agency, "GET", "/user/domains", 200)["data"]
    assert "agency-client.com" in {domain["domain_name"] for domain in domains}
    assert call(agency, "GET", "/user/domains/601", 200)["data"]["id"] == 601
    error_message(agency, "GET", "/user/domains/501", 404)


def walk_user_operations_logged_out(guest: SandboxClient) -> None:
    for path in [
        "/user/services",
        "/user/services/201",
        "/user/domains",
        "/user/domains/601",
    ]:
        assert "log" in error_message(guest, "GET", path, 401).lower()
    error_message(guest, "PUT", f"/user/session/client/{DENTAL_UUID}", 401)


def walk_admin(admin: SandboxClient, clock: FakeClock) -> None:
    error_message(admin, "POST", "/admin/session", 401, json=admin_wrong(ADMIN))
    error_message(admin, "POST", "/admin/session/verify", 401, json={"fields": {"key": "1"}})
    challenge = call(admin, "POST", "/admin/session", 412, json=admin_credentials(SECURE_ADMIN))
    assert challenge is not None
    error_message(admin, "POST", "/admin/session/verify", 412, json={"fields": {"key": "999999"}})
    code = clock.totp(SECURE_ADMIN_SECRET)
    call(admin, "POST", "/admin/session/verify", 200, json={"fields": {"key": code}})
    call(admin, "DELETE", "/admin/session", 200)
    error_message(admin, "DELETE", "/admin/session", 401, state="forged")
    error_message(admin, "GET", "/admin/system/status", 401)
    error_message(admin, "GET", "/admin/clients/search", 401, params={"query": "dental"})
    error_message(admin, "GET", "/admin/users/search", 401, params={"query": "agency"})
    error_message(admin, "POST", "/admin/clients/4/session", 401)
    error_message(admin, "POST", "/admin/users/1/session", 401)

    call(admin, "POST", "/admin/session", 200, json=admin_credentials(ADMIN))
    assert call(admin, "GET", "/admin/system/status", 200)["data"]
    found = call(admin, "GET", "/admin/clients/search", 200, params={"query": "dental"})["data"]
    assert [client["id"] for client in found] == [4]
    users = call(admin, "GET", "/admin/users/search", 200, params={"query": "AGENCY@"})["data"]
    assert [user["email"] for user in users] == [AGENCY_USER[0]]
    call(admin, "POST", "/admin/clients/4/session", 200)
    assert [s["id"] for s in call(admin, "GET", "/user/services", 200)["data"]] == [301]
    error_message(admin, "POST", "/admin/clients/99/session", 404)
    call(admin, "POST", "/admin/users/1/session", 200)
    assert [s["id"] for s in call(admin, "GET", "/user/services", 200)["data"]] == [101]
    error_message(admin, "POST", "/admin/users/99/session", 404)


def credentials(account: tuple[str, str]) -> dict[str, str]:
    return {"email": account[0], "password": account[1]}


def wrong_password(account: tuple[str, str]) -> dict[str, str]:
    return {"email": account[0], "password": account[1] + "-wrong"}


def admin_credentials(account: tuple[str, str]) -> dict[str, str]:
    return {"username": account[0], "password": account[1]}


def admin_wrong(account: tuple[str, str]) -> dict[str, str]:
    return {"username": account[0], "password": "not-" + account[1]}


# -- the tests -------------------------------------------------------------------------------


def test_the_contract_has_the_expected_operations() -> None:
    assert len(contract_operations()) == CONTRACT_OPERATION_COUNT


def test_every_operation_answers_a_success_and_an_error(app, clock: FakeClock) -> None:
    guest, other, agency, two_factor, admin = (SandboxClient(app) for _ in range(5))
    walk_status_and_reference_data(guest)
    walk_domains(guest)
    walk_catalog(guest)
    cart_id = walk_cart(guest, other)
    walk_agency_account(agency, cart_id)
    walk_checkout_and_removal(agency, cart_id)
    walk_user_operations_logged_out(other)
    walk_user(two_factor, clock)
    walk_admin(admin, clock)

    answers = [a for client in (guest, other, agency, two_factor, admin) for a in client.answers]
    succeeded = {(method, path) for method, path, status in answers if status < 400}
    failed = {(method, path) for method, path, status in answers if status >= 400}
    operations = contract_operations()
    assert sorted(operations - succeeded) == [], "operations never answered with a success"
    assert sorted(operations - failed) == [], "operations never answered with an error"
    assert succeeded == failed == operations


# -- the validator itself must be strict -------------------------------------------------------


def test_an_undocumented_success_status_breaks_the_contract() -> None:
    with pytest.raises(ContractError, match="not documented"):
        assert_matches_contract("GET", "/status", 201, {"data": {}})


@pytest.mark.parametrize("body", [{}, {"message": 5}, {"message": "x", "extra": 1}, [], None])
def test_an_undocumented_error_must_be_a_bare_message(body: Any) -> None:
    with pytest.raises(ContractError):
        assert_matches_contract("GET", "/store/products", 418, body)


def test_a_bare_message_is_fine_for_an_undocumented_error() -> None:
    assert_matches_contract("GET", "/store/products", 418, {"message": "I'm a teapot"})


def test_a_documented_success_is_checked_against_its_schema() -> None:
    with pytest.raises(ContractError, match="breaks the contract"):
        assert_matches_contract("GET", "/cart/{cart_id}/counter", 200, {"data": {"counter": "x"}})


def test_every_config_option_has_its_group(client: SandboxClient) -> None:
    """Found by the fuzz test: an option without a group answered `"group": null`."""
    options = call(client, "GET", "/store/products/11/configoptions", 200)["data"]
    assert [(o["name"], o["group"]["name"]) for o in options] == [
        ("Mailboxes", "Email Configuration")
    ]

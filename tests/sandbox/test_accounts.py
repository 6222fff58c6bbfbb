"""Users (login, 2FA, clients, services, domains) and admins (2FA, search, masquerade, bans)."""

from __future__ import annotations

import jwt
import pytest

from whmcs_gateway.sandbox import SandboxConfig, create_app

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

AGENCY_UUID = "2d2f8f40-5e3c-4b90-9c73-8e4fa03b2c03"
DENTAL_UUID = "3e409051-6f4d-4ca1-8d84-9f50b14c3d04"


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"[1, 2]", b'"text"', b"\xff\xfe", b"[" * 5000],
)
def test_malformed_bodies_are_400s(client: SandboxClient, body: bytes) -> None:
    response = client.post("/user/session", content=body)
    assert response.status_code == 400
    assert response.json()["message"]


# -- users ---------------------------------------------------------------------------------


def test_login_returns_the_user_and_marks_the_state(client: SandboxClient) -> None:
    response = client.login(*DEMO_USER)
    assert response.status_code == 200
    user = response.json()["data"]
    assert (user["email"], user["firstname"]) == ("demo@example.com", "Dana")
    assert user["clients"] == [
        {"uuid": "0b0f6d2e-3c1a-4f7e-9a51-6c2d8e1f0a01", "company": "", "selected": True}
    ]
    claims = jwt.decode(client.state, options={"verify_signature": False})
    assert claims["whmcs_user"] != ""


@pytest.mark.parametrize(
    ("email", "password"),
    [("demo@example.com", "wrong-password"), ("nobody@example.com", "demo-password-1")],
)
def test_bad_credentials_are_401(client: SandboxClient, email: str, password: str) -> None:
    response = client.post("/user/session", json={"email": email, "password": password})
    assert response.status_code == 401
    assert response.json() == {"message": "Invalid login credentials."}


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"email": "demo@example.com"},
        {"email": 5, "password": "x"},
        {"email": "demo@example.com", "password": "p" * 65},
        {"email": ["a"], "password": "x"},
    ],
)
def test_login_input_errors_are_422(client: SandboxClient, body) -> None:
    response = client.post("/user/session", json=body)
    assert response.status_code == 422
    assert response.json()["message"].startswith("The ")


def test_two_factor_login(client: SandboxClient, clock: FakeClock) -> None:
    challenge = client.login(*TWOFA_USER)
    assert challenge.status_code == 202
    assert challenge.json()["condition"] == "twofa"
    assert challenge.json()["fields"][0]["name"] == "key"
    assert client.get("/user/clients").status_code == 401  # not logged in yet
    wrong = client.post("/user/session/verify", json={"fields": {"key": "000000"}})
    assert wrong.status_code == 412
    assert "invalid" in wrong.json()["message"]
    code = clock.totp(TWOFA_SECRET)
    ok = client.post("/user/session/verify", json={"fields": {"key": code}})
    assert ok.status_code == 200
    assert ok.json()["data"]["email"] == "twofa@example.com"
    assert client.get("/user/clients").json()["data"][0]["company"] == "Factor GmbH"


def test_verify_without_pending_login_is_401(client: SandboxClient) -> None:
    response = client.post("/user/session/verify", json={"fields": {"key": "123456"}})
    assert response.status_code == 401


@pytest.mark.parametrize(
    "body", [{}, {"fields": "123456"}, {"fields": {}}, {"fields": {"key": []}}]
)
def test_verify_input_errors_are_422(client: SandboxClient, body) -> None:
    client.login(*TWOFA_USER)
    assert client.post("/user/session/verify", json=body).status_code == 422


def test_logout(user_client: SandboxClient) -> None:
    assert user_client.delete("/user/session").status_code == 200
    assert user_client.get("/user/services").status_code == 401


def test_user_endpoints_require_login(client: SandboxClient) -> None:
    for path in ["/user/clients", "/user/services", "/user/services/101", "/user/domains"]:
        response = client.get(path)
        assert response.status_code == 401
        assert "logged in" in response.json()["message"]


def test_choosing_the_active_client(agency_client: SandboxClient) -> None:
    clients = agency_client.get("/user/clients").json()["data"]
    assert [(c["uuid"], c["selected"]) for c in clients] == [
        (AGENCY_UUID, True),
        (DENTAL_UUID, False),
    ]
    assert agency_client.put(f"/user/session/client/{DENTAL_UUID}").status_code == 200
    services = agency_client.get("/user/services").json()["data"]
    assert [s["id"] for s in services] == [301]
    assert services[0]["billing"]["price"]["recurring"]["amount"]["code"] == "GBP"
    other = "0b0f6d2e-3c1a-4f7e-9a51-6c2d8e1f0a01"  # belongs to the demo user
    assert agency_client.put(f"/user/session/client/{other}").status_code == 404
    assert agency_client.put("/user/session/client/not-a-uuid").status_code == 404


def test_services_of_the_active_client(agency_client: SandboxClient) -> None:
    services = agency_client.get("/user/services").json()["data"]
    assert [s["id"] for s in services] == [201, 202, 203]
    hosting = services[0]
    assert hosting["product"]["name"] == "Business"
    assert hosting["billing"]["promotions"][0]["code"] == "WELCOME20"
    assert hosting["billing"]["next_due_date"] == "2026-03-27"
    assert hosting["renewal"]["is_renewable"] is True
    assert hosting["renewal"]["renewal_period"] == {"start": "2026-03-27", "end": "2027-03-27"}
    cancelled = services[2]
    assert cancelled["renewal"]["is_renewable"] is False
    assert "cancelled" in cancelled["renewal"]["non_renewable_reason"]


def test_service_addons(agency_client: SandboxClient) -> None:
    addons = agency_client.get("/user/services/201/addons").json()["data"]
    assert [(a["addon"]["name"], a["status"]) for a in addons] == [
        ("Daily Off-site Backups", "Active"),
        ("Dedicated IP Address", "Cancelled"),
    ]
    one = agency_client.get("/user/services/201/addons/2102").json()["data"]
    assert one["renewal"]["type"] == "addon"
    assert one["renewal"]["is_renewable"] is False
    assert agency_client.get("/user/services/201/addons/9").status_code == 404


def test_service_custom_fields_and_config_options(agency_client: SandboxClient) -> None:
    fields = agency_client.get("/user/services/202/customfields").json()["data"]
    assert fields[0]["custom_field"]["name"] == "Server Hostname"
    assert fields[0]["value"] == "vps1.agency-studio.example"
    one = agency_client.get("/user/services/202/customfields/2201").json()["data"]
    assert one["id"] == 2201
    options = agency_client.get("/user/services/202/configoptions").json()["data"]
    chosen = {o["config_option"]["type"]: o["option"] for o in options}
    assert chosen == {
        "dropdown": {"name": "Debian 12", "value": 12},
        "radio": {"name": "Frankfurt", "value": 22},
        "yesno": {"name": "Yes", "value": True},
        "quantity": {"name": "2 x IPv4 address", "value": 2},
    }
    ips = agency_client.get("/user/services/202/configoptions/2214").json()["data"]
    assert ips["billing"]["price"]["recurring"]["amount"]["value"] == "5.00"
    assert agency_client.get("/user/services/202/configoptions/1").status_code == 404
    assert agency_client.get("/user/services/202/customfields/1").status_code == 404


def test_services_of_other_clients_are_404(agency_client: SandboxClient) -> None:
    for path in ["/user/services/101", "/user/services/301/addons", "/user/services/9999"]:
        assert agency_client.get(path).status_code == 404


def test_domains_with_renewal_data(agency_client: SandboxClient) -> None:
    domains = {d["domain_name"]: d for d in agency_client.get("/user/domains").json()["data"]}
    due = domains["agency-client.com"]
    assert (due["days_to_expiry"], due["is_expiring_soon"], due["eligible_for_renewal"]) == (
        25,
        True,
        True,
    )
    assert due["expiry_date"] == "2026-03-27"
    assert due["renewal_periods"][0] == {
        "period": 1,
        "pricing": {
            "value": "14.99",
            "code": "USD",
            "display_value": "$14.99 USD",
            "prefix": "$",
            "suffix": " USD",
        },
    }
    grace = domains["agency-studio.io"]
    assert (grace["in_grace_period"], grace["days_left_in_period"]) == (True, 15)
    assert grace["renewal_periods"][0]["pricing"]["value"] == "59.99"  # renewal + grace fee
    premium = domains["cloud.io"]
    assert premium["is_premium"] is True
    assert [p["pricing"]["value"] for p in premium["renewal_periods"]] == ["79.00"]
    cancelled = domains["old-campaign.net"]
    assert cancelled["eligible_for_renewal"] is False
    assert "cancelled" in cancelled["non_renewable_reason"]
    assert cancelled["renewal_periods"] == []
    one = agency_client.get("/user/domains/601").json()["data"]
    assert one["domain_name"] == "agency-client.com"
    assert agency_client.get("/user/domains/501").status_code == 404


# -- admins --------------------------------------------------------------------------------


def test_admin_login_and_status(admin_client: SandboxClient) -> None:
    status = admin_client.get("/admin/system/status").json()["data"]
    assert status["version"] == "9.0.0"
    assert admin_client.delete("/admin/session").status_code == 200
    assert admin_client.get("/admin/system/status").status_code == 401


def test_admin_bad_password_is_401(client: SandboxClient) -> None:
    response = client.post("/admin/session", json={"username": "admin", "password": "nope"})
    assert response.status_code == 401


def test_admin_two_factor(client: SandboxClient, clock: FakeClock) -> None:
    challenge = client.admin_login(*SECURE_ADMIN)
    assert challenge.status_code == 412
    assert challenge.json()["condition"] == "twofa"
    assert client.get("/admin/system/status").status_code == 401
    assert (
        client.post("/admin/session/verify", json={"fields": {"key": "999999"}}).status_code == 412
    )
    code = clock.totp(SECURE_ADMIN_SECRET)
    verified = client.post("/admin/session/verify", json={"fields": {"key": code}})
    assert verified.json()["data"]["email"] == "secure.admin@example.com"
    assert client.get("/admin/system/status").status_code == 200


def test_admin_search(admin_client: SandboxClient) -> None:
    clients = admin_client.get("/admin/clients/search", params={"query": "dental"}).json()["data"]
    assert clients == [
        {"uuid": DENTAL_UUID, "company": "Bright Smile Dental Ltd", "selected": False, "id": 4}
    ]
    users = admin_client.get("/admin/users/search", params={"query": "AGENCY@"}).json()["data"]
    assert [(u["id"], len(u["clients"])) for u in users] == [(3, 2)]
    page = admin_client.get("/admin/users/search", params={"query": "example", "page_size": 2})
    assert len(page.json()["data"]) == 2


@pytest.mark.parametrize("query", [None, "ab", "x" * 129])
def test_admin_search_query_rules(admin_client: SandboxClient, query) -> None:
    params = {} if query is None else {"query": query}
    response = admin_client.get("/admin/clients/search", params=params)
    assert response.status_code == 400
    assert "query" in response.json()["message"]


def test_admin_endpoints_refuse_users(user_client: SandboxClient) -> None:
    for path in ["/admin/system/status", "/admin/clients/search?query=demo"]:
        assert user_client.get(path).status_code == 401
    assert user_client.post("/admin/clients/1/session").status_code == 401


def test_masquerade_as_client_then_user(admin_client: SandboxClient) -> None:
    as_client = admin_client.post("/admin/clients/4/session").json()["data"]
    assert as_client["id"] == 3
    assert [c["selected"] for c in as_client["clients"]] == [False, True]
    assert [s["id"] for s in admin_client.get("/user/services").json()["data"]] == [301]
    as_user = admin_client.post("/admin/users/1/session").json()["data"]
    assert as_user["email"] == "demo@example.com"
    assert [s["id"] for s in admin_client.get("/user/services").json()["data"]] == [101]
    assert admin_client.post("/admin/clients/99/session").status_code == 404
    assert admin_client.post("/admin/users/99/session").status_code == 404


def test_too_many_failed_logins_ban_the_ip(sandbox_config: SandboxConfig, clock: FakeClock) -> None:
    app = create_app(sandbox_config.with_changes(login_ban_threshold=3, login_ban_seconds=60))
    client = SandboxClient(app)
    for _ in range(3):
        client.post("/user/session", json={"email": "demo@example.com", "password": "bad"})
    banned = client.post("/user/session", json={"email": DEMO_USER[0], "password": DEMO_USER[1]})
    assert banned.status_code == 403
    assert "banned" in banned.json()["message"]
    assert client.get("/status").status_code == 403  # like WHMCS, the whole API
    other_ip = SandboxClient(app, remote_addr="127.0.0.2")
    assert other_ip.login(*AGENCY_USER).status_code == 200
    clock.advance(seconds=61)
    assert client.login(*DEMO_USER).status_code == 200
    assert ADMIN  # the admin account is unaffected by user bans of other IPs

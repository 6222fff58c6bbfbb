"""The sandbox framework: URL modes, envelope, errors, paging, X-Api-State, faults, control."""

from __future__ import annotations

import httpx
import jwt
import pytest

from whmcs_gateway.sandbox import SandboxConfig, create_app
from whmcs_gateway.sandbox.config import DEFAULT_JWT_SECRET
from whmcs_gateway.sandbox.errors import ConnectionDropped
from whmcs_gateway.sandbox.routing import RouteRegistry

from .conftest import AGENCY_USER, SandboxClient


def test_zero_config_app_serves_status() -> None:
    client = SandboxClient(create_app())
    response = client.get("/status")
    assert response.status_code == 200
    assert {c["code"] for c in response.json()["data"]["currencies"]} == {"USD", "EUR", "GBP"}


@pytest.mark.parametrize(
    "url",
    [
        "/whmcs/api/v2/billing/cycles?page_size=2",
        "/whmcs/index.php/api/v2/billing/cycles?page_size=2",
        "/whmcs/index.php?rp=/api/v2/billing/cycles&page_size=2",
    ],
)
def test_all_three_url_modes_reach_the_same_route(sandbox_config: SandboxConfig, url: str) -> None:
    client = SandboxClient(create_app(sandbox_config.with_changes(prefix="/whmcs/")))
    response = client.raw("GET", url)
    assert response.status_code == 200
    assert [c["cycle"] for c in response.json()["data"]] == ["free", "onetime"]


def test_path_outside_prefix_is_a_json_404(sandbox_config: SandboxConfig) -> None:
    client = SandboxClient(create_app(sandbox_config.with_changes(prefix="/whmcs")))
    response = client.raw("GET", "/api/v2/status")
    assert response.status_code == 404
    assert "message" in response.json()


def test_unknown_route_and_wrong_method_are_whmcs_404s(client: SandboxClient) -> None:
    for method, path in [("GET", "/no/such/thing"), ("DELETE", "/status")]:
        response = client.request(method, path)
        assert response.status_code == 404
        assert response.json()["message"].startswith("No route matches")


def test_data_envelope_and_headers(client: SandboxClient) -> None:
    response = client.get("/billing/currencies")
    assert response.headers["content-type"] == "application/json"
    assert set(response.json()) == {"data"}
    usd = response.json()["data"][0]
    assert usd == {"code": "USD", "prefix": "$", "suffix": " USD", "default": True}


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "page=-1",
        "page=abc",
        "page_size=0",
        "page_size=501",
        "page_size=1.5",
        "page=99999999999999999999",
        "page_size=%20",
    ],
)
def test_bad_paging_is_a_400_with_a_message(client: SandboxClient, query: str) -> None:
    response = client.raw("GET", f"/api/v2/countries?{query}")
    assert response.status_code == 400
    assert "must be an integer" in response.json()["message"]


def test_paging_slices_lists(client: SandboxClient) -> None:
    first = client.get("/billing/cycles", params={"page": 1, "page_size": 3}).json()["data"]
    third = client.get("/billing/cycles", params={"page": 3, "page_size": 3}).json()["data"]
    beyond = client.get("/billing/cycles", params={"page": 9, "page_size": 3}).json()["data"]
    assert [c["cycle"] for c in first] == ["free", "onetime", "monthly"]
    assert [c["cycle"] for c in third] == ["biennially", "triennially"]
    assert beyond == []


def test_every_response_rotates_the_state_even_errors(client: SandboxClient) -> None:
    seen = set()
    for path in ["/status", "/no/such/route", "/store/products/999999", "/status"]:
        response = client.get(path)
        seen.add(response.headers["X-Api-State"])
    assert len(seen) == 4


def test_state_token_claims(client: SandboxClient, sandbox_config: SandboxConfig) -> None:
    client.get("/status")
    claims = jwt.decode(
        client.state,
        DEFAULT_JWT_SECRET,
        algorithms=["HS256"],
        audience=sandbox_config.system_url,
        options={"verify_exp": False},
    )
    assert {"iss", "aud", "exp", "sub", "whmcs_user", "jti"} <= set(claims)
    assert claims["iss"] == claims["aud"] == sandbox_config.system_url
    assert claims["whmcs_user"] == ""


def test_the_race_detector_refuses_an_older_state_but_rotates(
    sandbox_config: SandboxConfig,
) -> None:
    client = SandboxClient(create_app(sandbox_config.with_changes(state_race_detector=True)))
    client.login(*AGENCY_USER)
    old = client.state
    client.get("/status")  # issues a newer token
    response = client.get("/user/clients", state=old)
    assert response.status_code == 401
    assert "stale" in response.json()["message"]
    # The refused client got the latest state of its session and carries on, still logged in.
    assert [c["selected"] for c in client.get("/user/clients").json()["data"]] == [True, False]


def test_by_default_an_older_state_is_accepted(client: SandboxClient) -> None:
    client.get("/status")
    old = client.state
    client.get("/status")
    assert client.get("/status", state=old).status_code == 200


def test_invalid_signature_and_garbage_tokens_are_401(client: SandboxClient) -> None:
    forged = jwt.encode(
        {"sub": "x", "jti": "y", "exp": 9999999999}, "another-secret-of-32-bytes-length!!"
    )
    for token in [forged, "garbage", "a.b.c"]:
        response = client.get("/status", state=token)
        assert response.status_code == 401
        assert "X-Api-State" in response.json()["message"]
        assert response.headers["X-Api-State"]


def test_expired_state_is_401(client: SandboxClient, clock) -> None:
    client.get("/status")
    clock.advance(hours=2)
    response = client.get("/status")
    assert response.status_code == 401
    assert "expired" in response.json()["message"]
    assert client.get("/status").status_code == 200  # a fresh anonymous session


def test_state_of_another_world_is_a_guest(client: SandboxClient, app) -> None:
    client.login(*AGENCY_USER)
    app.reset()
    assert client.get("/status").status_code == 200
    # The token still carries the login, but the reset world logged everyone out.
    assert client.get("/user/clients").status_code == 401


def test_route_registry_rejects_conflicts_and_converts_ints() -> None:
    registry = RouteRegistry()

    def handler(request):
        return None

    registry.add("GET", "/things/{thing_id:int}", handler)
    registry.add("GET", "/things/{thing_id:int}", handler)  # same handler: ignored
    with pytest.raises(ValueError, match="already registered"):
        registry.add("GET", "/things/{thing_id:int}", lambda request: None)
    _route, params = registry.resolve("api", "GET", "/things/42")
    assert params == {"thing_id": 42}


# -- faults and control -------------------------------------------------------------------


def test_injected_error_rate_is_deterministic(sandbox_config: SandboxConfig) -> None:
    plan = {"seed": 3, "rules": [{"route": "/status", "error_rate": 0.5}]}

    def run() -> list[int]:
        client = SandboxClient(create_app(sandbox_config.with_changes(faults=plan)))
        return [client.get("/status").status_code for _ in range(20)]

    first = run()
    assert first == run()
    assert set(first) == {200, 500}


def test_injected_500_has_message_and_state(client: SandboxClient) -> None:
    client.control(
        "POST", "/__sandbox__/faults", json={"rules": [{"route": "/store/*", "error_rate": 1}]}
    )
    response = client.get("/store/products")
    assert response.status_code == 500
    assert response.json() == {"message": "Injected fault: internal error"}
    assert response.headers["X-Api-State"]
    assert client.get("/status").status_code == 200  # other routes unaffected


def test_down_switch_and_refuse_mode(client: SandboxClient) -> None:
    client.control("POST", "/__sandbox__/faults", json={"down": True})
    response = client.get("/status")
    assert response.status_code == 503
    client.control("POST", "/__sandbox__/faults", json={"down": True, "down_mode": "refuse"})
    with pytest.raises(ConnectionDropped):
        client.get("/status")
    client.control("DELETE", "/__sandbox__/faults")
    assert client.get("/status").status_code == 200


def test_latency_and_sleep_timeouts(client: SandboxClient) -> None:
    import time

    client.control(
        "POST",
        "/__sandbox__/faults",
        json={
            "rules": [
                {"route": "/status", "latency_ms": 30},
                {"route": "/countries", "timeout_rate": 1, "timeout_ms": 40},
                {"route": "/billing/*", "timeout_rate": 1, "timeout_mode": "close"},
            ]
        },
    )
    started = time.perf_counter()
    assert client.get("/status").status_code == 200
    assert client.get("/countries").status_code == 200
    assert time.perf_counter() - started >= 0.07
    with pytest.raises(ConnectionDropped):
        client.get("/billing/cycles")


def test_faults_from_environment_variable(monkeypatch) -> None:
    monkeypatch.setenv("SANDBOX_FAULTS", '{"down": true}')
    client = SandboxClient(create_app())
    assert client.get("/status").status_code == 503


@pytest.mark.parametrize(
    "plan", [[], {"down": "yes"}, {"rules": [{"error_rate": 2}]}, {"rules": [{"bogus": 1}]}]
)
def test_bad_fault_plans_are_400(client: SandboxClient, plan) -> None:
    response = client.control("POST", "/__sandbox__/faults", json=plan)
    assert response.status_code == 400
    assert "Invalid fault plan" in response.json()["message"]


def test_control_endpoints_refuse_callers_without_the_token(app) -> None:
    for caller in (SandboxClient(app, remote_addr="203.0.113.9"), SandboxClient(app)):
        for method, url in [("GET", "/__sandbox__/faults"), ("POST", "/__sandbox__/reset")]:
            response = caller.raw(method, url)
            assert response.status_code == 403
    remote = SandboxClient(app, remote_addr="203.0.113.9")
    assert remote.control("GET", "/__sandbox__/faults").json()["data"]["down"] is False


def test_reset_restores_a_fresh_world(client: SandboxClient, app) -> None:
    client.get("/status")
    before = app.world
    assert client.control("POST", "/__sandbox__/reset").status_code == 200
    assert app.world is not before
    assert len(app.world.sessions) == 0


def test_oversized_body_is_400(client: SandboxClient) -> None:
    response = client.post("/user/session", content=b"{" + b" " * (1024 * 1024 + 10) + b"}")
    assert response.status_code == 400


def test_standalone_server_serves_and_drops(sandbox_config: SandboxConfig) -> None:
    import threading

    from whmcs_gateway.sandbox.server import make_sandbox_server

    app = create_app(sandbox_config.with_changes(prefix="/whmcs"))
    server = make_sandbox_server(app, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/whmcs"
        with httpx.Client(base_url=base, timeout=5) as http:
            response = http.get("/index.php?rp=/api/v2/status")
            assert response.status_code == 200
            assert response.headers["X-Api-State"]
            fault = {"down": True, "down_mode": "refuse"}
            refused = http.post("/__sandbox__/faults", json=fault)  # from loopback, no token
            assert refused.status_code == 403
            assert http.get("/api/v2/status").status_code == 200
            token = {"X-Sandbox-Control-Token": app.config.control_token}
            assert http.post("/__sandbox__/faults", json=fault, headers=token).status_code == 200
            with pytest.raises(httpx.TransportError):
                http.get("/api/v2/status")
    finally:
        server.shutdown()
        server.server_close()


def test_config_from_environment() -> None:
    config = SandboxConfig.from_env(
        {
            "SANDBOX_PREFIX": "whmcs/",
            "SANDBOX_TOKEN_TTL": "60",
            "SANDBOX_STATE_RACE_DETECTOR": "on",
            "SANDBOX_SEED": "9",
        }
    )
    assert (config.prefix, config.token_ttl_seconds, config.seed) == ("/whmcs", 60, 9)
    assert config.state_race_detector is True
    assert SandboxConfig.from_env({}).state_race_detector is False
    with pytest.raises(ValueError, match="SANDBOX_TOKEN_TTL"):
        SandboxConfig.from_env({"SANDBOX_TOKEN_TTL": "soon"})
    with pytest.raises(ValueError, match="SANDBOX_FAULTS"):
        SandboxConfig.from_env({"SANDBOX_FAULTS": "{oops"})


def test_money_formats_and_rounds_without_floats() -> None:
    from decimal import Decimal

    from whmcs_gateway.sandbox.money import Currency, amount

    eur = Currency(id=2, code="EUR", prefix="€", suffix=" EUR", format=3)
    assert amount(Decimal("1234.565"), eur)["display_value"] == "€1.234,57 EUR"
    assert amount(5, eur)["value"] == "5.00"
    with pytest.raises(TypeError):
        amount(1.5, eur)  # type: ignore[arg-type]

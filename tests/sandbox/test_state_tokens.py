"""X-Api-State as WHMCS issues it: the token carries the state, and any valid one is accepted.

WHMCS's own cart JavaScript sends several requests at once with one token and takes the next
token from a 2xx answer, so an older, unexpired token must work and act on the older state it
carries. Carts and orders are records, not token state: every token of their owner sees them.
"""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import jwt
import pytest

from whmcs_gateway.sandbox import SandboxConfig, create_app
from whmcs_gateway.sandbox.config import DEFAULT_JWT_SECRET
from whmcs_gateway.sandbox.server import make_sandbox_server

from .conftest import ADMIN, AGENCY_USER, TWOFA_SECRET, TWOFA_USER, FakeClock, SandboxClient

AGENCY_UUID = "2d2f8f40-5e3c-4b90-9c73-8e4fa03b2c03"
DENTAL_UUID = "3e409051-6f4d-4ca1-8d84-9f50b14c3d04"
SHARED_HOSTING = {"type": "product", "product_id": 1, "billing_cycle": "monthly"}


def selected(client: SandboxClient, state: str) -> list[str]:
    response = client.get("/user/clients", state=state)
    assert response.status_code == 200, response.text
    return [c["uuid"] for c in response.json()["data"] if c["selected"]]


def credentials(login: tuple[str, str]) -> dict[str, str]:
    return {"email": login[0], "password": login[1]}


def claims_of(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def test_an_older_token_acts_on_the_older_state_it_carries(client: SandboxClient) -> None:
    client.get("/status")
    guest = client.state
    client.login(*AGENCY_USER)
    first_client = client.state
    assert client.put(f"/user/session/client/{DENTAL_UUID}").status_code == 200
    second_client = client.state

    assert selected(client, first_client) == [AGENCY_UUID]
    assert selected(client, second_client) == [DENTAL_UUID]
    # The newest token is unchanged by the older one having been used.
    assert selected(client, second_client) == [DENTAL_UUID]
    refused = client.get("/user/clients", state=guest)
    assert refused.status_code == 401
    assert refused.json()["message"] == "You must be logged in as a user to do this."


def test_every_answer_carries_a_fresh_token_with_the_documented_claims(
    client: SandboxClient, sandbox_config: SandboxConfig
) -> None:
    client.login(*AGENCY_USER)
    tokens = [client.get("/user/clients").headers["X-Api-State"] for _ in range(3)]
    assert len(set(tokens)) == 3
    for token in tokens:
        claims = jwt.decode(
            token,
            DEFAULT_JWT_SECRET,
            algorithms=["HS256"],
            audience=sandbox_config.system_url,
            issuer=sandbox_config.system_url,
            options={"verify_exp": False},
        )
        assert {"iss", "aud", "exp", "sub", "whmcs_user"} <= set(claims)
        assert len(claims["whmcs_user"]) == 64  # a hash, never the user's id or e-mail
        assert claims["exp"] > sandbox_config.clock().timestamp()


def test_logging_out_is_a_new_state_not_a_revocation(client: SandboxClient) -> None:
    client.login(*AGENCY_USER)
    logged_in = client.state
    assert client.delete("/user/session").status_code == 200
    assert client.get("/user/clients").status_code == 401
    # As in WHMCS: the older token still carries the login until it expires.
    assert selected(client, logged_in) == [AGENCY_UUID]


def test_an_older_token_expires_like_any_other(client: SandboxClient, clock: FakeClock) -> None:
    client.login(*AGENCY_USER)
    old = client.state
    client.get("/status")
    clock.advance(hours=2)
    response = client.get("/user/clients", state=old)
    assert response.status_code == 401
    assert "expired" in response.json()["message"]


def test_a_state_edited_by_the_client_is_refused(client: SandboxClient) -> None:
    client.login(*AGENCY_USER)
    header, payload, signature = client.state.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["sandbox_state"]["user"] = claims["sandbox_state"]["user"] + 1
    edited = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    response = client.get("/user/clients", state=f"{header}.{edited}.{signature}")
    assert response.status_code == 401
    assert response.json()["message"] == "The API state (X-Api-State) signature is invalid."


def test_carts_are_records_every_token_of_their_owner_sees(client: SandboxClient) -> None:
    client.get("/status")
    guest = client.state
    client.login(*AGENCY_USER)
    before_cart = client.state
    cart_id = client.post("/cart").json()["data"]["id"]
    assert (
        client.post(f"/cart/{cart_id}/items", json={"items": [SHARED_HOSTING]}).status_code == 200
    )

    # An older token of the same user sees the cart as it is now, not as it was.
    contents = client.get(f"/cart/{cart_id}", state=before_cart).json()["data"]
    assert [item["product"]["id"] for item in contents["items"]] == [1]
    listed = client.get("/cart", state=before_cart).json()["data"]
    assert {"id": cart_id} in listed
    # The older guest token is not the owner.
    assert client.get(f"/cart/{cart_id}", state=guest).status_code == 404


def test_the_pending_second_factor_is_carried_by_the_token(
    client: SandboxClient, clock: FakeClock
) -> None:
    client.get("/status")
    before = client.state
    response = client.post("/user/session", json=credentials(TWOFA_USER))
    assert response.status_code == 202
    pending = client.state
    code = {"fields": {"key": clock.totp(TWOFA_SECRET)}}
    refused = client.post("/user/session/verify", json=code, state=before)
    assert refused.status_code == 401
    verified = client.post("/user/session/verify", json=code, state=pending)
    assert verified.status_code == 200
    assert claims_of(client.state)["whmcs_user"] != ""


def test_a_masquerade_is_carried_by_the_token(client: SandboxClient) -> None:
    client.admin_login(*ADMIN)
    admin_only = client.state
    assert client.post("/admin/clients/3/session").status_code == 200
    masquerading = client.state
    assert client.get("/user/clients", state=admin_only).status_code == 401
    assert client.get("/user/clients", state=masquerading).status_code == 200
    # Ending the admin session ends the masquerade in the new state, not in the older token.
    assert client.delete("/admin/session").status_code == 200
    assert client.get("/user/clients").status_code == 401
    assert client.get("/user/clients", state=masquerading).status_code == 200


# -- WHMCS's own client, over the network ---------------------------------------------------


@pytest.fixture
def served(request: pytest.FixtureRequest, sandbox_config: SandboxConfig) -> Iterator[str]:
    config = sandbox_config.with_changes(prefix="/whmcs", **getattr(request, "param", {}))
    server = make_sandbox_server(create_app(config), "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/whmcs/api/v2"
    finally:
        server.shutdown()
        server.server_close()


def replay_whmcs_cart_client(base_url: str) -> tuple[list[int], int, list[int]]:
    """WHMCS's cart JavaScript: requests in parallel with one token, the next from a 2xx.

    Returns the statuses of the three parallel GETs, of the POST that follows, and the product
    ids in the cart afterwards.
    """
    headers = {"Accept": "application/json", "Content-Type": "application/json"}
    with httpx.Client(base_url=base_url, headers=headers, timeout=10) as http:
        login = http.post("/user/session", json=credentials(AGENCY_USER))
        state = login.headers["X-Api-State"]
        made = http.post("/cart", headers={"X-Api-State": state})
        cart_id, state = made.json()["data"]["id"], made.headers["X-Api-State"]
        start = threading.Barrier(3)

        def get(path: str) -> httpx.Response:
            start.wait(timeout=10)
            return http.get(path, headers={"X-Api-State": state})

        with ThreadPoolExecutor(max_workers=3) as pool:
            answers = list(pool.map(get, [f"/cart/{cart_id}", "/user/clients", "/cart"]))
        next_state = next((a.headers["X-Api-State"] for a in answers if a.is_success), state)
        added = http.post(
            f"/cart/{cart_id}/items",
            json={"items": [SHARED_HOSTING]},
            headers={"X-Api-State": next_state},
        )
        after = http.get(f"/cart/{cart_id}", headers={"X-Api-State": added.headers["X-Api-State"]})
        items = [item["product"]["id"] for item in after.json().get("data", {}).get("items", [])]
    return [a.status_code for a in answers], added.status_code, items


def test_whmcs_own_client_pattern_works_against_the_default_sandbox(served: str) -> None:
    parallel, post, items = replay_whmcs_cart_client(served)
    assert parallel == [200, 200, 200]
    assert post == 200
    assert items == [1]


@pytest.mark.parametrize("served", [{"state_race_detector": True}], indirect=True)
def test_the_race_detector_refuses_that_pattern(served: str) -> None:
    parallel, _post, _items = replay_whmcs_cart_client(served)
    # One of the three goes first; the others carry a token that is no longer the latest.
    assert sorted(parallel) == [200, 401, 401]

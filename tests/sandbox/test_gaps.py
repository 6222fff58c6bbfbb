"""The gaps the builders listed, closed: TOTP replay, the clock control endpoint, loader
strictness, stock, new-signup promotions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import whmcs_gateway.sandbox
from whmcs_gateway.sandbox.loader import DataError, load_data

from .conftest import (
    SECURE_ADMIN,
    SECURE_ADMIN_SECRET,
    TWOFA_SECRET,
    TWOFA_USER,
    FakeClock,
    SandboxClient,
)

# -- TOTP codes work once ------------------------------------------------------------------


def two_factor_login(client: SandboxClient, clock: FakeClock):
    client.login(*TWOFA_USER)
    code = clock.totp(TWOFA_SECRET)
    return code, client.post("/user/session/verify", json={"fields": {"key": code}})


def test_a_user_totp_code_cannot_be_replayed(app, clock: FakeClock) -> None:
    code, first = two_factor_login(SandboxClient(app), clock)
    assert first.status_code == 200
    thief = SandboxClient(app)
    thief.login(*TWOFA_USER)
    replay = thief.post("/user/session/verify", json={"fields": {"key": code}})
    assert replay.status_code == 412
    assert "already been used" in replay.json()["message"]
    assert thief.get("/user/clients").status_code == 401
    clock.advance(seconds=30)  # the next code is accepted
    assert two_factor_login(thief, clock)[1].status_code == 200


def test_an_older_code_of_the_drift_window_is_refused_after_a_newer_one(app, clock) -> None:
    previous = clock.totp(TWOFA_SECRET)
    clock.advance(seconds=30)
    assert two_factor_login(SandboxClient(app), clock)[1].status_code == 200
    late = SandboxClient(app)
    late.login(*TWOFA_USER)
    response = late.post("/user/session/verify", json={"fields": {"key": previous}})
    assert response.status_code == 412 and "already been used" in response.json()["message"]


def test_an_admin_totp_code_cannot_be_replayed(app, clock: FakeClock) -> None:
    code = clock.totp(SECURE_ADMIN_SECRET)
    answers = []
    for _ in range(2):
        admin = SandboxClient(app)
        admin.admin_login(*SECURE_ADMIN)
        answers.append(admin.post("/admin/session/verify", json={"fields": {"key": code}}))
    assert [a.status_code for a in answers] == [200, 412]
    assert "already been used" in answers[1].json()["message"]


# -- the clock control endpoint --------------------------------------------------------------


def test_the_clock_moves_forward_for_the_whole_sandbox(app, clock: FakeClock) -> None:
    client = SandboxClient(app)
    before = client.get("/status").json()["data"]["server_time"]
    moved = client.raw(
        "POST", "/__sandbox__/clock", json={"advance_seconds": 86400}, headers=control(app)
    )
    assert moved.status_code == 200
    assert moved.json()["data"] == {
        "now": "2026-03-03T09:30:00+00:00",
        "offset_seconds": 86400.0,
    }
    assert before.startswith("2026-03-02T09:30")
    client.state = None  # a day later the old API state has expired; start a new one
    assert client.get("/status").json()["data"]["server_time"].startswith("2026-03-03T09:30")
    # TOTP follows the sandbox time: the code for the moved clock is the valid one.
    client.login(*TWOFA_USER)
    code_now = FakeClock(app.clock()).totp(TWOFA_SECRET)
    verified = client.post("/user/session/verify", json={"fields": {"key": code_now}})
    assert verified.status_code == 200
    assert client.raw("POST", "/__sandbox__/reset", headers=control(app)).status_code == 200
    assert (
        client.raw("GET", "/__sandbox__/clock", headers=control(app)).json()["data"][
            "offset_seconds"
        ]
        == 0
    )


def test_the_clock_expires_api_states(app) -> None:
    client = SandboxClient(app)
    client.get("/status")
    ttl = app.config.token_ttl_seconds
    client.raw(
        "POST", "/__sandbox__/clock", json={"advance_seconds": ttl + 1}, headers=control(app)
    )
    response = client.get("/status")
    assert response.status_code == 401 and "expired" in response.json()["message"].lower()


def test_the_clock_refuses_bad_moves_and_callers_without_the_token(app) -> None:
    local = SandboxClient(app)
    for body in [
        {"advance_seconds": -5},
        {"advance_seconds": "1"},
        {},
        [],
        {"advance_seconds": 1e12},
    ]:
        response = local.raw("POST", "/__sandbox__/clock", json=body, headers=control(app))
        assert response.status_code == 400, body
        assert "advance_seconds" in response.json()["message"]
    # Being on the same machine is no credential: behind a local proxy everyone is.
    for caller, headers in [
        (SandboxClient(app, remote_addr="127.0.0.1"), {}),
        (SandboxClient(app), {"X-Sandbox-Control-Token": "guessed"}),
        (SandboxClient(app, remote_addr="203.0.113.9"), {}),
    ]:
        for method, path in [("POST", "/__sandbox__/clock"), ("POST", "/__sandbox__/reset")]:
            response = caller.raw(method, path, json={"advance_seconds": 60}, headers=headers)
            assert response.status_code == 403
            assert "X-Sandbox-Control-Token" in response.json()["message"]
    assert app.clock.offset.total_seconds() == 0


def control(app) -> dict[str, str]:
    """The header a test harness sends: the token the sandbox printed when it started."""
    return {"X-Sandbox-Control-Token": app.config.control_token}


# -- the data loader refuses keys nobody reads -----------------------------------------------

DEMO_DATA = Path(whmcs_gateway.sandbox.__file__).with_name("demo_data.toml")


def load_with(tmp_path: Path, old: str, new: str) -> None:
    text = DEMO_DATA.read_text(encoding="utf-8")
    assert old in text
    data_file = tmp_path / "data.toml"
    data_file.write_text(text.replace(old, new, 1), encoding="utf-8")
    load_data(data_file)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("stock_quantity = 3", "stok_quantity = 3", "products [10]: unknown key 'stok_quantity'"),
        ('code = "SAVE10"', 'code = "SAVE10"\nexpire_days = 3', "promotions [SAVE10]: unknown"),
        ("rate = 6.25", "rate = 6.25\nzip = 1", "tax > rules [0]: unknown key 'zip'"),
        ("[company]", "[company]\nslogan = 1", "company: unknown key 'slogan'"),
        (
            "\n[domain_rules]",
            "\n[domain_rules]\nreserve = []",
            "domain_rules: unknown key 'reserve'",
        ),
        ("[[countries]]", "[[country]]\ncode = 'X'\n[[countries]]", "unknown key 'country'"),
        ('type = "tickbox"', 'type = "tickbox"\nhint = 1', "additional_fields: unknown key"),
    ],
)
def test_unknown_keys_are_refused_with_the_key_and_section(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    with pytest.raises(DataError, match=re.escape(message)):
        load_with(tmp_path, old, new)


def test_the_demo_data_uses_only_known_keys(tmp_path: Path) -> None:
    load_with(tmp_path, "[company]", "[company]")

"""Bad input never reaches the catch-all 500: every registered REST route is called with junk.

The ``app`` fixture asserts at teardown that the catch-all never fired; the client validates
every answer against the contract, so each error is WHMCS-shaped.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from whmcs_gateway.sandbox import SandboxConfig, create_app
from whmcs_gateway.sandbox.routing import REGISTRY

from .conftest import ADMIN, AGENCY_USER, SandboxClient

JUNK_SEGMENTS = ["0", "1", "201", "99999999", "abc", "%C3%BC", "x" * 300, "-1", "%00"]
JUNK_QUERIES = [
    "page=0",
    "page=x",
    "page_size=9999",
    "currency=ZZZ",
    "domain=%FF%FE",
    "query=%00%00%00",
    "tld=" + "y" * 400,
    "domain=" + "a." * 200,
]
JUNK_BODIES = [
    b"",
    b"{",
    b"null",
    b"[]",
    b'{"term": null}',
    b'{"fields": 5}',
    b'{"email": {}}',
    b'{"a": ' * 100 + b"1" + b"}" * 100,
]


def api_routes() -> list[tuple[str, str]]:
    # Load the endpoint modules so the registry is complete.
    create_app(SandboxConfig())
    return [(r.method, r.pattern) for r in REGISTRY.routes() if r.kind == "api"]


def fill(pattern: str, value: str) -> str:
    return re.sub(r"\{[^}]+\}", value, pattern)


@pytest.fixture
def signed_in(app) -> SandboxClient:
    """A session that is both an admin and (by masquerade) a user with services."""
    client = SandboxClient(app)
    client.admin_login(*ADMIN)
    client.login(*AGENCY_USER)
    return client


@pytest.mark.parametrize(("method", "pattern"), api_routes())
def test_every_route_survives_junk(
    signed_in: SandboxClient, app, method: str, pattern: str
) -> None:
    for segment in JUNK_SEGMENTS:
        for query in JUNK_QUERIES[:3] if "{" in pattern else JUNK_QUERIES:
            url = f"/api/v2{fill(pattern, segment)}?{query}"
            for body in JUNK_BODIES if method in {"POST", "PUT"} else [b""]:
                response = signed_in.raw(method, url, content=body or None)
                assert response.status_code < 500, (url, body, response.text)
                if response.status_code >= 400:
                    assert response.json()["message"]
        if "{" not in pattern:
            break
    assert app.internal_errors == 0


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda children: (
            st.lists(children, max_size=3)
            | st.dictionaries(
                st.sampled_from(
                    ["term", "tlds", "maximum_length", "email", "password", "fields", "key"]
                ),
                children,
                max_size=4,
            )
        ),
        max_leaves=8,
    )
)
def test_random_json_bodies_are_answered_cleanly(body) -> None:
    app = create_app(SandboxConfig(seed=1))
    client = SandboxClient(app)
    for path in [
        "/store/domain/suggestions",
        "/user/session",
        "/user/session/verify",
        "/admin/session",
    ]:
        response = client.post(path, json=body)
        assert response.status_code < 500, (path, body, response.text)
    assert app.internal_errors == 0

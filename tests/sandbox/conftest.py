"""Fixtures for the sandbox tests: plain WSGI, no Django, no network.

``client`` behaves like a real WHMCS client: it keeps the latest X-Api-State and sends it with
the next request, and it validates every REST v2 response body against the contract.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pyotp
import pytest

from whmcs_gateway.sandbox import SandboxConfig, create_app
from whmcs_gateway.sandbox.app import SandboxApp

from .contract import (
    ContractError,
    api_path_of,
    assert_response_matches_contract,
    operation_path,
)

DEMO_USER = ("demo@example.com", "demo-password-1")
TWOFA_USER = ("twofa@example.com", "demo-password-2")
TWOFA_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
AGENCY_USER = ("agency@example.com", "demo-password-3")
ADMIN = ("admin", "admin-password-1")
SECURE_ADMIN = ("secureadmin", "admin-password-2")
SECURE_ADMIN_SECRET = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"

_KEEP = object()


class FakeClock:
    """A settable clock so dates, token expiry and TOTP codes are reproducible."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)

    def totp(self, secret: str) -> str:
        return pyotp.TOTP(secret).at(self.now)


class SandboxClient:
    def __init__(
        self,
        app: SandboxApp,
        *,
        prefix: str = "",
        remote_addr: str = "127.0.0.1",
        validate: bool = True,
    ) -> None:
        self.app = app
        self.prefix = prefix.rstrip("/")
        self.validate = validate
        transport = httpx.WSGITransport(app=app, remote_addr=remote_addr)
        self.http = httpx.Client(transport=transport, base_url="http://sandbox.test")
        self.state: str | None = None
        # (method, path template, status) of every REST v2 answer, for coverage checks.
        self.answers: list[tuple[str, str, int]] = []

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        content: bytes | str | None = None,
        params: dict[str, Any] | None = None,
        state: Any = _KEEP,
    ) -> httpx.Response:
        """A REST v2 call (path relative to /api/v2) in rewrite URL mode."""
        return self.raw(
            method,
            f"{self.prefix}/api/v2{path}",
            json=json,
            content=content,
            params=params,
            state=state,
        )

    def control(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """A call to a control endpoint with the token the sandbox printed at start-up."""
        token = {"X-Sandbox-Control-Token": self.app.config.control_token}
        return self.raw(method, url, headers=token, **kwargs)

    def raw(self, method: str, url: str, *, state: Any = _KEEP, **kwargs: Any) -> httpx.Response:
        headers = {"Accept": "application/json", **kwargs.pop("headers", {})}
        if kwargs.get("json") is not None or kwargs.get("content") is not None:
            headers["Content-Type"] = "application/json"
        token = self.state if state is _KEEP else state
        if token:
            headers["X-Api-State"] = token
        response = self.http.request(method, url, headers=headers, **kwargs)
        if "X-Api-State" in response.headers:
            self.state = response.headers["X-Api-State"]
        if self.validate and "/api/v2" in str(response.request.url):
            assert_response_matches_contract(response)
            self._record(response)
        return response

    def _record(self, response: httpx.Response) -> None:
        try:
            template = operation_path(api_path_of(str(response.request.url)))
        except ContractError:
            return
        self.answers.append((response.request.method, template, response.status_code))

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("PUT", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("DELETE", path, **kwargs)

    def login(self, email: str, password: str) -> httpx.Response:
        response = self.post("/user/session", json={"email": email, "password": password})
        assert response.status_code in (200, 202), response.text
        return response

    def admin_login(self, username: str, password: str) -> httpx.Response:
        response = self.post("/admin/session", json={"username": username, "password": password})
        assert response.status_code in (200, 412), response.text
        return response


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 9, 30, tzinfo=UTC))


@pytest.fixture
def sandbox_config(clock: FakeClock) -> SandboxConfig:
    return SandboxConfig(clock=clock, seed=1234)


@pytest.fixture
def app(sandbox_config: SandboxConfig) -> Iterator[SandboxApp]:
    application = create_app(sandbox_config)
    yield application
    # The catch-all 500 is a bug whenever it fires, whatever the test checked.
    assert application.internal_errors == 0, application.last_internal_error


@pytest.fixture
def client(app: SandboxApp) -> SandboxClient:
    return SandboxClient(app)


@pytest.fixture
def user_client(app: SandboxApp) -> SandboxClient:
    signed_in = SandboxClient(app)
    signed_in.login(*DEMO_USER)
    return signed_in


@pytest.fixture
def agency_client(app: SandboxApp) -> SandboxClient:
    signed_in = SandboxClient(app)
    signed_in.login(*AGENCY_USER)
    return signed_in


@pytest.fixture
def admin_client(app: SandboxApp) -> SandboxClient:
    signed_in = SandboxClient(app)
    signed_in.admin_login(*ADMIN)
    return signed_in

"""Customers logging in: helpers and chained fixtures (a visitor → logged in → with a cart)."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest

from tests.cart.conftest import add_vps

DEMO = ("demo@example.com", "demo-password-1")
TWOFA = ("twofa@example.com", "demo-password-2")
AGENCY = ("agency@example.com", "demo-password-3")
TWOFA_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
AGENCY_STUDIO = "2d2f8f40-5e3c-4b90-9c73-8e4fa03b2c03"  # USD, billed in New York
BRIGHT_SMILE = "3e409051-6f4d-4ca1-8d84-9f50b14c3d04"  # GBP, billed in London

STATE_MIDDLEWARE = "storefront.account.middleware.VisitorStateMiddleware"


@pytest.fixture(autouse=True)
def _visitor_state_middleware(settings):
    """The account middleware at the end of the stack, as the shop runs it."""
    if STATE_MIDDLEWARE not in settings.MIDDLEWARE:
        settings.MIDDLEWARE = [*settings.MIDDLEWARE, STATE_MIDDLEWARE]


@pytest.fixture(autouse=True)
def _sandbox_forgets_failed_logins():
    """WHMCS's IP ban and its used 2FA codes live in the sandbox process, shared by all
    tests: no test may leave the shop banned, and each may use the current code once."""
    from whmcs_gateway import conf

    world = conf.sandbox_app().world
    used_codes = getattr(world, "used_totp_steps", {})
    used_codes.clear()
    yield world.login_guard
    world.login_guard.failures.clear()
    world.login_guard.banned_until.clear()
    used_codes.clear()


def current_code() -> str:
    return pyotp.TOTP(TWOFA_SECRET).now()


def wrong_code() -> str:
    return f"{(int(current_code()) + 500000) % 1000000:06d}"


def log_in(client, credentials, next=None, **request_extra):
    email, password = credentials
    data = {"email": email, "password": password, **({"next": next} if next else {})}
    return client.post("/account/login", data, **request_extra)


# The sandbox keeps users' carts for the whole test run, and a login picks up the user's
# latest cart: these fixtures start from an empty one.


@pytest.fixture
def demo(client, db):
    log_in(client, DEMO)
    client.post("/cart/empty")
    return client


@pytest.fixture
def agency(client, db):
    """Agency user, acting for Agency Studio LLC (USD, New York)."""
    log_in(client, AGENCY)
    client.post("/account/client", {"client": AGENCY_STUDIO})
    client.post("/cart/empty")
    return client


@pytest.fixture
def guest_with_vps(client, db):
    add_vps(client)
    return client


@pytest.fixture
def later(monkeypatch):
    """Move the shop's and WHMCS's clocks forward together: `later(minutes=50)`."""
    from storefront.account import services
    from storefront.visitor import throttle
    from whmcs_gateway import conf
    from whmcs_gateway.sandbox.config import utc_now

    config = conf.sandbox_app().config
    original = config.clock
    real_now = services.now

    def move(**delta):
        shift = timedelta(**delta)
        object.__setattr__(config, "clock", lambda: utc_now() + shift)
        monkeypatch.setattr(services, "now", lambda: real_now() + shift.total_seconds())
        monkeypatch.setattr(throttle, "now", lambda: real_now() + shift.total_seconds())

    yield move
    object.__setattr__(config, "clock", original)

"""Staff and customers reach WHMCS from the same address: their failed logins come out of one
budget, which keeps WHMCS's count for the shop below its ban."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.account.conftest import TWOFA, log_in, wrong_code
from tests.shop import text_of

from .conftest import ADMIN

pytestmark = pytest.mark.django_db


@pytest.fixture
def guard():
    from whmcs_gateway import conf

    login_guard = conf.sandbox_app().world.login_guard
    # Another test may have left the shop's address banned on purpose.
    login_guard.failures.clear()
    login_guard.banned_until.clear()
    yield login_guard
    login_guard.failures.clear()
    login_guard.banned_until.clear()


def test_wrong_admin_passwords_and_wrong_codes_share_one_budget_below_the_ban(guard):
    from storefront.visitor import throttle

    for number in range(8):
        Client().post(
            "/staff/login",
            {"username": f"admin{number}", "password": "wrong"},
            REMOTE_ADDR=f"192.0.2.{number}",
        )
    for number in range(12):
        customer = Client(REMOTE_ADDR=f"198.51.100.{number}")
        log_in(customer, TWOFA)
        customer.post("/account/login/code", {"code": wrong_code()})
    assert not guard.banned_until
    assert len(guard.failures["127.0.0.1"]) == throttle.whmcs_budget().limit
    page = text_of(Client().post("/staff/login", ADMIN, REMOTE_ADDR="203.0.113.1"))
    assert "Logging in is paused for a few minutes" in page
    assert not guard.banned_until

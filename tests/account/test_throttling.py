"""Failed logins are throttled by the shop itself, per account, per client address and for the
whole shop, so WHMCS never sees enough failures from the shop's one address to ban it."""

from __future__ import annotations

import pytest

from tests.shop import text_of

from .conftest import DEMO, TWOFA, log_in, wrong_code

pytestmark = pytest.mark.django_db


def fail(client, email=DEMO[0], times=1, **extra):
    for _ in range(times):
        response = client.post(
            "/account/login", {"email": email, "password": "wrong-password-0"}, **extra
        )
    return response


def test_ten_failures_for_one_account_lock_it_with_the_time_to_retry(client, upstream):
    fail(client, times=10)
    calls_before = len(upstream)
    response = log_in(client, DEMO)  # even the right password waits now
    page = text_of(response)
    assert "Too many failed login attempts. Please try again in 15 minutes." in page
    assert len(upstream) == calls_before  # WHMCS was not asked
    assert "Dana Demo" not in page


def test_the_lock_is_per_account(client):
    fail(client, times=10, REMOTE_ADDR="10.0.0.1")
    response = log_in(client, TWOFA, REMOTE_ADDR="10.0.0.2")
    assert response["Location"].startswith("/account/login/code")


def test_ten_failures_from_one_address_lock_that_address(client):
    for number in range(10):
        fail(client, email=f"someone{number}@example.com", REMOTE_ADDR="203.0.113.9")
    page = text_of(log_in(client, DEMO, REMOTE_ADDR="203.0.113.9"))
    assert "Too many failed login attempts. Please try again in 15 minutes." in page
    other_address = log_in(client, DEMO, REMOTE_ADDR="198.51.100.7")
    assert other_address.status_code == 302


def test_the_retry_time_counts_down_from_the_first_failure(client, later):
    fail(client, times=10)
    later(minutes=11)
    page = text_of(log_in(client, DEMO))
    assert "Please try again in 4 minutes." in page


def test_wrong_codes_count_as_failures_of_the_account(client):
    for _ in range(10):
        log_in(client, TWOFA)
        client.post("/account/login/code", {"code": wrong_code()})
    page = text_of(log_in(client, TWOFA))
    assert "Too many failed login attempts." in page


def test_an_attack_from_many_addresses_never_gets_the_shop_banned_by_whmcs(
    client, _sandbox_forgets_failed_logins
):
    for number in range(30):
        fail(client, email=f"victim{number}@example.com", REMOTE_ADDR=f"192.0.2.{number}")
    assert not _sandbox_forgets_failed_logins.banned_until  # WHMCS banned nobody
    page = text_of(log_in(client, DEMO, REMOTE_ADDR="198.51.100.50"))
    assert "Logging in is paused for a few minutes" in page

"""Failed logins are throttled by the shop itself, per account, per client address and for the
whole shop, so WHMCS never sees enough failures from the shop's one address to ban it, and
guesses at made-up accounts never lock out the customers who know their passwords."""

from __future__ import annotations

import threading

import pytest
from django.db import connections
from django.test import Client

from tests.shop import text_of

from .conftest import AGENCY, DEMO, TWOFA, current_code, log_in, wrong_code

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


def rest_logins(upstream) -> int:
    return sum(1 for method, path in upstream if (method, path) == ("POST", "/user/session"))


def test_wrong_passwords_are_checked_server_to_server_and_never_reach_whmcs_logins(
    client, upstream, _sandbox_forgets_failed_logins
):
    for number in range(30):
        fail(client, email=f"victim{number}@example.com", REMOTE_ADDR=f"192.0.2.{number}")
    assert rest_logins(upstream) == 0  # no REST login spent on a wrong password
    assert not _sandbox_forgets_failed_logins.failures.get("127.0.0.1")  # WHMCS counted none
    assert not _sandbox_forgets_failed_logins.banned_until
    assert log_in(client, DEMO, REMOTE_ADDR="198.51.100.50")["Location"] == "/account/services"


def test_guesses_at_made_up_accounts_never_lock_out_customers_who_know_their_password(
    _sandbox_forgets_failed_logins,
):
    for number in range(15):
        fail(Client(), email=f"made-up{number}@example.com", REMOTE_ADDR=f"203.0.113.{number}")
    agency = Client()
    assert log_in(agency, AGENCY)["Location"].startswith("/account/")
    assert "Alex" in text_of(agency.get("/account/", follow=True))
    twofa = Client()
    assert log_in(twofa, TWOFA)["Location"].startswith("/account/login/code")
    done = twofa.post("/account/login/code", {"code": current_code()})
    assert done.status_code == 302
    assert "Log out" in text_of(twofa.get("/account/services"))
    assert not _sandbox_forgets_failed_logins.banned_until


def _at_once(count: int, attempt) -> list:
    """`count` attempts started together, each on its own thread with its own browser."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(number: int) -> None:
        barrier.wait()
        try:
            results[number] = attempt(number)
        finally:
            connections.close_all()  # this thread's own database connection

    threads = [threading.Thread(target=run, args=(number,)) for number in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _wrong_login(number: int) -> str:
    response = fail(Client(), email=f"crowd{number}@example.com", REMOTE_ADDR=f"10.9.0.{number}")
    return text_of(response)


@pytest.mark.django_db(transaction=True)
def test_forty_simultaneous_wrong_logins_never_get_the_shop_banned(
    _sandbox_forgets_failed_logins,
):
    pages = _at_once(40, _wrong_login)
    assert all("do not match an account" in page for page in pages)
    assert not _sandbox_forgets_failed_logins.banned_until
    assert log_in(Client(), DEMO)["Location"] == "/account/services"


@pytest.mark.django_db(transaction=True)
def test_without_validate_login_forty_simultaneous_wrong_logins_stay_under_the_ban(
    monkeypatch, _sandbox_forgets_failed_logins
):
    """The classic API refusing ValidateLogin (not allowed for the shop): every attempt is a
    REST login, and the shop's budget holds under concurrency, strictly below the ban."""
    from storefront.visitor import throttle
    from whmcs_gateway.classic import ClassicApi
    from whmcs_gateway.errors import ClassicApiError

    def refused(self, email, password):
        raise ClassicApiError("ValidateLogin: Invalid IP 127.0.0.1")

    monkeypatch.setattr(ClassicApi, "validate_login", refused)
    guard = _sandbox_forgets_failed_logins
    pages = _at_once(40, _wrong_login)
    counted = len(guard.failures.get("127.0.0.1", ()))
    assert not guard.banned_until
    assert counted == throttle.whmcs_budget().limit < guard.threshold
    paused = [page for page in pages if "Logging in is paused" in page]
    assert len(paused) == 40 - counted
    assert "Please try again in 15 minutes." in paused[0]


def test_failed_logins_survive_a_worker_restart_without_redis(settings, monkeypatch, client):
    from django.core.cache import CacheHandler, caches
    from django.core.management import call_command

    from storefront.visitor import throttle

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "throttle": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "shop_throttle",
        },
    }
    call_command("createcachetable", verbosity=0)
    fail(client, times=10)
    # A new worker: nothing of the old one's memory, a fresh cache handler.
    caches["default"].clear()
    monkeypatch.setattr(throttle, "caches", CacheHandler())
    page = text_of(log_in(Client(), DEMO))
    assert "Too many failed login attempts. Please try again in 15 minutes." in page


# -- known browsers ---------------------------------------------------------------------------

OFFICE = "203.0.113.77"  # one address for a whole office (or a proxy the shop does not know)


def _guess_from_the_office(times: int = 10) -> None:
    for number in range(times):
        fail(Client(), email=f"guess{number}@example.com", REMOTE_ADDR=OFFICE)


def _known_browser(credentials) -> Client:
    """A browser where the customer logged in before (and logged out again)."""
    browser = Client()
    assert log_in(browser, credentials, REMOTE_ADDR="198.51.100.20").status_code == 302
    browser.post("/account/logout")
    return browser


def test_a_known_browser_is_not_locked_out_by_others_guessing_from_its_address():
    known = _known_browser(AGENCY)
    _guess_from_the_office()
    stranger = text_of(log_in(Client(), AGENCY, REMOTE_ADDR=OFFICE))
    assert "Too many failed login attempts" in stranger
    assert log_in(known, AGENCY, REMOTE_ADDR=OFFICE)["Location"].startswith("/account/")
    assert "Alex" in text_of(known.get("/account/", follow=True, REMOTE_ADDR=OFFICE))


def test_a_known_browser_is_not_locked_out_by_guesses_at_its_account():
    known = _known_browser(DEMO)
    for number in range(10):
        fail(Client(), email=DEMO[0], REMOTE_ADDR=f"192.0.2.{number}")
    assert "Too many failed login attempts" in text_of(log_in(Client(), DEMO))
    assert log_in(known, DEMO)["Location"] == "/account/services"


def test_a_known_browser_counts_only_for_its_own_account():
    known = _known_browser(AGENCY)
    _guess_from_the_office()
    page = text_of(log_in(known, DEMO, REMOTE_ADDR=OFFICE))
    assert "Too many failed login attempts" in page


def test_a_known_browser_still_has_a_limit_on_guesses():
    known = _known_browser(DEMO)
    for _ in range(10):
        fail(known)
    assert "Too many failed login attempts" in text_of(log_in(known, DEMO))


def test_a_forged_known_browser_cookie_is_worth_nothing(settings):
    from storefront.visitor import throttle

    _guess_from_the_office()
    forger = Client()
    forger.cookies[throttle.known_browser_cookie_name()] = f"['{throttle.subject(DEMO[0])}']"
    assert "Too many failed login attempts" in text_of(log_in(forger, DEMO, REMOTE_ADDR=OFFICE))


def test_the_known_browser_cookie_is_signed_http_only_and_names_no_email():
    from storefront.visitor import throttle

    browser = Client()
    response = log_in(browser, DEMO)
    cookie = response.cookies[throttle.known_browser_cookie_name()]
    assert cookie["httponly"]
    assert cookie["secure"]
    assert cookie["samesite"] == "Lax"
    assert "demo" not in cookie.value
    assert throttle.subject(DEMO[0]) in throttle.known_accounts({cookie.key: cookie.value})

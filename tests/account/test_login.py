"""Logging in and out: plain and two-step, what a wrong password or code says, next=, and the
Django session key changing at every step."""

from __future__ import annotations

import logging

import pytest

from tests.shop import text_of

from .conftest import AGENCY, DEMO, TWOFA, current_code, log_in, wrong_code

pytestmark = pytest.mark.django_db


def session_key(client) -> str:
    from django.conf import settings

    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    return cookie.value if cookie else ""


def test_the_header_offers_a_login_link_back_to_the_page(client):
    page = client.get("/cart/")
    assert 'href="/account/login?next=/cart/"' in page.content.decode()
    assert "Log in" in text_of(page)


def test_a_plain_login_shows_the_customer_in_the_header(client):
    response = log_in(client, DEMO, next="/cart/")
    assert response.status_code == 302 and response["Location"] == "/cart/"
    page = text_of(client.get("/cart/"))
    assert "Dana Demo" in page
    assert "Log out" in page and "My services" in page


def test_a_wrong_password_says_so_and_never_echoes_the_password(client):
    response = client.post("/account/login", {"email": DEMO[0], "password": "not-the-password-9"})
    assert response.status_code == 422
    assert "That email address and password do not match an account." in text_of(response)
    html = response.content.decode()
    assert "not-the-password-9" not in html
    assert f'value="{DEMO[0]}"' in html  # the email stays, so only the password is retyped


def test_missing_fields_are_marked_next_to_each_field(client):
    response = client.post("/account/login", {"email": "not-an-email", "password": ""})
    assert response.status_code == 422
    page = text_of(response)
    assert "Enter an email address such as name@example.com." in page
    assert "Enter your password." in page


def test_two_factor_login_asks_for_the_code_then_logs_in(client):
    response = log_in(client, TWOFA, next="/cart/")
    assert response["Location"] == "/account/login/code?next=%2Fcart%2F"
    page = client.get(response["Location"])
    assert "Authentication code" in text_of(page)
    done = client.post("/account/login/code", {"code": current_code(), "next": "/cart/"})
    assert done["Location"] == "/cart/"
    assert "Tomas Factor" in text_of(client.get("/cart/"))


def test_a_wrong_code_says_so_next_to_the_code_field(client):
    log_in(client, TWOFA)
    response = client.post("/account/login/code", {"code": wrong_code()})
    assert response.status_code == 422
    assert "That code is not right, or it has expired." in text_of(response)
    assert "Tomas Factor" not in text_of(response)


def test_half_logged_in_is_not_logged_in(client):
    log_in(client, TWOFA)
    services = client.get("/account/services")
    assert services["Location"].startswith("/account/login")
    assert "Tomas Factor" not in text_of(client.get("/cart/"))
    assert "Log in" in text_of(client.get("/cart/"))


def test_the_code_step_cannot_be_reached_without_the_password_step(client):
    response = client.post("/account/login/code", {"code": current_code()}, follow=True)
    assert "Please enter your email and password again." in text_of(response)
    assert "Tomas Factor" not in text_of(response)


def test_an_expired_code_step_starts_again_at_the_password(client, later):
    log_in(client, TWOFA)
    later(minutes=11)
    response = client.post("/account/login/code", {"code": current_code()}, follow=True)
    assert "Your login took too long." in text_of(response)


def test_the_session_key_changes_at_login_at_the_code_and_at_logout(client):
    from django.contrib.sessions.backends.cached_db import SessionStore

    def is_alive(key):
        return SessionStore().exists(key)

    client.post("/account/login", {"email": DEMO[0], "password": "wrong-password-1"})
    anonymous = session_key(client)
    log_in(client, DEMO)
    logged_in = session_key(client)
    assert logged_in != anonymous and not is_alive(anonymous)
    client.post("/account/logout")
    assert session_key(client) != logged_in and not is_alive(logged_in)

    client.post("/account/login", {"email": TWOFA[0], "password": "wrong-password-2"})
    anonymous = session_key(client)
    log_in(client, TWOFA)
    password_step = session_key(client)
    client.post("/account/login/code", {"code": current_code()})
    code_step = session_key(client)
    assert len({anonymous, password_step, code_step}) == 3
    assert not is_alive(anonymous) and not is_alive(password_step)


def test_logout_ends_the_whmcs_session_and_the_shop_session(demo, upstream):
    from whmcs_gateway import conf

    visitor = demo.session["whmcs_visitor"]
    response = demo.post("/account/logout", follow=True)
    assert ("DELETE", "/user/session") in upstream
    assert "You are logged out." in text_of(response)
    assert "Dana Demo" not in text_of(response)
    assert "whmcs_visitor" not in demo.session
    assert conf.state_store().snapshot(visitor).token is None
    assert demo.get("/account/services")["Location"].startswith("/account/login")


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "https:evil.example",
        "javascript:alert(1)",
        " //evil.example",
    ],
)
def test_next_never_leads_outside_the_shop(client, target):
    response = log_in(client, DEMO, next=target)
    assert response["Location"] == "/account/services"


def test_next_on_the_login_page_is_dropped_when_outside_the_shop(client):
    page = client.get("/account/login", {"next": "https://evil.example/"})
    login_form = page.content.decode().split('class="login-form"')[1]
    assert "evil" not in login_form


def test_a_banned_shop_address_is_a_temporary_problem_not_wrong_credentials(
    client, _sandbox_forgets_failed_logins
):
    from datetime import UTC, datetime, timedelta

    _sandbox_forgets_failed_logins.banned_until["127.0.0.1"] = datetime.now(UTC) + timedelta(
        minutes=15
    )
    response = log_in(client, DEMO)
    page = text_of(response)
    assert response.status_code == 422
    assert "temporary problem" in page
    assert "do not match" not in page


def test_no_password_code_or_token_reaches_a_log_or_a_page(client, caplog):
    from whmcs_gateway import conf

    caplog.set_level(logging.DEBUG)
    pages = [
        client.post("/account/login", {"email": DEMO[0], "password": "wrong-password-77"}),
        log_in(client, AGENCY),
        client.get("/account/client"),
        client.post("/account/logout", follow=True),
        log_in(client, TWOFA),
    ]
    code = current_code()
    pages.append(client.post("/account/login/code", {"code": code}, follow=True))
    token = conf.state_store().snapshot(client.session["whmcs_visitor"]).token
    secrets = ["wrong-password-77", AGENCY[1], TWOFA[1], code, token]
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert logged  # the transport and the account log did speak
    for secret in secrets:
        assert secret not in logged
        for page in pages:
            assert secret not in page.content.decode()
            assert all(secret not in value for value in page.headers.values())

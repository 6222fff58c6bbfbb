"""`next=`: wherever a form or link says where to go afterwards, only a path on this site is
followed; anything else (a bare word, another site, a backslash trick) goes to a safe page,
never to an error page."""

from __future__ import annotations

import pytest

from tests.account.conftest import DEMO, log_in
from tests.staff.conftest import ADMIN

pytestmark = pytest.mark.django_db

NOT_PATHS = ["abc", "-1", "NaN", "services", "account:services", "http://evil.example/"]
OTHER_SITES = ["//evil.example/", "/\\evil.example/", "/\\/evil.example", "\\\\evil.example"]


@pytest.mark.parametrize("target", NOT_PATHS + OTHER_SITES)
def test_a_currency_switch_with_a_bad_next_goes_home_in_the_new_currency(client, target):
    response = client.get("/currency", {"currency": "EUR", "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "€" in client.get("/store/1/shared-hosting/").content.decode()


def test_a_currency_switch_keeps_a_next_on_this_site(client):
    response = client.get("/currency", {"currency": "EUR", "next": "/domains/?q=x"})
    assert response["Location"] == "/domains/?q=x"


@pytest.mark.parametrize("target", ["services", "abc", "NaN", "//evil.example/", "/\\evil"])
def test_a_login_with_a_bad_next_lands_on_the_account(client, target):
    response = log_in(client, DEMO, next=target)
    assert response.status_code == 302
    assert response["Location"] == "/account/services"
    assert "Dana Demo" in client.get(response["Location"]).content.decode()


def test_a_login_keeps_a_next_on_this_site(client):
    response = log_in(client, DEMO, next="/cart/")
    assert response["Location"] == "/cart/"


@pytest.mark.parametrize("target", ["audit", "-1", "//evil.example/staff/", "/\\evil/staff/"])
def test_a_staff_login_with_a_bad_next_lands_on_the_console(client, target):
    response = client.post("/staff/login", {**ADMIN, "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/staff/"


@pytest.mark.parametrize(
    ("target", "lands"),
    [
        ("abc", "/staff/templates/"),
        ("NaN", "/staff/templates/"),
        ("//evil.example/", "/staff/templates/"),
        ("/\\evil", "/staff/templates/"),
        ("/staff/patterns", "/staff/patterns"),
    ],
)
def test_a_marketer_login_follows_only_a_path_on_this_site(client, target, lands):
    from django.contrib.auth.models import Permission, User

    marketer = User.objects.create_user("maria", "maria@example.com", "a-long-password-1")
    marketer.user_permissions.add(Permission.objects.get(codename="publish_template"))
    response = client.post(
        f"/marketing/login/?next={target}",
        {"username": "maria", "password": "a-long-password-1", "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == lands

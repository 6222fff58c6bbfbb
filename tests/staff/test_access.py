"""Nobody but a logged-in staff member reaches a staff page: guests and customers are sent to the
staff login and never see console content."""

from __future__ import annotations

import pytest

from tests.shop import text_of

pytestmark = pytest.mark.django_db

STAFF_GET_URLS = [
    "/staff/",
    "/staff/admin/users/search?query=demo",
    "/staff/admin/clients/search?query=agency",
    "/staff/cart",
    "/staff/cart/AAAAAAAAAAAAAAAA",
    "/staff/orders",
    "/staff/orders/1",
    "/staff/orders/1/accept",
    "/staff/promotions",
    "/staff/products",
    "/staff/audit",
]
STAFF_POST_URLS = [
    "/staff/logout",
    "/staff/masquerade",
    "/staff/masquerade/stop",
    "/staff/orders/1/accept",
    "/staff/orders/1/pending",
    "/staff/orders/1/cancel",
    "/staff/orders/1/fraud",
    "/staff/orders/1/fraud-check",
    "/staff/orders/1/delete",
]


def assert_sent_to_staff_login(response):
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login")


@pytest.mark.parametrize("url", STAFF_GET_URLS)
def test_a_guest_is_sent_to_the_staff_login(client, url):
    assert_sent_to_staff_login(client.get(url))


@pytest.mark.parametrize("url", STAFF_POST_URLS)
def test_a_guest_cannot_post_to_the_console(client, url):
    assert_sent_to_staff_login(client.post(url, {"kind": "user", "target_id": 1}))


@pytest.mark.parametrize("url", STAFF_GET_URLS)
def test_a_logged_in_customer_is_sent_to_the_staff_login(customer, url):
    response = customer.get(url)
    assert_sent_to_staff_login(response)
    assert "Staff console" not in text_of(response)


@pytest.mark.parametrize("url", STAFF_POST_URLS)
def test_a_logged_in_customer_cannot_post_to_the_console(customer, url):
    assert_sent_to_staff_login(customer.post(url, {"kind": "user", "target_id": 1}))


def test_the_login_page_brings_the_staff_member_back_where_they_were_going(client):
    response = client.get("/staff/orders")
    assert response["Location"] == "/staff/login?next=/staff/orders"
    login = client.post(
        "/staff/login",
        {"username": "admin", "password": "admin-password-1", "next": "/staff/orders"},
    )
    assert login["Location"] == "/staff/orders"


def test_the_login_never_sends_anyone_off_the_console(client):
    login = client.post(
        "/staff/login",
        {"username": "admin", "password": "admin-password-1", "next": "https://evil.example/"},
    )
    assert login["Location"] == "/staff/"


def test_a_staff_page_asked_for_with_get_where_post_is_needed_is_refused(staff):
    assert staff.get("/staff/masquerade").status_code == 405
    assert staff.get("/staff/logout").status_code == 405
    assert staff.get("/staff/masquerade/stop").status_code == 405

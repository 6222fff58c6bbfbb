"""Only holders of `theming.publish_template` may edit, preview, publish, roll back or see
patterns; every POST needs its CSRF token."""

from __future__ import annotations

import pytest
from django.test import Client

from .conftest import store_edit

pytestmark = pytest.mark.django_db

GET_URLS = [
    "/staff/templates/",
    "/staff/templates/edit/catalog/store_front.html",
    "/staff/templates/edit/cart/cart.html?fragment=cart",
    "/staff/templates/history/catalog/store_front.html",
    "/staff/templates/compare/catalog/store_front.html?older=default&newer=default",
    "/staff/patterns",
    "/staff/patterns/cart-full",
]
POST_URLS = [
    "/staff/templates/edit/catalog/store_front.html",
    "/staff/templates/restore/catalog/store_front.html",
    "/staff/templates/rollback/{revision}",
]
EDIT = {"source": "{% extends 'base.html' %}", "action": "publish"}


@pytest.fixture
def revision():
    return store_edit("catalog/store_front.html", "{% extends 'base.html' %}")


@pytest.mark.parametrize("url", GET_URLS)
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/marketing/login/?next=")


@pytest.mark.parametrize("url", POST_URLS)
def test_anonymous_posts_change_nothing(client, url, revision):
    response = client.post(url.format(revision=revision.pk), EDIT)
    assert response.status_code == 302
    assert response["Location"].startswith("/marketing/login/")
    assert revision.__class__.objects.count() == 1


@pytest.mark.parametrize("url", GET_URLS)
def test_users_without_the_permission_are_refused(user_without_permission_client, url):
    assert user_without_permission_client.get(url).status_code == 403


@pytest.mark.parametrize("url", POST_URLS)
def test_users_without_the_permission_cannot_post(user_without_permission_client, url, revision):
    response = user_without_permission_client.post(url.format(revision=revision.pk), EDIT)
    assert response.status_code == 403
    assert revision.__class__.objects.count() == 1


@pytest.mark.parametrize("url", GET_URLS)
def test_marketers_may_open_every_page(marketer_client, url):
    assert marketer_client.get(url).status_code == 200


@pytest.mark.parametrize("url", POST_URLS)
def test_every_post_needs_the_csrf_token(marketer, url, revision):
    client = Client(enforce_csrf_checks=True)
    client.force_login(marketer)
    assert client.post(url.format(revision=revision.pk), EDIT).status_code == 403
    assert revision.__class__.objects.count() == 1


def test_a_marketer_logs_in_with_a_password(client, marketer):
    from .conftest import PASSWORD

    page = client.get("/marketing/login/")
    assert page.status_code == 200
    response = client.post("/marketing/login/", {"username": "maria", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/staff/templates/"
    assert client.get("/staff/templates/").status_code == 200


def test_templates_outside_the_template_folders_are_not_found(marketer_client):
    refused = ("../storefront/settings.py", "theming/edit.html", "staff/login.html", "500.html")
    for name in (*refused, "nope.html"):
        assert marketer_client.get(f"/staff/templates/edit/{name}").status_code == 404

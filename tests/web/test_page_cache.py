"""The first-visit page cache: fast, and nothing personal or reusable leaks through it."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.shop import text_of

pytestmark = pytest.mark.django_db

GROUP = "/store/1/shared-hosting/"


def nonce_of(response) -> str:
    return re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)


def test_a_second_first_visitor_gets_the_cached_page_with_fresh_secrets():
    first, second = Client(), Client()
    page_one, page_two = first.get(GROUP), second.get(GROUP)
    assert "X-Page-Cache" not in page_one
    assert page_two["X-Page-Cache"] == "hit"
    assert text_of(page_one) == text_of(page_two)
    assert nonce_of(page_one) != nonce_of(page_two)
    html = page_two.content.decode()
    assert f'nonce="{nonce_of(page_two)}"' in html
    assert "@@" not in html


def test_the_csrf_token_in_a_cached_page_works_for_its_visitor():
    Client().get(GROUP)
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(GROUP)
    assert page["X-Page-Cache"] == "hit"
    token = re.search(r'name="csrfmiddlewaretoken" value="(\w+)"', page.content.decode())[1]
    switched = visitor.post(
        "/currency", {"currency": "EUR", "next": GROUP, "csrfmiddlewaretoken": token}
    )
    assert switched.status_code == 302
    assert "€" in text_of(visitor.get(GROUP))


def test_visitors_with_a_session_never_get_a_cached_page(client):
    Client().get(GROUP)
    client.post("/currency", {"currency": "GBP", "next": GROUP})
    page = client.get(GROUP)
    assert "X-Page-Cache" not in page
    assert "£" in text_of(page)


def test_a_published_template_edit_shows_on_the_next_request():
    from django.core.cache import cache

    Client().get(GROUP)
    assert Client().get(GROUP)["X-Page-Cache"] == "hit"
    cache.set("theming:published-version", "a-new-version", timeout=None)
    assert "X-Page-Cache" not in Client().get(GROUP)


def test_htmx_requests_and_errors_are_not_cached():
    assert "X-Page-Cache" not in Client().get(GROUP, HTTP_HX_REQUEST="true")
    Client().get("/store/999/")
    assert Client().get("/store/999/").status_code == 404

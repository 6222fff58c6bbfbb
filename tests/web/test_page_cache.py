"""The first-visit page cache: fast, and nothing personal or reusable leaks through it."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.shop import text_of

pytestmark = pytest.mark.django_db

GROUP = "/store/1/shared-hosting/"


def test_a_second_first_visitor_gets_the_cached_page_with_fresh_secrets():
    first, second = Client(), Client()
    page_one, page_two = first.get(GROUP), second.get(GROUP)
    assert "X-Page-Cache" not in page_one
    assert page_two["X-Page-Cache"] == "hit"
    assert text_of(page_one) == text_of(page_two)
    html = page_two.content.decode()
    assert "nonce=" not in html  # a shop page lends no nonce: nothing to reuse from the cache
    assert "@@" not in html


def test_a_cached_page_carries_no_per_visitor_token_and_still_switches_currency():
    Client().get(GROUP)
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(GROUP)
    assert page["X-Page-Cache"] == "hit"
    assert "csrfmiddlewaretoken" not in page.content.decode()
    assert not page.cookies  # nothing to remember about a first visit
    switched = visitor.get("/currency", {"currency": "EUR", "next": GROUP})
    assert switched["Location"] == GROUP
    assert "€" in text_of(visitor.get(GROUP))


def test_a_page_cached_with_a_csrf_token_gets_the_visitors_own(settings):
    from django.http import HttpResponse
    from django.middleware.csrf import get_token
    from django.test import RequestFactory
    from django.utils.csp import LazyNonce

    from storefront.web.pagecache import cached_for_first_visits

    @cached_for_first_visits
    def form_page(request):
        return HttpResponse(
            f'<script nonce="{request._csp_nonce}"></script>'
            f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">'
        )

    def visit():
        request = RequestFactory().get("/form")
        request._csp_nonce = LazyNonce()  # as the CSP middleware does
        return request, form_page(request)

    _, first = visit()
    request, second = visit()
    assert second["X-Page-Cache"] == "hit"
    assert second.content != first.content
    token = re.search(r'value="(\w+)"', second.content.decode())[1]
    assert len(token) == 64
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"]


def test_visitors_with_a_session_never_get_a_cached_page(client):
    Client().get(GROUP)
    client.post("/currency", {"currency": "GBP", "next": GROUP})
    page = client.get(GROUP)
    assert "X-Page-Cache" not in page
    assert "£" in text_of(page)


def test_a_published_template_edit_shows_on_the_next_request():
    from django.core.cache import cache

    from storefront.theming.published import VERSION_KEY

    Client().get(GROUP)
    assert Client().get(GROUP)["X-Page-Cache"] == "hit"
    cache.set(VERSION_KEY, "a-new-version", timeout=None)  # what a publish does
    assert "X-Page-Cache" not in Client().get(GROUP)


def test_htmx_requests_and_errors_are_not_cached():
    assert "X-Page-Cache" not in Client().get(GROUP, HTTP_HX_REQUEST="true")
    Client().get("/store/999/")
    assert Client().get("/store/999/").status_code == 404


def test_query_parameters_the_page_does_not_use_share_one_cached_page():
    first = Client().get(GROUP, {"utm_1": "crawler"})
    second = Client().get(GROUP, {"utm_2": "other", "fbclid": "x"})
    third = Client().get(GROUP)
    assert "X-Page-Cache" not in first
    assert second["X-Page-Cache"] == "hit"
    assert third["X-Page-Cache"] == "hit"
    # Nothing from a crawler's query ends up in the page everyone is served.
    assert "crawler" not in third.content.decode()
    assert "utm_1" not in third.content.decode()


def test_a_crawler_adding_parameters_cannot_grow_the_cache(monkeypatch):
    from django.core.cache import cache

    stored: set[str] = set()
    real_set = cache.set

    def counting_set(key, *args, **kwargs):
        stored.add(key)
        return real_set(key, *args, **kwargs)

    monkeypatch.setattr(cache, "set", counting_set)
    for number in range(20):
        Client().get(GROUP, {f"utm_{number}": str(number)})
    page_keys = {key for key in stored if ":page:" in key}
    assert len(page_keys) == 1

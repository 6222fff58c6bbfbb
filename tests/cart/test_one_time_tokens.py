"""One-time add tokens when WHMCS fails half-way: nothing lost, nothing doubled."""

from __future__ import annotations

import re

import pytest

from tests.shop import once_token, text_of
from whmcs_gateway.errors import Unavailable
from whmcs_gateway.rest import CartApi

from .conftest import VPS, VPS_CHOICES

pytestmark = pytest.mark.django_db


@pytest.fixture
def form(client):
    page = client.get(VPS)
    return {**VPS_CHOICES, "once": once_token(page)}


def vps_items(client) -> int:
    return text_of(client.get("/cart/")).count("Remove VPS S")


def test_an_add_that_failed_before_whmcs_did_it_is_made_on_retry(client, form, monkeypatch):
    real_add = CartApi.add_items

    def failing(self, cart_id, items):
        raise Unavailable()

    monkeypatch.setattr(CartApi, "add_items", failing)
    failed = client.post(VPS, form)
    assert failed.status_code == 503
    assert "This is temporary. Nothing you entered was lost." in text_of(failed)

    monkeypatch.setattr(CartApi, "add_items", real_add)
    assert client.post(VPS, form)["Location"] == "/cart/"
    assert vps_items(client) == 1


def test_an_add_whose_answer_was_lost_is_not_made_twice(client, form, monkeypatch):
    real_add = CartApi.add_items

    def lands_then_times_out(self, cart_id, items):
        real_add(self, cart_id, items)
        raise Unavailable("Could not reach WHMCS (ReadTimeout).")

    monkeypatch.setattr(CartApi, "add_items", lands_then_times_out)
    assert client.post(VPS, form).status_code == 503

    monkeypatch.setattr(CartApi, "add_items", real_add)
    assert client.post(VPS, form)["Location"] == "/cart/"
    assert vps_items(client) == 1


def test_a_used_token_never_adds_again(client, form):
    client.post(VPS, form)
    client.post(VPS, form)
    client.post(VPS, form)
    assert vps_items(client) == 1


def test_a_new_form_adds_another_item(client, form):
    client.post(VPS, form)
    client.post(VPS, {**form, "once": once_token(client.get(VPS))})
    assert vps_items(client) == 2


def test_try_again_after_an_outage_sends_the_same_choices_again(client, form, monkeypatch):
    real_add = CartApi.add_items

    def failing(self, cart_id, items):
        raise Unavailable()

    monkeypatch.setattr(CartApi, "add_items", failing)
    failed = client.post(VPS, {**form, "option_2": "23"})
    html = failed.content.decode()
    assert '<input type="hidden" name="option_2" value="23">' in html
    assert '<input type="hidden" name="custom_7" value="vps1.example.com">' in html
    assert f'<input type="hidden" name="once" value="{form["once"]}">' in html

    monkeypatch.setattr(CartApi, "add_items", real_add)
    again = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', html))
    assert client.post(VPS, again)["Location"] == "/cart/"
    assert "Data Centre: London" in text_of(client.get("/cart/"))
    assert vps_items(client) == 1


def test_passwords_are_never_written_back_into_the_error_page(rf):
    from storefront.web.errors import repost_fields

    request = rf.post(
        "/account/login",
        {"email": "a@example.com", "password": "hunter2", "csrfmiddlewaretoken": "x"},
    )
    assert repost_fields(request) == [("email", "a@example.com")]

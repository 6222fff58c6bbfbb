"""The link itself: signed, expiring, revocable, limited, and not to be altered."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone

from storefront.cartlinks.models import CartLink
from storefront.cartlinks.signing import public_id_of, token_for
from tests.cartlinks.conftest import make_link, url_of
from tests.shop import text_of

pytestmark = pytest.mark.django_db


def nothing_changed(client) -> None:
    """No cart was made for the visitor: the header still counts none."""
    assert "Cart 0" in text_of(client.get("/"))
    assert client.session.get("whmcs_visitor") is None


def test_a_token_names_its_link_and_only_it():
    token = token_for("abcDEF123456")
    assert public_id_of(token) == "abcDEF123456"
    assert token.startswith("abcDEF123456:")


@pytest.mark.parametrize(
    "alter",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # the signature
        lambda token: "X" + token[1:],  # the id
        lambda token: token.partition(":")[0],  # the signature dropped
        lambda token: token + "extra",
    ],
    ids=["signature", "id", "unsigned", "appended"],
)
def test_an_altered_link_is_refused_and_changes_nothing(client, alter):
    link = make_link()
    token = token_for(link.public_id)
    response = client.get(f"/l/{alter(token)}")
    assert response.status_code == 400
    page = text_of(response)
    assert "This link has been altered" in page
    assert "Browse the shop" in page
    link.refresh_from_db()
    assert (link.opens, link.carts_created) == (0, 0)
    nothing_changed(client)


def test_another_links_id_under_this_signature_is_refused(client):
    first, second = make_link(), make_link(items=[], name="Other")
    signature = token_for(first.public_id).partition(":")[2]
    response = client.get(f"/l/{second.public_id}:{signature}")
    assert response.status_code == 400
    assert "altered" in text_of(response)


def test_prices_products_and_customer_cannot_be_changed_through_the_url(client):
    link = make_link()
    url = url_of(link) + "?product_id=1&price=0&client=someone&promo=WELCOME20&currency=EUR"
    response = client.get(url, follow=True)
    page = text_of(response)
    assert "VPS S" in page and "Starter" not in page
    assert "WELCOME20" not in page
    assert "$" in page and "€" not in page


def test_a_link_signed_with_the_previous_key_works_while_that_key_is_a_fallback(client, settings):
    link = make_link()
    old_token = token_for(link.public_id)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-key-after-rotation-0123456789-abcdefghijklmnop"
    assert token_for(link.public_id) != old_token
    assert client.get(f"/l/{old_token}").status_code == 302
    settings.SECRET_KEY_FALLBACKS = []
    assert client.get(f"/l/{old_token}").status_code == 400


def test_a_token_signed_for_something_else_is_not_a_link(client):
    link = make_link()
    other = signing.Signer(salt="something.else").sign(link.public_id)
    assert client.get(f"/l/{other}").status_code == 400


def test_an_expired_link_says_so(client):
    link = make_link(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(url_of(link))
    assert response.status_code == 410
    assert "This link has expired" in text_of(response)
    link.refresh_from_db()
    assert (link.opens, link.carts_created) == (0, 0)
    nothing_changed(client)


def test_a_revoked_link_says_so(client):
    link = make_link(revoked_at=timezone.now(), revoked_by="admin")
    response = client.get(url_of(link))
    assert response.status_code == 410
    assert "This link has been withdrawn" in text_of(response)
    nothing_changed(client)


def test_a_link_gone_from_the_database_says_so(client):
    link = make_link()
    url = url_of(link)
    CartLink.objects.filter(pk=link.pk).delete()
    response = client.get(url)
    assert response.status_code == 404
    assert "This link no longer exists" in text_of(response)


def test_a_use_limit_lets_that_many_carts_be_made_then_says_used_up(client, django_user_model):
    from django.test import Client

    link = make_link(max_uses=2)
    for _ in range(2):
        assert Client().get(url_of(link)).status_code == 302
    response = client.get(url_of(link))
    assert response.status_code == 410
    assert "This link has been used up" in text_of(response)
    link.refresh_from_db()
    assert (link.carts_created, link.opens) == (2, 3)
    nothing_changed(client)


def test_opening_links_is_rate_limited_per_address(client, settings):
    from django.test import Client

    settings.CART_LINK_OPENS_PER_ADDRESS = 2
    link = make_link()
    assert Client().get(url_of(link)).status_code == 302
    assert Client().get(url_of(link)).status_code == 302
    response = client.get(url_of(link))
    assert response.status_code == 429
    assert "Too many links opened" in text_of(response)
    other_address = Client(REMOTE_ADDR="127.0.0.9").get(url_of(link))
    assert other_address.status_code == 302


def test_a_links_page_is_never_cached_and_each_visitor_gets_a_cart_of_their_own():
    from django.test import Client

    link = make_link()
    first, second = Client(), Client()
    answers = [first.get(url_of(link)), second.get(url_of(link))]
    for answer in answers:
        assert "no-store" in answer["Cache-Control"] or "no-cache" in answer["Cache-Control"]
        assert "X-Page-Cache" not in answer
    carts = [c.session["whmcs_visitor"] for c in (first, second)]
    assert carts[0] != carts[1]
    assert "VPS S" in text_of(first.get("/cart/")) and "VPS S" in text_of(second.get("/cart/"))

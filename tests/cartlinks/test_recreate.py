"""Opening a link recreates its cart: every item kind, in one cart, one add and one promo;
and when something changed since the link was made, the customer is told exactly what while
the rest still arrives."""

from __future__ import annotations

import dataclasses

import pytest

from storefront.cartlinks import items
from tests.cartlinks.conftest import STARTER, VPS_S, XEON, make_link, url_of, vps_record
from tests.shop import text_of

pytestmark = pytest.mark.django_db

BUSINESS_EMAIL = 11
DEDICATED_IP = 2
CPANEL = 3


@pytest.fixture
def world():
    from whmcs_gateway import conf

    world = conf.sandbox_app().world
    original = world.catalog
    yield world
    world.catalog = original  # the sandbox is shared by the whole run


def every_kind() -> list[dict]:
    return [
        vps_record(addons=[DEDICATED_IP, CPANEL]),
        items.product_record(
            BUSINESS_EMAIL, "Business Email", "monthly", quantity=3, domain="mail-quote.com"
        ),
        items.domain_record("domain_register", "fresh-quote-name.com", 2),
        items.domain_record("domain_transfer", "moving-quote-name.com", 1, "EPP-CODE-123"),
    ]


def cart_of(client):
    from storefront.visitor.cart import load_cart
    from storefront.visitor.visitor import Visitor

    return load_cart(Visitor(client.session)).contents


def test_every_item_kind_arrives_in_one_cart_one_add_and_one_promo(client, upstream):
    link = make_link(items=every_kind(), promo_code="SAVE10")
    response = client.get(url_of(link))
    assert response.status_code == 302 and response["Location"] == "/cart/"
    changes = [(m, p) for m, p in upstream if m != "GET"]
    assert [(m, p.count("/")) for m, p in changes] == [
        ("POST", 1),  # POST /cart
        ("POST", 3),  # POST /cart/{id}/items: every item at once
        ("POST", 3),  # POST /cart/{id}/promotions
    ]
    assert changes[1][1].endswith("/items") and changes[2][1].endswith("/promotions")

    contents = cart_of(client)
    vps, email, register, transfer = contents.items
    assert vps.product.id == VPS_S and vps.billing.cycle == "annually"
    assert {a.addon.id for a in vps.addons} == {DEDICATED_IP, CPANEL}
    assert {(o.id, o.option.value) for o in vps.config_options} >= {(1, 12), (2, 22)}
    assert [(f.id, f.value) for f in vps.custom_fields] == [(7, "vps1.example.com")]
    assert (email.product.id, email.quantity, email.domain) == (
        BUSINESS_EMAIL,
        3,
        "mail-quote.com",
    )
    assert (register.type, register.name, register.period) == (
        "domain_register",
        "fresh-quote-name.com",
        2,
    )
    assert (transfer.type, transfer.name, transfer.epp_code) == (
        "domain_transfer",
        "moving-quote-name.com",
        "EPP-CODE-123",
    )
    assert [p.code for p in contents.promotions] == ["SAVE10"]

    page = text_of(client.get("/cart/"))
    assert "Your cart is ready: 4 items." in page
    link.refresh_from_db()
    assert (link.opens, link.carts_created, link.checkouts) == (1, 1, 0)


def test_the_note_is_shown_on_the_cart(client):
    link = make_link(note="As discussed on the phone: the annual plan with two addons.")
    page = text_of(client.get(url_of(link), follow=True))
    assert "A note for you: As discussed on the phone: the annual plan with two addons." in page


def test_a_sold_out_product_is_named_and_the_rest_still_arrives(client, upstream):
    link = make_link(
        items=[items.product_record(XEON, "Xeon E-2388G", "monthly"), vps_record()],
        promo_code="SAVE10",
    )
    page = text_of(client.get(url_of(link), follow=True))
    assert "Xeon E-2388G is sold out, so it is not in your cart." in page
    assert "Your cart is ready: 1 item." in page
    assert [item.product.id for item in cart_of(client).items] == [VPS_S]
    adds = [p for m, p in upstream if m == "POST" and p.endswith("/items")]
    assert len(adds) == 1  # known before the add: no wasted call


def test_a_product_no_longer_sold_is_named(client, world):
    link = make_link(items=[vps_record(), items.product_record(STARTER, "Starter", "monthly")])
    world.catalog = dataclasses.replace(
        world.catalog,
        products=tuple(
            dataclasses.replace(p, hidden=True) if p.id == STARTER else p
            for p in world.catalog.products
        ),
    )
    page = text_of(client.get(url_of(link), follow=True))
    assert "Starter is no longer sold, so it is not in your cart." in page
    assert [item.product.id for item in cart_of(client).items] == [VPS_S]


def test_a_repriced_item_is_named_with_both_prices(client):
    old_price = {"value": "99.00", "display": "$99.00 USD", "code": "USD"}
    link = make_link(items=[vps_record(price=old_price)])
    page = text_of(client.get(url_of(link), follow=True))
    assert "VPS S now costs $132.00 USD (it was $99.00 USD when this link was made)." in page
    assert "VPS S" in page


def test_an_unchanged_price_says_nothing(client):
    same = {"value": "132.00", "display": "$132.00 USD", "code": "USD"}
    link = make_link(items=[vps_record(price=same)])
    assert "now costs" not in text_of(client.get(url_of(link), follow=True))


def test_an_expired_promo_is_named_and_the_items_still_arrive(client):
    link = make_link(promo_code="FREESETUP")  # expired yesterday in the demo data
    page = text_of(client.get(url_of(link), follow=True))
    assert "Promo code FREESETUP could not be applied:" in page
    assert "expired" in page.lower()
    contents = cart_of(client)
    assert [item.product.id for item in contents.items] == [VPS_S]
    assert contents.promotions == []


def test_an_item_whmcs_refuses_is_named_with_its_reason_and_the_others_arrive(client):
    refused = items.domain_record("domain_register", "no-such-extension.invalidtld", 1)
    link = make_link(items=[refused, vps_record()])
    page = text_of(client.get(url_of(link), follow=True))
    assert (
        "Domain registration: no-such-extension.invalidtld could not be added to your cart:" in page
    )
    assert [
        getattr(item, "product", None) and item.product.id for item in cart_of(client).items
    ] == [VPS_S]


def test_a_removed_addon_is_left_out_and_said(client, world):
    link = make_link(items=[vps_record(addons=[DEDICATED_IP, 99])])
    page = text_of(client.get(url_of(link), follow=True))
    assert "1 addon of VPS S is no longer offered and was left out." in page
    assert [a.addon.id for a in cart_of(client).items[0].addons] == [DEDICATED_IP]


def test_a_link_that_fills_nothing_counts_no_cart(client):
    link = make_link(items=[items.product_record(XEON, "Xeon E-2388G", "monthly")], max_uses=1)
    page = text_of(client.get(url_of(link), follow=True))
    assert "Nothing from this link could be put in your cart." in page
    link.refresh_from_db()
    assert (link.opens, link.carts_created) == (1, 0)


def test_the_link_replaces_the_visitors_cart_and_says_so(client):
    first = make_link()
    client.get(url_of(first))
    second = make_link(items=[items.domain_record("domain_register", "second-link.com", 1)])
    page = text_of(client.get(url_of(second), follow=True))
    assert "This link's cart replaced the cart you had (1 item)." in page
    assert [item.name for item in cart_of(client).items] == ["second-link.com"]


def test_a_guest_gets_the_links_currency(client):
    link = make_link(currency="EUR")
    page = text_of(client.get(url_of(link), follow=True))
    assert "€" in page and "$132.00" not in page


def test_a_link_whose_items_are_all_gone_leaves_the_visitors_cart_as_it_was(client):
    first = make_link()
    client.get(url_of(first))
    gone = make_link(items=[items.product_record(XEON, "Xeon E-2388G", "monthly")])
    page = text_of(client.get(url_of(gone), follow=True))
    assert "Xeon E-2388G is sold out, so it is not in your cart." in page
    assert "Nothing from this link could be put in your cart." in page
    assert [item.product.id for item in cart_of(client).items] == [VPS_S]


def test_whmcs_failing_gives_the_use_back(client, monkeypatch):
    from whmcs_gateway import conf

    link = make_link(max_uses=1)
    transport = conf.transport()
    original = transport.request

    def failing(method, path, **kwargs):
        if method.upper() == "POST" and path.endswith("/items"):
            raise RuntimeError("WHMCS fell over")
        return original(method, path, **kwargs)

    monkeypatch.setattr(transport, "request", failing)
    with pytest.raises(RuntimeError):
        client.get(url_of(link))
    link.refresh_from_db()
    assert (link.opens, link.carts_created) == (1, 0)

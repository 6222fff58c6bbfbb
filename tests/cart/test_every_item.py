"""WHMCS pages a cart's items (50 by default): the shop reads every page."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from tests.shop import once_token, text_of
from whmcs_gateway.rest import CartApi, DomainRegisterItem

pytestmark = pytest.mark.django_db

BULK = [f"reseller-client-{n:03}.com" for n in range(2, 101)]


@pytest.fixture
def cart_of_100_domains(client, monkeypatch):
    """A reseller's cart: the shop's own add of one name carries 99 more with it."""
    real_add = CartApi.add_items

    def add_with_bulk(self, cart_id, items):
        everything = [*items, *(DomainRegisterItem(name) for name in BULK)]
        for start in range(0, len(everything), 50):  # WHMCS takes 50 items per add
            contents = real_add(self, cart_id, everything[start : start + 50])
        return contents

    form = client.get("/domains/", {"domain": "reseller-client-001"})
    monkeypatch.setattr(CartApi, "add_items", add_with_bulk)
    client.post(
        "/domains/register", {"domain": "reseller-client-001.com", "once": once_token(form)}
    )
    monkeypatch.setattr(CartApi, "add_items", real_add)
    return client


def test_a_cart_of_100_domains_shows_100_lines_and_a_count_of_100(cart_of_100_domains, upstream):
    response = cart_of_100_domains.get("/cart/")
    html = response.content.decode()
    page = text_of(response)
    assert len(re.findall(r'<li class="card cart-item" id="item-', html)) == 100
    assert "Domain registration: reseller-client-001.com" in page
    assert "Domain registration: reseller-client-100.com" in page
    assert re.search(r'id="cart-count"[^>]*>100<', html)
    # The lines add up to what WHMCS bills for all 100.
    totals = re.findall(r"Line total \$([\d,.]+) USD", page)
    subtotal = re.search(r"Subtotal \$([\d,.]+) USD", page).group(1)
    lines = sum(Decimal(t.replace(",", "")) for t in totals[:100])
    assert lines == Decimal(subtotal.replace(",", ""))
    # One read of the cart, asking for a page large enough for the whole cart.
    reads = [path for method, path in upstream if method == "GET" and path.startswith("/cart/")]
    assert len(reads) == 1


def test_every_page_is_read_when_the_cart_is_longer_than_a_page(cart_of_100_domains, upstream):
    """With pages of 40, the 100 items come in 3 reads, each item once."""
    from whmcs_gateway import conf
    from whmcs_gateway.rest import RestApi

    cart_of_100_domains.get("/cart/")
    cart_id = next(p for m, p in upstream if m == "GET" and p.startswith("/cart/"))[6:]
    transport = conf.transport()

    def call(method, path, *, params=None, json=None):
        return transport.request(method, path, params=params, json=json)

    upstream.clear()
    contents = RestApi(call).cart.contents(cart_id, page_size=40)
    assert len(contents.items) == 100
    assert len({item.item_id for item in contents.items}) == 100
    assert upstream == [("GET", f"/cart/{cart_id}")] * 3
    assert contents.totals.subtotal.value > 0


def test_a_group_with_more_products_than_a_page_shows_every_one(monkeypatch):
    """WHMCS pages a group's products too: every page is read."""
    from whmcs_gateway import conf
    from whmcs_gateway.rest import RestApi

    transport = conf.transport()
    sent = []

    def call(method, path, *, params=None, json=None):
        sent.append(params)
        return transport.request(method, path, params=params, json=json)

    group = RestApi(call).store.whole_group(3, page_size=1)  # VPS: three products
    assert [p.name for p in group.products] == ["VPS S", "VPS M", "VPS L"]
    assert [p["page"] for p in sent] == [1, 2, 3, 4]

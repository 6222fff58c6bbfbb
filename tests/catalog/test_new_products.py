"""A product staff add in WHMCS (classic AddProduct) shows in the shop."""

from __future__ import annotations

import pytest

from tests.shop import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    from whmcs_gateway import conf

    world = conf.sandbox_app().world
    original = world.catalog
    yield world
    world.catalog = original  # the sandbox is shared by the whole run


def test_a_product_added_through_the_classic_api_is_on_sale(client, world):
    from whmcs_gateway import conf
    from whmcs_gateway.classic import ClassicApi

    usd = next(c for c in world.catalog.currencies if c.code == "USD")
    pid = ClassicApi(conf.transport()).add_product(
        "Launch Special",
        1,
        type="hostingaccount",
        paytype="recurring",
        tagline="Added a moment ago",
        pricing={usd.id: {"monthly": "5.55", "annually": "55.50"}},
    )
    page = text_of(client.get("/store/1/shared-hosting/"))
    assert "Launch Special" in page
    assert "From $5.55 USD /mo" in page
    assert "Configure Launch Special" in text_of(client.get(f"/order/{pid}/", follow=True))

"""The catalog façade: one upstream call per read and currency, then the cache."""

from __future__ import annotations

import httpx
import pytest
import respx
from django.core.cache.backends.locmem import LocMemCache

from whmcs_gateway.catalog import Catalog
from whmcs_gateway.catalog_cache import CachedReads
from whmcs_gateway.errors import Unavailable
from whmcs_gateway.transport import Transport, TransportConfig

GROUPS = {"data": [{"id": 1, "name": "Shared Hosting", "headline": "Fast sites"}]}


@pytest.fixture
def reads():
    cache = LocMemCache("catalog-facade-tests", {})
    yield CachedReads(cache)
    cache.clear()


@pytest.fixture
def transport():
    return Transport(TransportConfig(base_url="https://whmcs.test"), sleep=lambda _: None)


@respx.mock
def test_groups_are_fetched_once_per_currency(reads, transport):
    route = respx.get("https://whmcs.test/api/v2/store/products/groups").mock(
        return_value=httpx.Response(200, json=GROUPS)
    )
    euro = Catalog(reads, transport, "EUR")
    assert [group.name for group in euro.groups()] == ["Shared Hosting"]
    assert euro.groups()[0].headline == "Fast sites"
    Catalog(reads, transport, "GBP").groups()
    Catalog(reads, transport, "EUR").groups()
    assert route.call_count == 2
    sent = [call.request.url.params.get("currency") for call in route.calls]
    assert sent == ["EUR", "GBP"]


@respx.mock
def test_currency_independent_reads_are_shared_across_currencies(reads, transport):
    route = respx.get("https://whmcs.test/api/v2/billing/currencies").mock(
        return_value=httpx.Response(200, json={"data": [{"code": "USD", "prefix": "$"}]})
    )
    assert Catalog(reads, transport, "EUR").currencies()[0].code == "USD"
    assert Catalog(reads, transport, "GBP").currencies()[0].prefix == "$"
    assert route.call_count == 1
    assert "currency" not in route.calls[0].request.url.params


@respx.mock
def test_a_cached_catalog_survives_whmcs_going_down(reads, transport):
    route = respx.get("https://whmcs.test/api/v2/store/products/groups")
    route.mock(return_value=httpx.Response(200, json=GROUPS))
    catalog = Catalog(reads, transport)
    catalog.groups()
    reads._clock = lambda: 10**10 + 3600  # an hour later... of a far future day
    reads.cache.set(
        reads.key("groups:default"),
        {"value": catalog.groups(), "fetched_at": 10**10},
        timeout=None,
    )
    route.mock(side_effect=httpx.ConnectError("down"))
    assert catalog.groups()[0].name == "Shared Hosting"


@respx.mock
def test_nothing_cached_and_whmcs_down_is_unavailable(reads, transport):
    respx.get("https://whmcs.test/api/v2/store/products/groups").mock(
        side_effect=httpx.ConnectError("down")
    )
    with pytest.raises(Unavailable):
        Catalog(reads, transport).groups()

"""Catalog reads: fresh for 60 s, stale while one request revalidates, stale while failing."""

from __future__ import annotations

import pytest
from django.core.cache.backends.locmem import LocMemCache

from whmcs_gateway.catalog_cache import CachedReads
from whmcs_gateway.errors import NotFound, Unavailable


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


class Loader:
    """Counts upstream calls; fails with `failure` when set."""

    def __init__(self) -> None:
        self.calls = 0
        self.failure: Exception | None = None

    def __call__(self) -> str:
        self.calls += 1
        if self.failure:
            raise self.failure
        return f"groups v{self.calls}"


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def reads(clock):
    cache = LocMemCache("catalog-tests", {})
    yield CachedReads(cache, clock=clock)
    cache.clear()


def test_fresh_copy_is_served_without_an_upstream_call(reads, clock):
    load = Loader()
    assert reads.get("groups:USD", load) == "groups v1"
    clock.now += 59
    assert reads.get("groups:USD", load) == "groups v1"
    assert load.calls == 1


def test_currencies_are_cached_apart(reads):
    load = Loader()
    assert reads.get("groups:USD", load) == "groups v1"
    assert reads.get("groups:EUR", load) == "groups v2"


def test_after_a_minute_one_request_refreshes_the_copy(reads, clock):
    load = Loader()
    reads.get("groups:USD", load)
    clock.now += 61
    assert reads.get("groups:USD", load) == "groups v2"
    assert reads.get("groups:USD", load) == "groups v2"  # fresh again
    assert load.calls == 2


def test_while_a_refresh_is_under_way_others_get_the_stale_copy(reads, clock):
    load = Loader()
    reads.get("groups:USD", load)
    clock.now += 120
    reads.cache.add(reads.key("groups:USD") + ":refreshing", 1)  # another request refreshing
    assert reads.get("groups:USD", load) == "groups v1"
    assert load.calls == 1


def test_a_failed_revalidation_keeps_serving_the_stale_copy(reads, clock):
    load = Loader()
    reads.get("groups:USD", load)
    clock.now += 300
    load.failure = Unavailable()
    assert reads.get("groups:USD", load) == "groups v1"
    # The refresh flag is released: the next request tries again.
    assert reads.cache.get(reads.key("groups:USD") + ":refreshing") is None


def test_while_whmcs_fails_a_day_old_copy_is_still_served(reads, clock):
    load = Loader()
    reads.get("groups:USD", load)
    clock.now += 23 * 3600
    load.failure = Unavailable()
    assert reads.get("groups:USD", load) == "groups v1"
    assert load.calls == 2


def test_with_nothing_cached_the_failure_propagates(reads):
    load = Loader()
    load.failure = Unavailable()
    with pytest.raises(Unavailable):
        reads.get("groups:USD", load)


def test_errors_that_are_not_outages_are_not_hidden_by_the_cache(reads, clock):
    load = Loader()
    reads.get("product:7", load)
    clock.now += 3600
    load.failure = NotFound("Product not found")
    with pytest.raises(NotFound):
        reads.get("product:7", load)


def test_each_process_may_reuse_its_own_copy_for_a_moment(clock):
    cache = LocMemCache("catalog-local-copy-tests", {})
    reads = CachedReads(cache, clock=clock, local_seconds=60)
    load = Loader()
    assert reads.get("groups:USD", load) == "groups v1"
    cache.clear()  # even with the shared copy gone, this process keeps its own for now
    assert reads.get("groups:USD", load) == "groups v1"
    assert load.calls == 1
    reads.invalidate("groups:USD")
    assert reads.get("groups:USD", load) == "groups v2"

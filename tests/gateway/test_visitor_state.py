"""Per-visitor X-Api-State: rotation, the lock, fencing, and concurrency."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache.backends.locmem import LocMemCache

from whmcs_gateway.errors import NotFound, Unauthorized
from whmcs_gateway.state import VisitorBusy, VisitorStateStore
from whmcs_gateway.transport import Transport, TransportConfig
from whmcs_gateway.visitor import VisitorGateway

from .strict_whmcs import StrictTokenWhmcs


@pytest.fixture
def cache():
    store = LocMemCache("visitor-state-tests", {})
    yield store
    store.clear()


@pytest.fixture
def store(cache):
    return VisitorStateStore(cache)


def gateway_for(app, store, visitor="visitor-1"):
    transport = Transport(TransportConfig(base_url="http://whmcs.test", wsgi_app=app))
    return VisitorGateway(transport, store, lambda: visitor)


def test_each_call_sends_the_token_of_the_previous_answer(store):
    whmcs = StrictTokenWhmcs()
    gateway = gateway_for(whmcs, store)
    for _ in range(3):
        gateway.call("GET", "/status")
    assert whmcs.seen_tokens == [None, "token-1", "token-2"]
    assert store.snapshot("visitor-1").token == "token-3"


def test_concurrent_calls_of_one_visitor_never_send_a_stale_token(store):
    whmcs = StrictTokenWhmcs(delay=0.005)
    gateway = gateway_for(whmcs, store)
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: gateway.call("POST", "/keepalive"), range(40)))
    assert len(results) == 40
    assert whmcs.refused == 0
    assert whmcs.served == 40
    assert store.snapshot("visitor-1").token == whmcs.latest


def test_visitors_do_not_share_tokens(store):
    whmcs = StrictTokenWhmcs()
    gateway_for(whmcs, store, "alice").call("GET", "/status")
    gateway_for(whmcs, store, "bob").call("GET", "/status")
    assert whmcs.seen_tokens == [None, None]
    assert store.snapshot("alice").token == "token-1"
    assert store.snapshot("bob").token == "token-2"


def test_a_refused_call_is_not_sent_again_and_the_next_one_carries_on(store):
    whmcs = StrictTokenWhmcs()
    gateway = gateway_for(whmcs, store)
    gateway.call("GET", "/status")
    whmcs.latest = "issued-while-our-answer-was-lost"  # e.g. our last call timed out
    with pytest.raises(Unauthorized, match="stale"):
        gateway.call("POST", "/cart/ABCDEFGHIJKLMNOP/items")
    assert whmcs.seen_tokens == [None, "token-1"]  # sent once, never repeated
    # The refusal's state was stored, so the visitor's next call is accepted.
    assert gateway.call("GET", "/status").body == {"data": {"served": True}}
    assert whmcs.seen_tokens[-1] == "token-2"


def test_credentials_are_never_sent_twice(store):
    whmcs = StrictTokenWhmcs()
    gateway = gateway_for(whmcs, store)
    gateway.call("GET", "/status")
    whmcs.latest = "issued-elsewhere"
    with pytest.raises(Unauthorized, match="stale"):
        gateway.call("POST", "/user/session", json={"email": "a@b.c", "password": "x"})
    assert len(whmcs.seen_tokens) == 2


def test_an_older_token_never_overwrites_a_newer_one(store):
    with store.locked("v") as first_read:
        pass
    store.store_token("v", "newer", read=first_read)
    assert store.store_token("v", "older", read=first_read) is False
    assert store.snapshot("v").token == "newer"


def test_a_held_lock_makes_the_next_caller_wait_then_give_up(cache):
    store = VisitorStateStore(cache, lock_wait=0.05, poll_interval=0.01)
    with store.locked("v"), pytest.raises(VisitorBusy), store.locked("v"):
        pass  # pragma: no cover - the second lock is never granted
    with store.locked("v") as snapshot:  # released again afterwards
        assert snapshot.token is None


def test_an_expired_lock_owned_by_someone_else_is_not_released(cache):
    store = VisitorStateStore(cache)
    with store.locked("v"):
        cache.set("whmcs:visitor:v:lock", "another-owner")
    assert cache.get("whmcs:visitor:v:lock") == "another-owner"


def test_cart_id_is_kept_per_visitor_and_forgotten(store):
    store.set_cart_id("v", "ABCDEFGHIJKLMNOP")
    assert store.cart_id("v") == "ABCDEFGHIJKLMNOP"
    assert store.cart_id("other") is None
    store.forget("v")
    assert store.cart_id("v") is None


def test_typed_error_is_raised_after_the_token_is_stored(store):
    def not_found(environ, start_response):
        start_response(
            "404 Not Found", [("Content-Type", "application/json"), ("X-Api-State", "t-404")]
        )
        return [b'{"message": "Cart not found"}']

    gateway = gateway_for(not_found, store)
    with pytest.raises(NotFound) as raised:
        gateway.call("GET", "/cart/ABCDEFGHIJKLMNOP")
    assert raised.value.message == "Cart not found"
    assert raised.value.status == 404
    assert store.snapshot("visitor-1").token == "t-404"

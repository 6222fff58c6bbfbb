"""The one lock (`whmcs_gateway.locks`): exclusive, expiring, and released only by its owner."""

from __future__ import annotations

import os
import socket
import time
import uuid

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

from whmcs_gateway.locks import Lock, LockBusy, hold

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture(params=["locmem", "redis"])
def cache(request):
    if request.param == "locmem":
        backend = LocMemCache(f"locks-{uuid.uuid4().hex}", {})
    else:
        if not redis_reachable():
            pytest.skip("no Redis on 127.0.0.1:6379")
        # Own keys per test: runs side by side must not share each other's locks.
        backend = RedisCache(REDIS_URL, {"KEY_PREFIX": f"locks-{uuid.uuid4().hex}"})
    return backend


def wait_until_expired(lock: Lock) -> None:
    """Let a short lock run out: the only way to show what an expired lock does."""
    fresh = Lock(lock.cache, lock.key, ttl=1)
    for _ in range(200):
        if fresh.acquire():
            fresh.release()
            return
        time.sleep(0.01)
    raise AssertionError("the lock never expired")  # pragma: no cover


def test_one_holder_at_a_time(cache):
    first = Lock(cache, "k", ttl=30)
    second = Lock(cache, "k", ttl=30)
    assert first.acquire()
    assert not second.acquire()
    assert first.release()
    assert second.acquire()
    second.release()


def test_hold_gives_up_after_waiting_and_frees_the_key_afterwards(cache):
    taken = hold(cache, "k", ttl=30, wait=0.05)
    with hold(cache, "k", ttl=30, wait=0), pytest.raises(LockBusy), taken:
        pass  # pragma: no cover - never granted
    with hold(cache, "k", ttl=30, wait=0) as lock:
        assert lock.owner


def test_hold_raises_the_callers_error_when_busy(cache):
    class Busy(Exception):
        pass

    taken = hold(cache, "k", ttl=30, wait=0, busy=Busy)
    with hold(cache, "k", ttl=30, wait=0), pytest.raises(Busy), taken:
        pass  # pragma: no cover - never granted


def test_an_expired_lock_is_never_released_by_its_former_owner(cache):
    former = Lock(cache, "k", ttl=0.05)
    assert former.acquire()
    wait_until_expired(former)
    new_owner = Lock(cache, "k", ttl=30)
    assert new_owner.acquire()

    assert former.release() is False
    # The new owner's lock is still in place: nobody else gets in.
    assert not Lock(cache, "k", ttl=30).acquire()
    assert new_owner.release() is True
    assert Lock(cache, "k", ttl=30).acquire()


def test_a_lock_without_expiry_is_refused(cache):
    with pytest.raises(ValueError, match="positive ttl"):
        Lock(cache, "k", ttl=0)

"""One owner-checked lock on a Django cache, for every lock of the project.

    from whmcs_gateway.locks import hold

    with hold(cache, "some:key", ttl=45, wait=30):    # raises LockBusy after `wait` seconds
        ...                                          # at most one holder per key at a time

    lock = Lock(cache, "some:key", ttl=45)           # or by hand
    if lock.acquire(wait=0):
        try: ...
        finally: lock.release()                      # False if it had expired meanwhile

A lock expires after `ttl` seconds, so a process that dies holding it cannot block the key for
good; choose `ttl` longer than anything done while holding it. Every lock has a random owner
token, and releasing deletes the key only if it still holds that token: a holder whose lock
expired must never delete the lock someone else has taken since.

On Redis (Django's RedisCache), acquiring is `SET key owner NX PX ttl` and releasing is a Lua
script that compares and deletes in one step, so no other process can slip in between, on any
number of machines. On the other Django caches, acquiring is `cache.add` and releasing is
check-then-delete under a process-wide mutex: exact within one process (the local-memory
cache, which is per process anyway); across processes on a shared non-Redis cache the
check-then-delete is not atomic, which is one reason production uses Redis.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.cache.backends.redis import RedisCache

_RELEASE_SCRIPT = """
if redis.call('get', KEYS[1]) == ARGV[1] then
    return redis.call('del', KEYS[1])
end
return 0
"""

# Makes add and check-then-delete atomic with each other on caches without scripts.
_LOCAL_MUTEX = threading.Lock()


class LockBusy(Exception):
    """The lock was not free within the time allowed."""


class Lock:
    """One owner's hold on `key` in `cache`. Not reentrant; one `Lock` per attempt."""

    def __init__(
        self,
        cache: Any,
        key: str,
        *,
        ttl: float,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if ttl <= 0:
            raise ValueError("a lock needs a positive ttl, or it would never expire")
        self.cache = cache
        self.key = key
        self.ttl = ttl
        self.owner = secrets.token_hex(16)
        self._sleep = sleep
        self._clock = clock
        self._redis = isinstance(cache, RedisCache)

    def acquire(self, *, wait: float = 0.0, poll_interval: float = 0.01) -> bool:
        """Take the lock, trying for up to `wait` seconds; True if this owner now holds it."""
        deadline = self._clock() + wait
        while not self._try_acquire():
            if self._clock() >= deadline:
                return False
            self._sleep(poll_interval)
        return True

    def release(self) -> bool:
        """Give the lock up if this owner still holds it; False if it had expired."""
        if self._redis:
            client, key = self._redis_client_and_key()
            return bool(client.eval(_RELEASE_SCRIPT, 1, key, self.owner))
        with _LOCAL_MUTEX:
            if self.cache.get(self.key) != self.owner:
                return False
            self.cache.delete(self.key)
            return True

    def _try_acquire(self) -> bool:
        if self._redis:
            client, key = self._redis_client_and_key()
            milliseconds = max(1, int(self.ttl * 1000))
            return bool(client.set(key, self.owner, nx=True, px=milliseconds))
        with _LOCAL_MUTEX:
            return bool(self.cache.add(self.key, self.owner, timeout=self.ttl))

    def _redis_client_and_key(self) -> tuple[Any, str]:
        # The cache's own connection pool and key scheme (KEY_PREFIX, version), so the lock
        # lives beside the cache's other keys and is cleared with them.
        key = self.cache.make_and_validate_key(self.key)
        return self.cache._cache.get_client(key, write=True), key


@contextmanager
def hold(
    cache: Any,
    key: str,
    *,
    ttl: float,
    wait: float,
    poll_interval: float = 0.01,
    busy: Callable[[], Exception] = LockBusy,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> Iterator[Lock]:
    """Hold `key` for the `with` block; raise `busy()` if it is not free within `wait` s."""
    lock = Lock(cache, key, ttl=ttl, sleep=sleep, clock=clock)
    if not lock.acquire(wait=wait, poll_interval=poll_interval):
        raise busy()
    try:
        yield lock
    finally:
        lock.release()

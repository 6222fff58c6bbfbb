"""One owner-checked lock on the Django cache, for everything that must take turns.

Taken with an atomic `add` (with a TTL, so a process that dies holding it does not block
forever) and released only by its owner. On Redis the release is one compare-and-delete
script, so a lock that expired and was taken by someone else is never deleted from under its
new owner; on other caches it is check-then-delete, which is atomic enough within one process.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from .errors import Unavailable

# Deletes the key only when it still holds our owner token (one atomic step on Redis).
_RELEASE_SCRIPT = """
if redis.call('get', KEYS[1]) == ARGV[1] then
    return redis.call('del', KEYS[1])
end
return 0
"""


class LockBusy(Unavailable):
    """Someone else held the lock for longer than we were willing to wait."""

    default_message = "Your previous action is still being processed. Please try again."


class Lock:
    """A named lock on a Django cache."""

    def __init__(
        self,
        cache: Any,
        key: str,
        *,
        ttl: float,
        wait: float,
        poll_interval: float = 0.01,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        busy: type[Unavailable] = LockBusy,
    ) -> None:
        self.cache = cache
        self.key = key
        self.ttl = ttl
        self.wait = wait
        self.poll_interval = poll_interval
        self._sleep = sleep
        self._clock = clock
        self._busy = busy
        self.owner = secrets.token_hex(8)

    def acquire(self) -> None:
        deadline = self._clock() + self.wait
        while not self.cache.add(self.key, self.owner, timeout=self.ttl):
            if self._clock() >= deadline:
                raise self._busy()
            self._sleep(self.poll_interval)

    def release(self) -> bool:
        """Release the lock if we still own it; False when it had expired (and maybe moved on)."""
        redis = _redis_client(self.cache)
        if redis is not None:
            full_key = self.cache.make_and_validate_key(self.key)
            owner = self.cache._cache._serializer.dumps(self.owner)
            return bool(redis.eval(_RELEASE_SCRIPT, 1, full_key, owner))
        if self.cache.get(self.key) == self.owner:
            self.cache.delete(self.key)
            return True
        return False

    def __enter__(self) -> Lock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


@contextmanager
def held(cache: Any, key: str, *, ttl: float, wait: float, **options: Any) -> Iterator[Lock]:
    """Hold `key` for the duration of the block (see `Lock`)."""
    with Lock(cache, key, ttl=ttl, wait=wait, **options) as lock:
        yield lock


def _redis_client(cache: Any) -> Any:
    """The redis-py client behind Django's Redis cache backend, or None for other caches."""
    backend = getattr(cache, "_cache", None)
    if backend is None or not hasattr(backend, "get_client"):
        return None
    return backend.get_client(write=True)

"""Each visitor's X-Api-State and cart id, with a lock around every upstream call.

WHMCS issues a new X-Api-State on every answer and wants the latest on the next request, so
one visitor's calls must go one at a time and an older token must never overwrite a newer
one. Both live in the Django cache (Redis in production), not in the session blob: two
concurrent requests would each save their own copy of the session and the older could win.

The lock is `locks.hold` (owner-checked, released atomically on Redis), so it works across
processes and machines on Redis and within a process on the local-memory cache. Stores are also
fenced by a sequence number: a caller whose lock expired mid-call (WHMCS slower than the lock
TTL) cannot write its token over one stored after it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from .errors import Unavailable
from .locks import hold

KEY_PREFIX = "whmcs:visitor"


@dataclass(frozen=True)
class Snapshot:
    """What was stored for a visitor when its lock was taken."""

    token: str | None
    sequence: int


class VisitorBusy(Unavailable):
    """Another request of the same visitor held the lock for too long."""

    default_message = "Your previous action is still being processed. Please try again."


class VisitorStateStore:
    """Tokens, cart ids and locks of all visitors, on one Django cache."""

    def __init__(
        self,
        cache: Any,
        *,
        state_ttl: int = 60 * 60 * 24,
        lock_ttl: float = 45.0,
        lock_wait: float = 30.0,
        poll_interval: float = 0.01,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.cache = cache
        self.state_ttl = state_ttl
        # Longer than one upstream call can take (read timeout times attempts), so the lock
        # only ever expires for a process that died holding it.
        self.lock_ttl = lock_ttl
        self.lock_wait = lock_wait
        self.poll_interval = poll_interval
        self._sleep = sleep
        self._clock = clock

    # -- keys ------------------------------------------------------------------------------

    @staticmethod
    def _key(visitor: str, what: str) -> str:
        return f"{KEY_PREFIX}:{visitor}:{what}"

    # -- the lock --------------------------------------------------------------------------

    @contextmanager
    def locked(self, visitor: str) -> Iterator[Snapshot]:
        """Hold the visitor's lock; yields what is stored when it was taken."""
        with hold(
            self.cache,
            self._key(visitor, "lock"),
            ttl=self.lock_ttl,
            wait=self.lock_wait,
            poll_interval=self.poll_interval,
            busy=VisitorBusy,
            sleep=self._sleep,
            clock=self._clock,
        ):
            yield self.snapshot(visitor)

    # -- the token -------------------------------------------------------------------------

    def snapshot(self, visitor: str) -> Snapshot:
        stored = self.cache.get(self._key(visitor, "state"))
        if not stored:
            return Snapshot(token=None, sequence=0)
        return Snapshot(token=stored["token"], sequence=stored["sequence"])

    def store_token(self, visitor: str, token: str | None, *, read: Snapshot) -> bool:
        """Store `token` unless someone stored a newer one since `read`; True if stored."""
        key = self._key(visitor, "state")
        current = self.snapshot(visitor)
        if current.sequence != read.sequence:
            return False
        self.cache.set(key, {"token": token, "sequence": read.sequence + 1}, timeout=self.state_ttl)
        return True

    # -- the cart id -----------------------------------------------------------------------

    def cart_id(self, visitor: str) -> str | None:
        return self.cache.get(self._key(visitor, "cart"))

    def set_cart_id(self, visitor: str, cart_id: str | None) -> None:
        key = self._key(visitor, "cart")
        if cart_id:
            self.cache.set(key, cart_id, timeout=self.state_ttl)
        else:
            self.cache.delete(key)

    def forget(self, visitor: str) -> None:
        """Drop everything kept for a visitor (logout, or a state WHMCS no longer knows)."""
        self.cache.delete_many([self._key(visitor, "state"), self._key(visitor, "cart")])

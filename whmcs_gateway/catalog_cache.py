"""Cached reads of data that is the same for every visitor of a currency.

Three windows after a successful fetch:
- fresh (60 s): served from the cache, no upstream call;
- stale-while-revalidate (up to 10 min): served from the cache while ONE request (the one that
  wins an atomic `cache.add`) refreshes it; the others do not wait;
- stale-if-error (up to 24 h): WHMCS must be asked, but if it is failing the old copy is
  served rather than an error page.
Past that, or with nothing cached, a failure propagates as the typed error it is.

In front of the shared cache each process keeps its own copy for `local_seconds` (a couple of
seconds): a busy page reads the same entries many times a second, and unpickling them from
the shared cache each time costs more than rendering the page.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from .errors import Unavailable

logger = logging.getLogger("whmcs_gateway.catalog")

T = TypeVar("T")

# A refresh may walk many pages with retries: the flag outlives it, so no second refresh
# starts beside it.
REFRESH_FLAG_SECONDS = 300


@dataclass(frozen=True)
class Freshness:
    fresh: float = 60.0
    stale_while_revalidate: float = 600.0
    stale_if_error: float = 24 * 60 * 60.0


class CachedReads:
    """Fresh / stale-while-revalidate / stale-if-error reads on a Django cache."""

    def __init__(
        self,
        cache: Any,
        *,
        freshness: Freshness | None = None,
        namespace: str = "whmcs:catalog",
        clock: Callable[[], float] = time.time,
        local_seconds: float = 0.0,
    ) -> None:
        self.cache = cache
        self.freshness = freshness or Freshness()
        self.namespace = namespace
        self._clock = clock
        self.local_seconds = local_seconds
        self._local: dict[str, tuple[float, Any]] = {}
        self._local_lock = threading.Lock()

    def key(self, name: str) -> str:
        return f"{self.namespace}:{name}"

    def get(self, name: str, load: Callable[[], T]) -> T:
        key = self.key(name)
        if self.local_seconds:
            kept = self._local.get(key)
            if kept is not None and time.monotonic() - kept[0] < self.local_seconds:
                return kept[1]
        value = self._get_shared(key, name, load)
        if self.local_seconds:
            with self._local_lock:
                if len(self._local) > 5000:
                    self._local.clear()  # a crude bound: entries are cheap to fetch again
                self._local[key] = (time.monotonic(), value)
        return value

    def _get_shared(self, key: str, name: str, load: Callable[[], T]) -> T:
        entry = self.cache.get(key)
        if entry is None:
            return self._refresh(key, load)
        age = self._clock() - entry["fetched_at"]
        if age < self.freshness.fresh:
            return entry["value"]
        if age < self.freshness.stale_while_revalidate:
            flag, owner = key + ":refreshing", secrets.token_hex(8)
            if self.cache.add(flag, owner, timeout=REFRESH_FLAG_SECONDS):
                try:
                    return self._refresh(key, load)
                except Unavailable:
                    logger.warning("catalog %s: refresh failed, serving the cached copy", name)
                finally:
                    if self.cache.get(flag) == owner:  # never another request's flag
                        self.cache.delete(flag)
            return entry["value"]
        try:
            return self._refresh(key, load)
        except Unavailable:
            logger.warning("catalog %s: WHMCS failing, serving a %.0f s old copy", name, age)
            return entry["value"]

    def _refresh(self, key: str, load: Callable[[], T]) -> T:
        value = load()
        self.cache.set(
            key,
            {"value": value, "fetched_at": self._clock()},
            timeout=int(self.freshness.stale_if_error),
        )
        return value

    def invalidate(self, name: str) -> None:
        self.cache.delete(self.key(name))
        self._local.pop(self.key(name), None)

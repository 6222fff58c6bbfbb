"""A circuit breaker: stop hammering a WHMCS that keeps failing, and probe it later.

Closed: calls flow. After `threshold` failures in a row (network errors, timeouts, 5xx) it
opens: calls fail at once with Unavailable, which the shop shows as a temporary problem and
the catalog answers from its cache. After `reset_after` seconds one probe call is let
through (half-open): its success closes the circuit, its failure opens it again.
One breaker per process: each process finds out for itself, none needs shared state.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class CircuitBreaker:
    def __init__(
        self,
        *,
        threshold: int = 5,
        reset_after: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.threshold = threshold
        self.reset_after = reset_after
        self._clock = clock
        self._lock = threading.Lock()
        self._failures = 0
        self._opened_at: float | None = None
        self._probing = False

    @property
    def state(self) -> str:
        with self._lock:
            if self._opened_at is None:
                return "closed"
            return "half-open" if self._probe_due() else "open"

    def _probe_due(self) -> bool:
        return self._opened_at is not None and (self._clock() - self._opened_at >= self.reset_after)

    def allow(self) -> bool:
        """Whether a call may go out now (True for the one probe of a half-open circuit)."""
        with self._lock:
            if self._opened_at is None:
                return True
            if self._probe_due() and not self._probing:
                self._probing = True
                return True
            return False

    def record_success(self) -> None:
        with self._lock:
            self._failures = 0
            self._opened_at = None
            self._probing = False

    def record_failure(self) -> None:
        with self._lock:
            self._failures += 1
            if self._probing or self._failures >= self.threshold:
                self._opened_at = self._clock()
            self._probing = False

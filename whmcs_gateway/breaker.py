"""A circuit breaker: stop hammering a WHMCS that is failing, and probe it later.

Closed: calls flow, and the outcome of the last `window` calls is kept. When at least
`min_calls` of them are known and `failure_ratio` or more failed (network errors, timeouts,
5xx), it opens: calls fail at once with Unavailable, which the shop shows as a temporary
problem while the catalog answers from its cache. After `reset_after` seconds one probe call
is let through (half-open): its success closes the circuit, its failure opens it again.

A ratio over a window, not a run of failures: a WHMCS that fails one call in five is
degraded but serving, and cutting it off would turn a partial outage into a full one.
One breaker per process: each finds out for itself, none needs shared state.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class CircuitBreaker:
    def __init__(
        self,
        *,
        window: int = 20,
        min_calls: int = 10,
        failure_ratio: float = 0.6,
        reset_after: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.min_calls = min_calls
        self.failure_ratio = failure_ratio
        self.reset_after = reset_after
        self._clock = clock
        self._lock = threading.Lock()
        self._outcomes: deque[bool] = deque(maxlen=window)  # True: the call failed
        self._opened_at: float | None = None
        self._probing = False
        self._probe_started = 0.0

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
            probe_lost = self._probing and self._clock() - self._probe_started >= self.reset_after
            if self._probe_due() and (not self._probing or probe_lost):
                # A probe that never reported back (its process thread died) frees its slot.
                self._probing = True
                self._probe_started = self._clock()
                return True
            return False

    def record_success(self) -> None:
        with self._lock:
            if self._opened_at is not None:
                self._outcomes.clear()  # a successful probe: start counting afresh
            self._opened_at = None
            self._probing = False
            self._outcomes.append(False)

    def record_failure(self) -> None:
        with self._lock:
            self._outcomes.append(True)
            failing = len(self._outcomes) >= self.min_calls and sum(
                self._outcomes
            ) >= self.failure_ratio * len(self._outcomes)
            if self._probing or failing:
                self._opened_at = self._clock()
            self._probing = False

    def reset(self) -> None:
        with self._lock:
            self._outcomes.clear()
            self._opened_at = None
            self._probing = False

"""How much of a request's time and bytes went to WHMCS (for Server-Timing and benchmarks).

The transport adds to the usage of the current context; the web layer opens one per request.
Outside a request (commands, tests) nothing is recorded.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass
class UpstreamUsage:
    calls: int = 0
    milliseconds: float = 0.0
    bytes_sent: int = 0
    bytes_received: int = 0


_current: ContextVar[UpstreamUsage | None] = ContextVar("whmcs_upstream_usage", default=None)


@contextmanager
def measuring() -> Iterator[UpstreamUsage]:
    usage = UpstreamUsage()
    token = _current.set(usage)
    try:
        yield usage
    finally:
        _current.reset(token)


def record(milliseconds: float, bytes_sent: int, bytes_received: int) -> None:
    usage = _current.get()
    if usage is not None:
        usage.calls += 1
        usage.milliseconds += milliseconds
        usage.bytes_sent += bytes_sent
        usage.bytes_received += bytes_received

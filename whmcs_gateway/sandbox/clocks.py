"""The sandbox clock: the configured clock plus an offset that only moves forward.

Tests of expiry (tokens, bans, promotions) and TOTP move it with
``POST {prefix}__sandbox__/clock`` instead of waiting; a reset puts it back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta


class ShiftableClock:
    def __init__(self, base: Callable[[], datetime]) -> None:
        self.base = base
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return self.base() + self.offset

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            # Going back would let used TOTP codes and expired tokens work again.
            raise ValueError("the sandbox clock only moves forward")
        self.offset += timedelta(seconds=seconds)

    def reset(self) -> None:
        self.offset = timedelta()

"""The world: all sandbox state, shared by every request and guarded by one lock.

``World.lock`` is held by the app around each API request's handler, so a handler may read and
change anything here without further locking. Catalog data is immutable; accounts, sessions,
carts and orders change.
"""

from __future__ import annotations

import secrets
import threading
from collections import deque
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from .loader import load_data
from .passwords import totp_time_step
from .sessions import SessionStore

if TYPE_CHECKING:
    from .accounts import Accounts
    from .catalog import Catalog
    from .config import SandboxConfig


class TotpRefused(ValueError):
    """A second-factor code that is wrong, or right but already used."""


@dataclass
class LoginGuard:
    """WHMCS-style IP ban: too many failed logins within a window bans the address."""

    threshold: int
    window_seconds: int
    ban_seconds: int
    failures: dict[str, deque[datetime]] = field(default_factory=dict)
    banned_until: dict[str, datetime] = field(default_factory=dict)

    def is_banned(self, ip: str, now: datetime) -> bool:
        until = self.banned_until.get(ip)
        if until is None:
            return False
        if now >= until:
            del self.banned_until[ip]
            return False
        return True

    def record_failure(self, ip: str, now: datetime) -> None:
        recent = self.failures.setdefault(ip, deque())
        recent.append(now)
        while recent and now - recent[0] > timedelta(seconds=self.window_seconds):
            recent.popleft()
        if len(recent) >= self.threshold:
            self.banned_until[ip] = now + timedelta(seconds=self.ban_seconds)
            recent.clear()


class World:
    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.lock = threading.RLock()
        self.catalog: Catalog
        self.accounts: Accounts
        self.catalog, self.accounts = load_data(config.data_file)
        # X-Api-State tokens name the world that issued them: a reset logs everyone out.
        self.id = secrets.token_hex(8)
        self.sessions = SessionStore()
        self.login_guard = LoginGuard(
            threshold=config.login_ban_threshold,
            window_seconds=config.login_ban_window_seconds,
            ban_seconds=config.login_ban_seconds,
        )
        # Owned by the cart/checkout modules; created here so a reset clears them too.
        self.carts: dict[str, Any] = {}
        self.orders: list[Any] = []
        # Free slot for other modules' state (e.g. promotion use counts).
        self.extra: dict[str, Any] = {}
        # The last TOTP time step each account signed in with, so a code works only once.
        self.used_totp_steps: dict[tuple[str, int], int] = {}

    def accept_totp(self, account: tuple[str, int], secret: str, code: str) -> None:
        """Check a second-factor code; raises TotpRefused (invalid or replayed) otherwise."""
        step = totp_time_step(secret, code, self.now())
        if step is None:
            raise TotpRefused("The two-factor authentication code is invalid.")
        if step <= self.used_totp_steps.get(account, -1):
            raise TotpRefused(
                "The two-factor authentication code has already been used. "
                "Wait for the next code from your authenticator app."
            )
        self.used_totp_steps[account] = step

    def now(self) -> datetime:
        return self.config.clock()

    def today(self) -> date:
        return self.now().date()

"""Failed-login budgets, one module for customer and staff logins.

WHMCS bans an IP address after repeated failed logins, and every login through the shop comes
from the shop's one address: a ban stops every page that needs WHMCS. So the shop keeps its
own count, strictly below WHMCS's threshold, and refuses a login itself before WHMCS would
count one more failure. It also limits guesses per account and per client address.

A budget is `limit` slots per `window`. An attempt that may fail takes a slot *before* it is
made (an atomic `add` of one slot key); a success gives the slot back, a failure keeps it for
the window. So at any moment at most `limit` failures of the last window exist, however many
attempts run at once and in however many processes: there is no check-then-call gap.

The slots live in the `throttle` cache: Redis when configured (SET NX is atomic across
processes), otherwise a database table (`createcachetable`, run by a migration), where one
transaction per reservation is serialised (PostgreSQL advisory lock; SQLite's IMMEDIATE
transactions). Either way the counts outlive a worker restart (gunicorn's `max_requests`).
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Literal

from django.conf import settings
from django.core import signing
from django.core.cache import BaseCache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction

from whmcs_gateway import conf

THROTTLE_CACHE = "throttle"
# A reserved slot outlives its window by the longest a login call can take, so a failure
# always holds its slot for a whole window after WHMCS counted it.
CALL_MARGIN = 120
# Any number: the advisory lock that serialises reservations on PostgreSQL.
_PG_LOCK = 7_341_001

Scope = Literal["account", "address", "shop"]


def now() -> float:
    return time.time()


@dataclass(frozen=True)
class Budget:
    # Slot keys sort by name in the database cache, and a full table culls the first keys
    # first: WHMCS's budget is named to sort last, so it is the last thing ever culled.
    name: str
    scope: Scope
    limit: int
    window: int


@dataclass(frozen=True)
class Refusal:
    """Logins of this kind refused until `retry_at` (a Unix time)."""

    scope: Scope
    retry_at: float

    @property
    def minutes(self) -> int:
        return max(1, math.ceil((self.retry_at - now()) / 60))

    @property
    def message(self) -> str:
        wait = f"{self.minutes} minute{'s' if self.minutes != 1 else ''}"
        if self.scope == "shop":
            return (
                "Logging in is paused for a few minutes because of many failed attempts. "
                f"Please try again in {wait}."
            )
        return f"Too many failed login attempts. Please try again in {wait}."


@dataclass
class Reservation:
    """Slots taken for one attempt: give them back on success, keep them on failure."""

    slots: list[tuple[Budget, str]] = field(default_factory=list)

    def succeeded(self) -> None:
        if self.slots:
            _store().delete_many([key for _budget, key in self.slots])
        self.slots = []

    def failed(self) -> None:
        store = _store()
        for budget, key in self.slots:
            # Counted from the failure, not from the reservation: WHMCS counts it from now.
            store.set(key, now() + budget.window, timeout=budget.window + CALL_MARGIN)
        self.slots = []


def _store() -> BaseCache:
    return caches[THROTTLE_CACHE]


def subject(value: str) -> str:
    """A slot-key part for an email, a username or an address: hashed, nothing readable."""
    return hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]


def _keys(budget: Budget, who: str) -> list[str]:
    return [f"login-slot:{budget.name}:{who}:{number}" for number in range(budget.limit)]


@contextmanager
def _serialised(store: BaseCache) -> Iterator[None]:
    """Make a reservation's reads and adds one step for every process (see the docstring)."""
    if not isinstance(store, DatabaseCache):
        yield  # Redis's SET NX and the local-memory cache's add are atomic already
        return
    database = router.db_for_write(store.cache_model_class)
    with transaction.atomic(using=database):
        connection = connections[database]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK])
        yield


def reserve(wanted: Sequence[tuple[Budget, str]]) -> Reservation | Refusal:
    """One slot of each budget for `who`, or the refusal of the first budget that is full."""
    store = _store()
    reservation = Reservation()
    with _serialised(store):
        for budget, who in wanted:
            keys = _keys(budget, who)
            taken = next(
                (
                    key
                    for key in keys
                    if store.add(key, now() + budget.window, timeout=budget.window + CALL_MARGIN)
                ),
                None,
            )
            if taken is None:
                reservation.succeeded()  # nothing was attempted: give back what was taken
                held = [when for when in store.get_many(keys).values() if when is not None]
                return Refusal(budget.scope, min(held, default=now() + budget.window))
            reservation.slots.append((budget, taken))
    return reservation


def record_failure(budget: Budget, who: str) -> None:
    """A failure that had no reservation (see `customer_login`): it takes a slot if one is free."""
    result = reserve([(budget, who)])
    if isinstance(result, Reservation):
        result.failed()


def exhaust(budget: Budget, who: str) -> None:
    """Fill every free slot of `who`: no more attempts for the window."""
    while isinstance(result := reserve([(budget, who)]), Reservation):
        result.failed()


def forget(budget: Budget, who: str) -> None:
    """Earlier failures of `who` no longer count (a right password for the account)."""
    _store().delete_many(_keys(budget, who))


# -- the budgets ------------------------------------------------------------------------------

SHOP = "shop"  # the subject of WHMCS's budget: the shop's one address


def whmcs_ban() -> tuple[int, int]:
    """WHMCS's ban threshold and window: the embedded sandbox's own, or the settings'."""
    if conf.is_embedded():
        config = getattr(conf.sandbox_app(), "config", None)
        if config is not None:
            return config.login_ban_threshold, config.login_ban_window_seconds
    return settings.WHMCS_LOGIN_BAN_THRESHOLD, settings.WHMCS_LOGIN_BAN_WINDOW


def whmcs_budget() -> Budget:
    """Failed WHMCS logins (customers' and staff's together) the shop allows per window.

    Strictly below the ban threshold, with a quarter of it (at least one) left for what the
    shop cannot reserve: a login WHMCS refuses right after `ValidateLogin` accepted it.
    """
    threshold, window = whmcs_ban()
    limit = max(1, min(threshold - 1, threshold * 3 // 4))
    return Budget("whmcs-ip", "shop", limit, max(window, settings.LOGIN_FAILURE_WINDOW))


def account_budget(kind: Literal["customer", "staff"]) -> Budget:
    limit = settings.LOGIN_FAILURES_PER_ACCOUNT if kind == "customer" else 5
    return Budget(f"{kind}-account", "account", limit, settings.LOGIN_FAILURE_WINDOW)


def address_budget(kind: Literal["customer", "staff"]) -> Budget:
    limit = settings.LOGIN_FAILURES_PER_ADDRESS if kind == "customer" else 5
    return Budget(f"{kind}-address", "address", limit, settings.LOGIN_FAILURE_WINDOW)


def guesses(
    kind: Literal["customer", "staff"], account: str, address: str
) -> list[tuple[Budget, str]]:
    """The per-account and per-address budgets of one attempt (no address: account only)."""
    wanted = [(account_budget(kind), subject(account))]
    if address:
        wanted.append((address_budget(kind), subject(address)))
    return wanted


# -- known browsers ---------------------------------------------------------------------------
#
# A browser where an account logged in before carries a signed cookie naming it (hashed). Its
# logins to that account are not held back by other people's guesses: no per-address budget
# (an office behind one address, a proxy the settings do not know) and a per-account budget
# of its own (guessers cannot lock the account for it). WHMCS's budget still applies to it.

KNOWN_BROWSER_DAYS = 180
KNOWN_ACCOUNTS_PER_BROWSER = 5
_KNOWN_SALT = "storefront.visitor.known-browser"


def known_browser_cookie_name() -> str:
    # __Host-: only over HTTPS, for this host and path / (as the session cookie).
    return "__Host-known-browser" if settings.SESSION_COOKIE_SECURE else "known-browser"


def known_accounts(cookies: Mapping[str, str]) -> frozenset[str]:
    """The accounts (hashed) that logged in from this browser; none for a forged cookie."""
    raw = cookies.get(known_browser_cookie_name())
    if not raw:
        return frozenset()
    try:
        value = signing.loads(raw, salt=_KNOWN_SALT, max_age=KNOWN_BROWSER_DAYS * 86400)
    except signing.BadSignature:
        return frozenset()
    if not isinstance(value, list):
        return frozenset()
    return frozenset(one for one in value[:KNOWN_ACCOUNTS_PER_BROWSER] if isinstance(one, str))


def known_browser_value(known: frozenset[str], account: str) -> str:
    """The cookie's new value after `account` logged in (newest first, a few at most)."""
    who = subject(account)
    accounts = [who, *sorted(one for one in known if one != who)]
    return signing.dumps(accounts[:KNOWN_ACCOUNTS_PER_BROWSER], salt=_KNOWN_SALT)


def known_account_budget() -> Budget:
    limit = settings.LOGIN_FAILURES_PER_ACCOUNT
    return Budget("customer-known-account", "account", limit, settings.LOGIN_FAILURE_WINDOW)


def customer_guesses(account: str, address: str, known: frozenset[str]) -> list[tuple[Budget, str]]:
    """A customer's budgets: a known browser's own (see above), or the account's and address's."""
    who = subject(account)
    if who in known:
        return [(known_account_budget(), who)]
    return guesses("customer", account, address)


def forget_customer(account: str) -> None:
    """A right password: the account's earlier failures no longer count, anywhere."""
    forget(account_budget("customer"), subject(account))
    forget(known_account_budget(), subject(account))

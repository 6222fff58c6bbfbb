"""Customer accounts: logging in to WHMCS through the shop, the active client, renewals.

Where state lives:

- WHMCS's X-Api-State and the cart id stay with the visitor id (`whmcs_gateway.state`), which
  survives `session.cycle_key()`. Logging in changes what that state may do, not the visitor:
  the guest cart is touched with the logged-in state and so becomes the user's cart.
- The Django session holds only what the header shows (`Visitor.account`: names and client
  accounts, no secret) and, between the password and the code, the half-logged-in step
  (`Visitor.pending_second_factor`), which is not a login: nothing of the account is reachable
  with it.
- Failed logins are counted in the Django cache (Redis across processes), per account, per
  client IP and for the whole shop, so that WHMCS never sees enough failures from the shop's
  one IP address to ban it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import math
import time
from dataclasses import dataclass
from typing import Literal

from django.core.cache import cache

from storefront.visitor.cart import add_items
from storefront.visitor.visitor import Visitor
from whmcs_gateway.errors import (
    Banned,
    InvalidInput,
    NotFound,
    SecondFactorRequired,
    Unauthorized,
    Unavailable,
    WhmcsError,
)
from whmcs_gateway.models import CartContents, DomainRenewal, Service, User
from whmcs_gateway.rest import CartItemRequest, DomainRenewalItem, ServiceRenewalItem, all_items

from .forms import WRONG_CODE, WRONG_CREDENTIALS

logger = logging.getLogger("storefront.account")

# How long the code step may wait after the password step (WHMCS keeps its own limit too).
PENDING_MAX_AGE = 10 * 60

# Failed logins allowed per window before the shop stops asking WHMCS. The shop-wide limit
# must stay below WHMCS's own ban threshold (Setup > Security: 20 by default in the sandbox):
# every customer logs in from the shop's one IP address, and a ban would stop the whole shop.
FAILURE_WINDOW = 15 * 60
FAILURES_PER_ACCOUNT = 10
FAILURES_PER_IP = 10
FAILURES_PER_SHOP = 15

# Refresh the WHMCS state when it has less than this left to live (checked locally, from the
# token's own expiry: no upstream call unless one is due).
KEEPALIVE_MARGIN = 20 * 60

CODE_STEP_EXPIRED = "Your login took too long. Please enter your email and password again."
WHMCS_REFUSING = (
    "Logging in is not possible right now because of a temporary problem with our billing "
    "system. Please try again in a few minutes."
)
LOGIN_EXPIRED = "Your session has expired. Please log in again; your cart is kept."


def now() -> float:
    return time.time()


# -- failed-login throttling ----------------------------------------------------------------


@dataclass(frozen=True)
class Throttled:
    """Logins refused until `retry_at` (a Unix time)."""

    retry_at: float
    scope: Literal["account", "ip", "shop"]

    @property
    def message(self) -> str:
        minutes = max(1, math.ceil((self.retry_at - now()) / 60))
        wait = f"{minutes} minute{'s' if minutes != 1 else ''}"
        if self.scope == "shop":
            return (
                "Logging in is paused for a few minutes because of many failed attempts. "
                f"Please try again in {wait}."
            )
        return f"Too many failed login attempts. Please try again in {wait}."


def _account_key(email: str) -> str:
    # Hashed: the cache needs no readable email addresses.
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


def _throttle_keys(email: str, ip: str) -> list[tuple[Literal["account", "ip", "shop"], str, int]]:
    keys: list[tuple[Literal["account", "ip", "shop"], str, int]] = [
        ("account", f"shop:login-failures:account:{_account_key(email)}", FAILURES_PER_ACCOUNT),
        ("shop", "shop:login-failures:shop", FAILURES_PER_SHOP),
    ]
    if ip:
        keys.insert(1, ("ip", f"shop:login-failures:ip:{ip}", FAILURES_PER_IP))
    return keys


def login_throttled(email: str, ip: str) -> Throttled | None:
    """Whether logins for this account or from this address are refused for now."""
    for scope, key, limit in _throttle_keys(email, ip):
        counted = cache.get_many([key, f"{key}:since"])
        if counted.get(key, 0) >= limit:
            since = counted.get(f"{key}:since", now())
            return Throttled(retry_at=since + FAILURE_WINDOW, scope=scope)
    return None


def record_login_failure(email: str, ip: str) -> None:
    for _scope, key, _limit in _throttle_keys(email, ip):
        # `add` only succeeds for the first failure of a window, so the window (and the
        # retry time said to the customer) is fixed by that failure; `incr` is atomic on Redis.
        cache.add(f"{key}:since", now(), timeout=FAILURE_WINDOW)
        cache.add(key, 0, timeout=FAILURE_WINDOW)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr: this failure starts a new window
            cache.set(key, 1, timeout=FAILURE_WINDOW)


def clear_account_failures(email: str) -> None:
    key = _throttle_keys(email, "")[0][1]
    cache.delete_many([key, f"{key}:since"])


# -- logging in -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LoginOutcome:
    """What a login step came to: logged in, a code to ask for, or why not."""

    status: Literal["logged_in", "second_factor", "refused", "restart"]
    message: str = ""

    @property
    def logged_in(self) -> bool:
        return self.status == "logged_in"


def log_in(visitor: Visitor, email: str, password: str) -> LoginOutcome:
    """The password step: one call to WHMCS unless the shop is throttling this login."""
    ip = visitor.address
    throttled = login_throttled(email, ip)
    if throttled is not None:
        logger.info("Login refused by the shop's throttle (%s)", throttled.scope)
        return LoginOutcome("refused", throttled.message)
    visitor.pending_second_factor = None
    try:
        user = visitor.whmcs.rest.user.login(email, password)
    except SecondFactorRequired:
        # A new session key for the half-logged-in step too: whoever knew the old key (a
        # fixated cookie) must not be the one who finishes this login.
        visitor.rotate_session_key()
        visitor.pending_second_factor = {"email": email, "since": now()}
        return LoginOutcome("second_factor")
    except Unauthorized:
        record_login_failure(email, ip)
        logger.info("Login failed: wrong credentials")
        return LoginOutcome("refused", WRONG_CREDENTIALS)
    except Banned:
        logger.error("WHMCS refuses logins from the shop's address (403 on login)")
        return LoginOutcome("refused", WHMCS_REFUSING)
    except Unavailable:
        return LoginOutcome("refused", WHMCS_REFUSING)
    clear_account_failures(email)
    _start_account_session(visitor, user)
    return LoginOutcome("logged_in")


def code_step_waiting(visitor: Visitor) -> bool:
    """Whether a password step is waiting for its code (and has not waited too long)."""
    pending = visitor.pending_second_factor
    if not pending:
        return False
    if now() - pending.get("since", 0) > PENDING_MAX_AGE:
        visitor.pending_second_factor = None
        return False
    return True


def verify_second_factor(visitor: Visitor, code: str) -> LoginOutcome:
    """The code step, only after a password step of this same session."""
    if not code_step_waiting(visitor):
        return LoginOutcome("restart", CODE_STEP_EXPIRED)
    email = visitor.pending_second_factor["email"]
    ip = visitor.address
    throttled = login_throttled(email, ip)
    if throttled is not None:
        return LoginOutcome("refused", throttled.message)
    try:
        user = visitor.whmcs.rest.user.verify_second_factor(code)
    except SecondFactorRequired:  # 412: WHMCS counts a wrong code as a failed login
        record_login_failure(email, ip)
        logger.info("Second factor refused")
        return LoginOutcome("refused", WRONG_CODE)
    except Unauthorized:  # WHMCS no longer has the password step (expired or replaced)
        visitor.pending_second_factor = None
        return LoginOutcome("restart", CODE_STEP_EXPIRED)
    except (Banned, Unavailable):
        return LoginOutcome("refused", WHMCS_REFUSING)
    clear_account_failures(email)
    _start_account_session(visitor, user)
    return LoginOutcome("logged_in")


def _start_account_session(visitor: Visitor, user: User) -> None:
    """The shop side of a completed login: a new session key, the header's data, the cart."""
    visitor.pending_second_factor = None
    visitor.rotate_session_key()
    selected = next((c.uuid for c in user.clients if c.selected), None)
    if selected is None and len(user.clients) == 1:
        selected = user.clients[0].uuid
    visitor.account = {
        "name": f"{user.firstname} {user.lastname}".strip() or user.email,
        "email": user.email,
        "clients": [
            {"uuid": c.uuid, "label": c.company or f"{user.firstname} {user.lastname}".strip()}
            for c in user.clients
        ],
        "client": selected,
        # Several accounts: the customer says which one to act for before anything else.
        "client_confirmed": len(user.clients) <= 1,
    }
    logger.info("Customer logged in")
    follow_active_client(visitor)


def needs_client_choice(visitor: Visitor) -> bool:
    account = visitor.account
    return bool(account) and not account.get("client_confirmed")


# -- the active client ----------------------------------------------------------------------


def choose_client(visitor: Visitor, client_uuid: str) -> None:
    """Act for another of the user's client accounts; prices and tax follow it."""
    visitor.whmcs.rest.user.select_client(client_uuid)
    account = dict(visitor.account or {})
    account.update(client=client_uuid, client_confirmed=True)
    visitor.account = account
    follow_active_client(visitor)


def follow_active_client(visitor: Visitor) -> None:
    """Bring the visitor's cart under the active client and take on its currency.

    Reading the cart with the logged-in state is what makes WHMCS give a guest cart to the
    user, re-price it in the client's currency and tax it by the client's billing address. The
    client's currency is not in `/user/clients`, so it is read from the cart's totals. Without
    a cart in this browser, the user's latest WHMCS cart (from an earlier visit) is picked up.
    """
    whmcs = visitor.whmcs
    cart_id = whmcs.cart_id
    if not cart_id:
        carts = all_items(whmcs.rest.cart.list)
        cart_id = carts[-1].id if carts else whmcs.rest.cart.create().id
        whmcs.cart_id = cart_id
    try:
        contents = whmcs.rest.cart.get(cart_id)
    except NotFound:
        whmcs.cart_id = cart_id = whmcs.rest.cart.create().id
        contents = whmcs.rest.cart.get(cart_id)
    visitor.remember_cart(contents)
    currency = _currency_of(contents)
    if currency:
        visitor.currency = currency


def _currency_of(contents: CartContents) -> str | None:
    for amount in (contents.totals.total, contents.totals.subtotal):
        if amount is not None and amount.code:
            return amount.code
    return None


# -- logging out, and a login WHMCS no longer accepts --------------------------------------


def log_out(visitor: Visitor) -> None:
    """End the WHMCS session and the shop session; the visitor's WHMCS state is forgotten."""
    if visitor.has_id:
        whmcs = visitor.whmcs
        try:
            whmcs.rest.user.logout()
        except WhmcsError as error:
            # The shop side ends regardless; the forgotten state cannot be used again.
            logger.warning("WHMCS logout failed: %r", error)
        visitor.remember_cart(None)
        whmcs.forget()
    visitor.end_session()
    logger.info("Customer logged out")


def end_expired_login(visitor: Visitor) -> None:
    """WHMCS no longer accepts the customer's state: back to guest, cart kept in WHMCS.

    The cart belongs to the user now, so a guest state cannot read it; its id is dropped from
    the browser and WHMCS hands the cart back at the next login (`follow_active_client`).
    """
    visitor.account = None
    visitor.pending_second_factor = None
    visitor.rotate_session_key()
    whmcs = visitor.whmcs
    whmcs.cart_id = None
    visitor.remember_cart(None)
    drop_visitor_state(visitor)


def drop_visitor_state(visitor: Visitor) -> None:
    """Start the visitor's next WHMCS call with a fresh state (the cart id is kept)."""
    whmcs = visitor.whmcs
    snapshot = whmcs.store.snapshot(whmcs.visitor_id)
    if snapshot.token:
        whmcs.store.store_token(whmcs.visitor_id, None, read=snapshot)


# -- keeping the WHMCS state alive ----------------------------------------------------------


def state_expires_at(token: str | None) -> float | None:
    """The `exp` claim of an X-Api-State, read without verifying it (WHMCS verifies it).

    Only used to decide when to refresh; a token that cannot be read is left alone.
    """
    if not token:
        return None
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        expires = claims["exp"]
    except (IndexError, ValueError, KeyError, TypeError):
        return None
    return float(expires) if isinstance(expires, int | float) else None


StateCheck = Literal["none", "fresh", "refreshed", "expired_guest", "expired_login"]


def check_visitor_state(visitor: Visitor) -> StateCheck:
    """Before a view runs: refresh a state about to expire, or recover from an expired one.

    One cache read per request of a visitor with WHMCS state; an upstream call only when the
    state has less than `KEEPALIVE_MARGIN` left.
    """
    if not visitor.has_id:
        return "none"
    whmcs = visitor.whmcs
    expires = state_expires_at(whmcs.store.snapshot(whmcs.visitor_id).token)
    if expires is None:
        return "none"
    left = expires - now()
    if left <= 0:
        return _expired(visitor)
    if left > KEEPALIVE_MARGIN:
        return "fresh"
    try:
        whmcs.rest.status.keepalive()
    except Unauthorized:
        return _expired(visitor)
    except WhmcsError as error:
        logger.info("Keepalive failed, the page goes on: %r", error)
        return "fresh"
    return "refreshed"


def _expired(visitor: Visitor) -> StateCheck:
    if visitor.account or visitor.pending_second_factor:
        end_expired_login(visitor)
        return "expired_login"
    # A guest cart is reachable by its id alone: a fresh state carries on with it.
    drop_visitor_state(visitor)
    return "expired_guest"


# -- services, domains and renewals ---------------------------------------------------------


def services_of_active_client(visitor: Visitor) -> list[Service]:
    return all_items(visitor.whmcs.rest.account.services)


def domains_of_active_client(visitor: Visitor) -> list[DomainRenewal]:
    return all_items(visitor.whmcs.rest.account.domains)


RenewalKind = Literal["service", "addon", "domain"]

RENEWED = {
    "service": "The service renewal is in your cart.",
    "addon": "The addon renewal is in your cart.",
    "domain": "The domain renewal is in your cart.",
}


def renewal_item(kind: RenewalKind, record_id: int, period: int | None) -> CartItemRequest:
    if kind == "domain":
        return DomainRenewalItem(record_id, period or 1)
    return ServiceRenewalItem(record_id, "addon_renewal" if kind == "addon" else "service_renewal")


@dataclass(frozen=True)
class RenewalOutcome:
    added: bool
    message: str


def renew(
    visitor: Visitor, kind: RenewalKind, record_id: int, period: int | None, once_token: str
) -> RenewalOutcome:
    """Put one renewal in the cart: one upstream call (plus a new cart when there is none)."""
    try:
        state = add_items(visitor, [renewal_item(kind, record_id, period)], once_token=once_token)
    except (InvalidInput, NotFound) as refused:
        return RenewalOutcome(False, f"This cannot be renewed: {refused.message}")
    if state.repeated:
        return RenewalOutcome(True, "That renewal was already added to your cart.")
    return RenewalOutcome(True, RENEWED[kind])

"""Customer accounts: logging in to WHMCS through the shop, the active client, renewals.

Where state lives:

- WHMCS's X-Api-State and the cart id stay with the visitor id (`whmcs_gateway.state`), which
  survives `session.cycle_key()`. Logging in changes what that state may do, not the visitor:
  the guest cart is touched with the logged-in state and so becomes the user's cart.
- The Django session holds only what the header shows (`Visitor.account`: names and client
  accounts, no secret) and, between the password and the code, the half-logged-in step
  (`Visitor.pending_second_factor`), which is not a login: nothing of the account is reachable
  with it.
- Failed logins are counted by `storefront.visitor.throttle` (per account, per client address,
  and WHMCS's budget for the shop's one address), so that WHMCS never sees enough failures
  from the shop to ban it.
"""

from __future__ import annotations

import base64
import json
import logging
import time
from dataclasses import dataclass
from typing import Literal

from storefront.visitor import clients, throttle
from storefront.visitor.cart import add_items
from storefront.visitor.visitor import Visitor, prices_of
from whmcs_gateway.errors import (
    Banned,
    ClassicApiError,
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
    """The password step. The password is checked server to server first (`ValidateLogin`,
    which WHMCS does not count towards its IP ban), and a REST login is only spent on a right
    one: wrong guesses, however many, never bring the shop near a ban and never pause the
    customers who know their passwords. Guesses are limited per account and per address; a
    browser the account logged in from before is held back by neither (`throttle`).
    """
    wanted = throttle.customer_guesses(email, visitor.address, visitor.known_accounts)
    guess = throttle.reserve(wanted)
    if isinstance(guess, throttle.Refusal):
        logger.info("Login refused by the shop's throttle (%s)", guess.scope)
        return LoginOutcome("refused", guess.message)
    visitor.pending_second_factor = None
    try:
        validated = _validate_login(visitor, email, password)
    except Unavailable:
        guess.succeeded()  # nothing was tried
        return LoginOutcome("refused", WHMCS_REFUSING)
    if validated is False:
        guess.failed()
        logger.info("Login failed: wrong credentials")
        return LoginOutcome("refused", WRONG_CREDENTIALS)
    # Right (or unknown when the classic API cannot say): the REST login may still fail, and
    # then WHMCS counts it; only an attempt of unknown outcome needs a slot of its budget.
    shop: throttle.Reservation | throttle.Refusal = throttle.Reservation()
    if validated is None:
        shop = throttle.reserve([(throttle.whmcs_budget(), throttle.SHOP)])
        if isinstance(shop, throttle.Refusal):
            guess.succeeded()
            logger.warning("Login refused: the shop's budget of failed WHMCS logins is spent")
            return LoginOutcome("refused", shop.message)
    try:
        user = visitor.whmcs.rest.user.login(email, password)
    except SecondFactorRequired:
        shop.succeeded()
        guess.succeeded()
        # A new session key for the half-logged-in step too: whoever knew the old key (a
        # fixated cookie) must not be the one who finishes this login.
        visitor.rotate_session_key()
        visitor.pending_second_factor = {"email": email, "since": now()}
        return LoginOutcome("second_factor")
    except Unauthorized:
        shop.failed()
        guess.failed()
        if validated:
            # WHMCS refused at REST what ValidateLogin accepted: that failure had no slot,
            # so count it now and stop this account's attempts for the window.
            logger.warning("WHMCS refused a login that ValidateLogin accepted")
            throttle.record_failure(throttle.whmcs_budget(), throttle.SHOP)
            throttle.exhaust(*wanted[0])
        logger.info("Login failed: wrong credentials")
        return LoginOutcome("refused", WRONG_CREDENTIALS)
    except Banned:
        shop.failed()
        guess.succeeded()
        logger.error("WHMCS refuses logins from the shop's address (403 on login)")
        return LoginOutcome("refused", WHMCS_REFUSING)
    except Unavailable:
        shop.succeeded()
        guess.succeeded()
        return LoginOutcome("refused", WHMCS_REFUSING)
    shop.succeeded()
    guess.succeeded()
    throttle.forget_customer(email)
    visitor.newly_known = email
    _start_account_session(visitor, user)
    return LoginOutcome("logged_in")


def _validate_login(visitor: Visitor, email: str, password: str) -> bool | None:
    """Whether the password is right, by the classic API; None when it cannot tell."""
    try:
        return clients.classic_api().validate_login(email, password) is not None
    except ClassicApiError as error:
        # Not configured for it (credentials, allowed addresses): fall back to a REST login
        # under the shop's budget, which still keeps WHMCS from banning the shop.
        logger.warning("ValidateLogin is not available, logins use the REST budget: %s", error)
        return None


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
    """The code step, only after a password step of this same session.

    WHMCS counts a wrong code as a failed login, so each attempt takes a slot of the shop's
    budget as well as of the account's and the address's.
    """
    if not code_step_waiting(visitor):
        return LoginOutcome("restart", CODE_STEP_EXPIRED)
    email = visitor.pending_second_factor["email"]
    wanted = throttle.customer_guesses(email, visitor.address, visitor.known_accounts)
    attempt = throttle.reserve([*wanted, (throttle.whmcs_budget(), throttle.SHOP)])
    if isinstance(attempt, throttle.Refusal):
        return LoginOutcome("refused", attempt.message)
    try:
        user = visitor.whmcs.rest.user.verify_second_factor(code)
    except SecondFactorRequired:  # 412: WHMCS counts a wrong code as a failed login
        attempt.failed()
        logger.info("Second factor refused")
        return LoginOutcome("refused", WRONG_CODE)
    except Unauthorized:  # WHMCS no longer has the password step (expired or replaced)
        attempt.succeeded()
        visitor.pending_second_factor = None
        return LoginOutcome("restart", CODE_STEP_EXPIRED)
    except Banned:
        attempt.failed()
        return LoginOutcome("refused", WHMCS_REFUSING)
    except Unavailable:
        attempt.succeeded()
        return LoginOutcome("refused", WHMCS_REFUSING)
    attempt.succeeded()
    throttle.forget_customer(email)
    visitor.newly_known = email
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
    before = visitor.remembered_prices() if whmcs.cart_id else None
    cart_id = whmcs.cart_id
    if not cart_id:
        carts = all_items(whmcs.rest.cart.list)
        cart_id = carts[-1].id if carts else whmcs.rest.cart.create().id
        whmcs.cart_id = cart_id
    try:
        contents = whmcs.rest.cart.contents(cart_id)
    except NotFound:
        whmcs.cart_id = cart_id = whmcs.rest.cart.create().id
        contents = whmcs.rest.cart.contents(cart_id)
    visitor.remember_cart(contents)
    currency = _currency_of(contents)
    if currency:
        visitor.currency = currency
    visitor.cart_repriced = repricing_note(before, prices_of(contents))


def repricing_note(before: dict | None, after: dict | None) -> str:
    """What a login changed in the cart's prices, and why; "" when nothing changed."""
    if not before or not after:
        return ""
    said = []
    if before["currency"] != after["currency"]:
        said.append(
            f"Prices in your cart are now in {after['currency']}, your account's currency "
            f"(they were in {before['currency']})."
        )
    if before["taxes"] != after["taxes"]:
        taxes = ", ".join(after["taxes"]) or "no tax"
        said.append(f"Tax now follows your account's billing address: {taxes}.")
    if said and before["total"] != after["total"]:
        said.append(f"Due today is now {after['total']} (was {before['total']}).")
    return " ".join(said)


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
        cart = add_items(visitor, [renewal_item(kind, record_id, period)], once_token=once_token)
    except (InvalidInput, NotFound) as refused:
        return RenewalOutcome(False, f"This cannot be renewed: {refused.message}")
    if cart.repeated:
        return RenewalOutcome(True, "That renewal was already added to your cart.")
    return RenewalOutcome(True, RENEWED[kind])

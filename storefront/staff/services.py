"""The staff console: admin login, masquerading, cart inspection, orders and the audit log.

Where the state lives:

- The Django session marks a staff login (`Visitor.staff_member`, separate from anything a
  customer login keeps) and a running masquerade (`Visitor.masquerade`).
- The admin's WHMCS X-Api-State lives in the gateway's per-visitor store (`whmcs_gateway.state`)
  under its own visitor id (`StaffMember.visitor`), never beside the shopping visitor's.
- WHMCS masquerades inside the admin's own API session, and that session has one chain of
  tokens (only the latest is accepted). So during a masquerade the admin's token is *moved* to
  a fresh visitor id, which becomes the browser's `Visitor.id`: the customer side
  (`Visitor.whmcs`) and the staff console then share one token chain and one lock. Stopping
  moves it back and restores the staff member's own shopping visitor id.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils import timezone

from storefront.visitor import clients, throttle
from storefront.visitor.cart import errors_by_item
from storefront.visitor.records import MASQUERADE_MAX_AGE, Masquerade, StaffMember
from storefront.visitor.visitor import Visitor, new_visitor_id
from whmcs_gateway import conf
from whmcs_gateway.classic import ClassicApi, ClassicList
from whmcs_gateway.errors import (
    Banned,
    ClassicApiError,
    NotFound,
    SecondFactorRequired,
    Unauthorized,
    WhmcsError,
)
from whmcs_gateway.models import AdminUser, CartContents, Page
from whmcs_gateway.rest import all_items
from whmcs_gateway.visitor import VisitorGateway

from .audit import audit
from .models import AuditEntry, StaffAccount

logger = logging.getLogger("storefront.staff")

SEARCH_PAGE_SIZE = 25
ORDERS_PAGE_SIZE = 25
AUDIT_PAGE_SIZE = 50
CARTS_PAGE_SIZE = 25

Action = AuditEntry.Action
Outcome = AuditEntry.Outcome


# -- who is signed in -------------------------------------------------------------------------


# -- the audit log ----------------------------------------------------------------------------


def audit_entries(
    *,
    actor: str = "",
    action: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    page: int = 1,
) -> PaginatorPage:
    entries: QuerySet[AuditEntry] = AuditEntry.objects.all()
    if actor:
        entries = entries.filter(actor__iexact=actor)
    if action:
        entries = entries.filter(action=action)
    if date_from:
        entries = entries.filter(created_at__date__gte=date_from)
    if date_to:
        entries = entries.filter(created_at__date__lte=date_to)
    return Paginator(entries, AUDIT_PAGE_SIZE).get_page(page)


# -- login and logout -------------------------------------------------------------------------


@dataclass(frozen=True)
class LoginOutcome:
    done: bool = False
    needs_second_factor: bool = False
    problem: str = ""


def _reserve_attempt(visitor: Visitor, username: str) -> throttle.Reservation | str:
    """Slots for one admin login attempt, or why there is none.

    Every customer and every admin reach WHMCS from the shop's one address, and a wrong admin
    password is a failed login WHMCS counts towards its ban: each attempt takes a slot of
    WHMCS's budget for the shop (shared with customers' logins), and of the username's and
    the address's, before WHMCS is asked.
    """
    wanted = throttle.guesses("staff", username, visitor.address)
    attempt = throttle.reserve([*wanted, (throttle.whmcs_budget(), throttle.SHOP)])
    if isinstance(attempt, throttle.Refusal):
        if attempt.scope == "shop":
            return attempt.message
        wait = f"{attempt.minutes} minute{'s' if attempt.minutes != 1 else ''}"
        return f"Too many failed logins. Please wait {wait} before trying again."
    return attempt


def log_in(visitor: Visitor, username: str, password: str) -> LoginOutcome:
    """The password step of an admin login; WHMCS answers 412 when a second factor is due."""
    attempt = _reserve_attempt(visitor, username)
    if isinstance(attempt, str):
        audit(visitor, Action.LOGIN, Outcome.REFUSED, actor=username, detail=attempt)
        return LoginOutcome(problem=attempt)
    end_staff_session(visitor, reason="a new staff login")
    admin_state = new_visitor_id()
    gateway = visitor.staff_whmcs(admin_state)
    try:
        admin = gateway.rest.admin.login(username, password)
    except SecondFactorRequired:
        attempt.succeeded()
        visitor.staff_pending_login = {"username": username, "visitor": admin_state}
        return LoginOutcome(needs_second_factor=True)
    except (Unauthorized, Banned) as refused:
        attempt.failed()
        gateway.forget()
        audit(visitor, Action.LOGIN, Outcome.FAILURE, actor=username, detail=refused.message)
        return LoginOutcome(problem=refused.message)
    except WhmcsError:
        attempt.succeeded()  # not a login WHMCS counted (unreachable, failing)
        raise
    attempt.succeeded()
    _signed_in(visitor, username, admin_state, admin.firstname, admin.lastname, admin.email)
    return LoginOutcome(done=True)


def pending_login(visitor: Visitor) -> str | None:
    """The username waiting for its second factor, if any."""
    pending = visitor.staff_pending_login
    return pending["username"] if pending else None


def verify_second_factor(visitor: Visitor, code: str) -> LoginOutcome:
    pending = visitor.staff_pending_login
    if not pending:
        return LoginOutcome(problem="Please log in with your username and password first.")
    username = pending["username"]
    attempt = _reserve_attempt(visitor, username)
    if isinstance(attempt, str):
        audit(visitor, Action.LOGIN, Outcome.REFUSED, actor=username, detail=attempt)
        return LoginOutcome(problem=attempt)
    gateway = visitor.staff_whmcs(pending["visitor"])
    try:
        admin = gateway.rest.admin.verify_second_factor(code)
    except SecondFactorRequired as wrong:
        attempt.failed()
        audit(visitor, Action.LOGIN, Outcome.FAILURE, actor=username, detail=wrong.message)
        return LoginOutcome(needs_second_factor=True, problem=wrong.message)
    except (Unauthorized, Banned) as refused:
        attempt.failed()
        visitor.staff_pending_login = None
        gateway.forget()
        audit(visitor, Action.LOGIN, Outcome.FAILURE, actor=username, detail=refused.message)
        return LoginOutcome(problem=refused.message)
    except WhmcsError:
        attempt.succeeded()
        raise
    attempt.succeeded()
    _signed_in(visitor, username, pending["visitor"], admin.firstname, admin.lastname, admin.email)
    return LoginOutcome(done=True)


def _signed_in(
    visitor: Visitor, username: str, admin_state: str, first: str, last: str, email: str
) -> None:
    visitor.staff_pending_login = None
    # A new privilege level gets a new session key (no fixation of a pre-login session id).
    visitor.rotate_session_key()
    visitor.staff_member = StaffMember(
        username=username,
        name=f"{first} {last}".strip() or username,
        email=email,
        visitor=admin_state,
    )
    StaffAccount.objects.update_or_create(
        username=username, defaults={"email": email, "last_login": timezone.now()}
    )
    audit(visitor, Action.LOGIN, Outcome.SUCCESS, actor=username, target=email)


def log_out(visitor: Visitor) -> None:
    """End the masquerade, the admin's WHMCS session and the staff mark, in that order."""
    member = visitor.staff_member
    if member is None:
        return
    end_staff_session(visitor, reason="staff logout")
    audit(visitor, Action.LOGOUT, Outcome.SUCCESS, actor=member.username)
    visitor.rotate_session_key()


def end_staff_session(visitor: Visitor, *, reason: str) -> None:
    member = visitor.staff_member
    if visitor.masquerade:
        stop_masquerade(visitor, reason=reason)
    visitor.staff_pending_login = None
    if member is None:
        return
    gateway = visitor.staff_whmcs(member.visitor)
    try:
        gateway.rest.admin.logout()
    except WhmcsError as error:
        # Already gone at WHMCS (expired) or unreachable: the shop forgets it either way.
        logger.info("Admin logout at WHMCS failed: %s", error.message)
    gateway.forget()
    visitor.staff_member = None


def forget_expired_admin_session(visitor: Visitor) -> None:
    """WHMCS no longer knows the admin's session: drop the shop's side of it, quietly."""
    member = visitor.staff_member
    if visitor.masquerade:
        _restore_shopping_visitor(visitor)
    if member:
        visitor.staff_whmcs(member.visitor).forget()
    visitor.staff_member = None
    visitor.rotate_session_key()


# -- searching --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchResults:
    page: Page[Any]
    staff_emails: frozenset[str]


def search(visitor: Visitor, kind: str, query: str, page: int) -> SearchResults:
    admin = visitor.staff_whmcs().rest.admin
    finder = admin.search_users if kind == "users" else admin.search_clients
    found = finder(query, page=page, page_size=SEARCH_PAGE_SIZE)
    return SearchResults(page=found, staff_emails=staff_emails(visitor))


def staff_emails(visitor: Visitor) -> frozenset[str]:
    emails = {e.lower() for e in StaffAccount.objects.values_list("email", flat=True) if e}
    member = visitor.staff_member
    if member and member.email:
        emails.add(member.email.lower())
    return frozenset(emails)


# -- masquerading -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MasqueradeOutcome:
    masquerade: Masquerade | None = None
    problem: str = ""


STAFF_TARGET_REFUSED = (
    "That account belongs to a member of staff. Staff accounts cannot be masqueraded as."
)


def start_masquerade(visitor: Visitor, kind: str, target_id: int) -> MasqueradeOutcome:
    if visitor.masquerade:
        stop_masquerade(visitor, reason="switched to another customer")
    member = visitor.staff_member
    assert member is not None
    target = f"{kind} #{target_id}"
    gateway = visitor.staff_whmcs()
    admin = gateway.rest.admin
    try:
        customer = (admin.masquerade_user if kind == "user" else admin.masquerade_client)(target_id)
    except NotFound as missing:
        audit(
            visitor, Action.MASQUERADE_START, Outcome.FAILURE, target=target, detail=missing.message
        )
        return MasqueradeOutcome(problem=f"WHMCS says: {missing.message}")
    if _is_staff_account(visitor, customer):
        # WHMCS has already signed the customer in on the admin's session: sign them out again.
        _sign_out_customer(gateway)
        audit(
            visitor,
            Action.MASQUERADE_START,
            Outcome.REFUSED,
            target=f"{target} {customer.email}",
            detail=STAFF_TARGET_REFUSED,
        )
        return MasqueradeOutcome(problem=STAFF_TARGET_REFUSED)

    customer_state = new_visitor_id()
    _move_whmcs_state(member.visitor, customer_state)
    masquerade = Masquerade(
        customer_name=f"{customer.firstname} {customer.lastname}".strip() or customer.email,
        customer_email=customer.email,
        kind=kind,
        target_id=target_id,
        visitor=customer_state,
        own_visitor=visitor.id if visitor.has_id else None,
        started_at=timezone.now().timestamp(),
        own_account=visitor.account,
    )
    visitor.rotate_session_key()
    visitor.masquerade = masquerade
    visitor.id = customer_state
    # The header's account area shows the customer, as it does for them.
    visitor.account = _account_header_of(customer)
    _open_customers_latest_cart(visitor)
    audit(
        visitor, Action.MASQUERADE_START, Outcome.SUCCESS, target=f"{target} {masquerade.customer}"
    )
    return MasqueradeOutcome(masquerade=masquerade)


def _account_header_of(customer: AdminUser) -> dict[str, Any]:
    """The customer as the account feature keeps a login in the session (names, no secret)."""
    name = f"{customer.firstname} {customer.lastname}".strip() or customer.email
    selected = next((c.uuid for c in customer.clients if c.selected), None)
    return {
        "name": name,
        "email": customer.email,
        "clients": [{"uuid": c.uuid, "label": c.company or name} for c in customer.clients],
        "client": selected,
        "client_confirmed": True,
    }


def _is_staff_account(visitor: Visitor, customer: AdminUser) -> bool:
    return customer.email.lower() in staff_emails(visitor)


def _sign_out_customer(gateway: VisitorGateway) -> None:
    try:
        gateway.rest.user.logout()
    except WhmcsError as error:
        logger.warning("Could not end a refused masquerade at WHMCS: %s", error.message)


def _open_customers_latest_cart(visitor: Visitor) -> None:
    """Give the shop's cart page the customer's cart, as they would see it."""
    gateway = visitor.staff_whmcs()
    try:
        # Every page: the latest cart is the last of the last page.
        carts = all_items(gateway.rest.cart.list)
    except WhmcsError as error:
        logger.info("Could not list the customer's carts: %s", error.message)
        return
    if carts:
        gateway.cart_id = carts[-1].id


def stop_masquerade(visitor: Visitor, *, reason: str = "stopped by staff") -> Masquerade | None:
    masquerade = visitor.masquerade
    if masquerade is None:
        return None
    _sign_out_customer(visitor.staff_whmcs(masquerade.visitor))
    _restore_shopping_visitor(visitor)
    visitor.rotate_session_key()
    audit(
        visitor,
        Action.MASQUERADE_STOP,
        Outcome.SUCCESS,
        target=f"{masquerade.kind} #{masquerade.target_id} {masquerade.customer}",
        detail=reason,
    )
    return masquerade


def _restore_shopping_visitor(visitor: Visitor) -> None:
    masquerade = visitor.masquerade
    member = visitor.staff_member
    if masquerade is None or member is None:
        visitor.masquerade = None
        return
    _move_whmcs_state(masquerade.visitor, member.visitor)
    conf.state_store().forget(masquerade.visitor)
    visitor.id = masquerade.own_visitor
    visitor.account = masquerade.own_account
    visitor.masquerade = None


def _move_whmcs_state(source: str, destination: str) -> None:
    """Hand the admin's token chain from one visitor id to another, under both locks."""
    store = conf.state_store()
    with store.locked(source) as held, store.locked(destination) as target:
        if held.token:
            store.store_token(destination, held.token, read=target)
        store.store_token(source, None, read=held)


def expire_masquerade(visitor: Visitor) -> Masquerade | None:
    """Stop a masquerade older than MASQUERADE_MAX_AGE; returns it when it was stopped."""
    masquerade = visitor.masquerade
    if masquerade is None or not masquerade.has_expired(timezone.now()):
        return None
    minutes = int(MASQUERADE_MAX_AGE.total_seconds() // 60)
    return stop_masquerade(visitor, reason=f"ended automatically after {minutes} minutes")


def audit_cart_change(visitor: Visitor, path: str, status: int) -> None:
    masquerade = visitor.masquerade
    audit(
        visitor,
        Action.CART_CHANGE,
        Outcome.SUCCESS if status < 400 else Outcome.FAILURE,
        target=f"{masquerade.customer if masquerade else ''} {path}".strip(),
        detail=f"HTTP {status}",
    )


# -- the customer's carts ---------------------------------------------------------------------


@dataclass
class CartInspection:
    cart_id: str
    contents: CartContents | None
    errors_by_item: dict[str, list[str]] = field(default_factory=dict)
    problem: str = ""


def customers_carts(visitor: Visitor, page: int) -> Page[Any]:
    return visitor.staff_whmcs().rest.cart.list(page=page, page_size=CARTS_PAGE_SIZE)


def inspect_cart(visitor: Visitor, cart_id: str) -> CartInspection:
    """Contents and WHMCS's validation errors of one of the customer's carts; audited."""
    cart = visitor.staff_whmcs().rest.cart
    masquerade = visitor.masquerade
    target = f"cart {cart_id} of {masquerade.customer if masquerade else 'unknown'}"
    try:
        contents = cart.contents(cart_id)
        errors = errors_by_item(cart.validate(cart_id))
    except NotFound as missing:
        audit(visitor, Action.CART_VIEW, Outcome.FAILURE, target=target, detail=missing.message)
        return CartInspection(cart_id, None, problem=f"WHMCS says: {missing.message}")
    audit(visitor, Action.CART_VIEW, Outcome.SUCCESS, target=target)
    return CartInspection(cart_id, contents, errors)


# -- orders, promotions and products (classic API) --------------------------------------------


def classic_api() -> ClassicApi:
    return clients.classic_api()


def whmcs_words(error: WhmcsError) -> str:
    """WHMCS's own message, without the action name the gateway puts in front of it."""
    body = error.body
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        return body["message"]
    return error.message


@dataclass(frozen=True)
class OrderList:
    orders: list[dict[str, Any]]
    statuses: list[dict[str, Any]]
    status: str
    page: int
    total: int

    @property
    def page_count(self) -> int:
        return max(1, -(-self.total // ORDERS_PAGE_SIZE))

    @property
    def has_next(self) -> bool:
        return self.page < self.page_count

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def order_statuses() -> list[dict[str, Any]]:
    return classic_api().get_order_statuses().items


def list_orders(status: str, page: int) -> OrderList:
    classic = classic_api()
    found = classic.get_orders(
        status=status or None, limitstart=(page - 1) * ORDERS_PAGE_SIZE, limitnum=ORDERS_PAGE_SIZE
    )
    return OrderList(found.items, order_statuses(), status, page, found.totalresults)


def find_order(order_id: int) -> dict[str, Any] | None:
    found = classic_api().get_orders(id=order_id, limitnum=1)
    return found.items[0] if found.items else None


@dataclass(frozen=True)
class OrderAction:
    slug: str
    label: str
    warning: str
    run: Callable[[ClassicApi, int], dict[str, Any]]
    done: str


ORDER_ACTIONS = {
    action.slug: action
    for action in (
        OrderAction(
            "accept",
            "Accept order",
            "The order's services are set up and its domains registered as configured.",
            lambda api, order_id: api.accept_order(order_id),
            "Order accepted.",
        ),
        OrderAction(
            "pending",
            "Set to pending",
            "The order and all its items go back to Pending.",
            lambda api, order_id: api.pending_order(order_id),
            "Order set to pending.",
        ),
        OrderAction(
            "cancel",
            "Cancel order",
            "The pending order and its items are cancelled.",
            lambda api, order_id: api.cancel_order(order_id),
            "Order cancelled.",
        ),
        OrderAction(
            "fraud",
            "Mark as fraud",
            "The order is marked fraudulent and its items are cancelled.",
            lambda api, order_id: api.fraud_order(order_id),
            "Order marked as fraud.",
        ),
        OrderAction(
            "fraud-check",
            "Run fraud check",
            "WHMCS runs its fraud module on the order again.",
            lambda api, order_id: api.order_fraud_check(order_id),
            "Fraud check finished.",
        ),
        OrderAction(
            "delete",
            "Delete order",
            "The order and everything it created (services, domains, invoices) are removed. "
            "This cannot be undone.",
            lambda api, order_id: api.delete_order(order_id),
            "Order deleted.",
        ),
    )
}


@dataclass(frozen=True)
class OrderActionOutcome:
    succeeded: bool
    message: str


def run_order_action(visitor: Visitor, order_id: int, action: OrderAction) -> OrderActionOutcome:
    target = f"order #{order_id}: {action.slug}"
    try:
        answer = action.run(classic_api(), order_id)
    except ClassicApiError as refused:
        words = whmcs_words(refused)
        audit(visitor, Action.ORDER_ACTION, Outcome.FAILURE, target=target, detail=words)
        return OrderActionOutcome(False, f"WHMCS refused: {words}")
    message = action.done
    if action.slug == "fraud-check" and answer.get("status"):
        message = f"Fraud check result: {answer['status']}."
    audit(visitor, Action.ORDER_ACTION, Outcome.SUCCESS, target=target, detail=message)
    return OrderActionOutcome(True, message)


def promotions() -> ClassicList:
    return classic_api().get_promotions()


def products() -> ClassicList:
    return classic_api().get_products()

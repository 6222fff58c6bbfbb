"""One visitor of the shop: a browser's session with us and its WHMCS API session.

`request.visitor` (set by `VisitorMiddleware`) is what views hand to services; services take a
`Visitor`, never a request. Everything the shop keeps of a visitor is read and written here
(its keys are in `keys.py`), so no feature reaches into another feature's session data.

Reading never creates anything: a visitor who only browses the cached catalog gets no session
cookie and no WHMCS state. The id, and with it a session, is made on first use of `id`.
"""

from __future__ import annotations

import secrets
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.core.cache import cache

from whmcs_gateway.errors import Unauthorized

from . import clients, keys
from .records import AccountMenu, Masquerade, StaffMember

if TYPE_CHECKING:
    from django.contrib.sessions.backends.base import SessionBase

    from whmcs_gateway.catalog import Catalog
    from whmcs_gateway.models import CartContents
    from whmcs_gateway.rest import RestApi
    from whmcs_gateway.visitor import VisitorGateway

# The header's counter and the item ids outlive a browsing session by far: a cart does too.
CART_COUNTER_TTL = 60 * 60 * 24


def new_visitor_id() -> str:
    return secrets.token_urlsafe(18)


def prices_of(contents: CartContents | None) -> dict[str, Any] | None:
    """A cart's currency, tax lines and total, as WHMCS wrote them."""
    if contents is None or not contents.items or contents.totals.total is None:
        return None
    totals = contents.totals
    return {
        "currency": totals.total.code,
        "taxes": [f"{t.name} ({t.percentage.normalize():f}%)" for t in totals.taxes],
        "total": totals.total.display_value,
    }


class Visitor:
    def __init__(
        self,
        session: SessionBase,
        *,
        address: str = "",
        request_id: str | None = None,
        known_accounts: frozenset[str] = frozenset(),
    ) -> None:
        self.session = session
        # The browser's address as the shop trusts it (see `addresses`), sent to WHMCS.
        self.address = address
        self.request_id = request_id
        # Accounts that logged in from this browser before (throttle's known-browser cookie),
        # and the one that just did (the middleware then renews the cookie).
        self.known_accounts = known_accounts
        self.newly_known: str | None = None

    # -- identity --------------------------------------------------------------------------

    @property
    def has_id(self) -> bool:
        """Whether this browser already has WHMCS state with us (so a cart may exist)."""
        return bool(self.session.get(keys.VISITOR_ID))

    @property
    def id(self) -> str:
        """The visitor's stable id, made on first use; it survives session key rotation."""
        value = self.session.get(keys.VISITOR_ID)
        if not value:
            value = self.session[keys.VISITOR_ID] = new_visitor_id()
        return value

    @id.setter
    def id(self, value: str | None) -> None:
        # A staff masquerade lends the browser another visitor id, and gives it back after.
        if value:
            self.session[keys.VISITOR_ID] = value
        else:
            self.session.pop(keys.VISITOR_ID, None)

    def rotate_session_key(self) -> None:
        """A new session key for a new privilege level (no fixation of the old cookie)."""
        self.session.cycle_key()

    def end_session(self) -> None:
        self.session.flush()

    # -- WHMCS clients ---------------------------------------------------------------------

    @cached_property
    def whmcs(self) -> VisitorGateway:
        """The visitor's WHMCS API session (X-Api-State, cart id, lock)."""
        return clients.visitor_gateway(
            lambda: self.id,
            address=self.address,
            request_id=self.request_id,
            currency=lambda: self.currency,
        )

    def staff_whmcs(self, state_of: str | None = None) -> VisitorGateway:
        """The WHMCS admin's API session of the staff member signed in here (the masquerade's
        state while one runs), or the one kept under `state_of`."""
        if state_of is None:
            masquerade, member = self.masquerade, self.staff_member
            state_of = masquerade.visitor if masquerade else member.visitor if member else ""
        if not state_of:
            raise Unauthorized("You are not logged in to the staff console.")
        chosen = state_of
        return clients.visitor_gateway(
            lambda: chosen, address=self.address, request_id=self.request_id
        )

    @property
    def catalog(self) -> Catalog:
        """The cached catalog, priced in the visitor's currency."""
        return clients.catalog(self.currency)

    def lookups(self) -> RestApi:
        """REST lookups in the visitor's currency without their X-Api-State (domain search)."""
        return clients.stateless_rest(
            address=self.address, request_id=self.request_id, currency=self.currency
        )

    # -- preferences -----------------------------------------------------------------------

    @property
    def currency(self) -> str | None:
        """The currency the visitor chose or their account has, if any."""
        return self.session.get(keys.CURRENCY)

    @currency.setter
    def currency(self, code: str | None) -> None:
        if code:
            self.session[keys.CURRENCY] = code
        else:
            self.session.pop(keys.CURRENCY, None)

    # -- the logged-in customer ------------------------------------------------------------

    @property
    def account(self) -> dict[str, Any] | None:
        """The logged-in customer as the header shows them, or None."""
        return self.session.get(keys.ACCOUNT)

    @account.setter
    def account(self, value: dict[str, Any] | None) -> None:
        if value:
            self.session[keys.ACCOUNT] = value
        else:
            self.session.pop(keys.ACCOUNT, None)

    @property
    def account_menu(self) -> AccountMenu | None:
        account = self.account
        if not account:
            return None
        label = next((c["label"] for c in account["clients"] if c["uuid"] == account["client"]), "")
        return AccountMenu(account["name"], label, len(account["clients"]) > 1)

    @property
    def pending_second_factor(self) -> dict[str, Any] | None:
        return self.session.get(keys.PENDING_SECOND_FACTOR)

    @pending_second_factor.setter
    def pending_second_factor(self, value: dict[str, Any] | None) -> None:
        if value:
            self.session[keys.PENDING_SECOND_FACTOR] = value
        else:
            self.session.pop(keys.PENDING_SECOND_FACTOR, None)

    # -- the cart as last seen (no WHMCS call) ---------------------------------------------

    def remember_cart(self, contents: CartContents | None) -> None:
        """Keep the header's count, the item ids (one-time tokens compare them) and the cart's
        currency, tax and total (a login that changes them says so)."""
        items = contents.items if contents is not None else []
        ids = [item_id for item in items if (item_id := getattr(item, "item_id", None))]
        cache.set(
            keys.cart_counter(self.id),
            {"count": len(items), "ids": ids, "prices": prices_of(contents)},
            timeout=CART_COUNTER_TTL,
        )

    def remembered_prices(self) -> dict[str, Any] | None:
        """The cart's currency, taxes and total as last seen (None: nothing remembered)."""
        if not self.has_id:
            return None
        return (cache.get(keys.cart_counter(self.id)) or {}).get("prices")

    @property
    def cart_repriced(self) -> str:
        """What the last login changed in the cart's prices, and why ("" when nothing)."""
        return self.session.get(keys.CART_REPRICED, "")

    @cart_repriced.setter
    def cart_repriced(self, text: str) -> None:
        if text:
            self.session[keys.CART_REPRICED] = text
        else:
            self.session.pop(keys.CART_REPRICED, None)

    @property
    def cart_count(self) -> int:
        if not self.has_id:
            return 0
        return (cache.get(keys.cart_counter(self.id)) or {}).get("count", 0)

    def remembered_item_ids(self) -> list[str] | None:
        """The cart's item ids as last seen, or None when nothing is remembered."""
        remembered = cache.get(keys.cart_counter(self.id))
        return None if remembered is None else remembered.get("ids", [])

    @property
    def cart_errors(self) -> dict[str, list[str]]:
        """WHMCS's per-item errors from the last refused checkout."""
        return self.session.get(keys.CART_ERRORS, {}) if self.has_id else {}

    @cart_errors.setter
    def cart_errors(self, errors: dict[str, list[str]] | None) -> None:
        if errors:
            self.session[keys.CART_ERRORS] = errors
        else:
            self.session.pop(keys.CART_ERRORS, None)

    # -- a campaign link's wishes ----------------------------------------------------------

    def pending_link(self, product_id: int) -> dict[str, Any]:
        """What a campaign link asked for, for the product it named only."""
        link = self.session.get(keys.PENDING_LINK) or {}
        return link if link.get("product_id") == product_id else {}

    def remember_link(self, product_id: int, *, promo: str | None, domain: str | None) -> None:
        self.session[keys.PENDING_LINK] = {
            "product_id": product_id,
            "promo": promo,
            "domain": domain,
        }

    def forget_link(self) -> None:
        self.session.pop(keys.PENDING_LINK, None)

    # -- staff -----------------------------------------------------------------------------

    @property
    def staff_member(self) -> StaffMember | None:
        data = self.session.get(keys.STAFF)
        return StaffMember(**data) if data else None

    @staff_member.setter
    def staff_member(self, member: StaffMember | None) -> None:
        if member:
            self.session[keys.STAFF] = member.__dict__
        else:
            self.session.pop(keys.STAFF, None)

    @property
    def staff_pending_login(self) -> dict[str, str] | None:
        """The admin's username and visitor id between the password and the code."""
        return self.session.get(keys.STAFF_PENDING_LOGIN)

    @staff_pending_login.setter
    def staff_pending_login(self, value: dict[str, str] | None) -> None:
        if value:
            self.session[keys.STAFF_PENDING_LOGIN] = value
        else:
            self.session.pop(keys.STAFF_PENDING_LOGIN, None)

    @property
    def masquerade(self) -> Masquerade | None:
        """The running masquerade (only while its staff member is signed in)."""
        data = self.session.get(keys.MASQUERADE)
        return Masquerade(**data) if data and self.staff_member else None

    @masquerade.setter
    def masquerade(self, value: Masquerade | None) -> None:
        if value:
            self.session[keys.MASQUERADE] = value.__dict__
        else:
            self.session.pop(keys.MASQUERADE, None)

    # -- cart links ------------------------------------------------------------------------

    @property
    def cart_link_draft(self) -> dict[str, Any] | None:
        """The cart link being built in this browser (staff console), if any."""
        return self.session.get(keys.CART_LINK_DRAFT)

    @cart_link_draft.setter
    def cart_link_draft(self, value: dict[str, Any] | None) -> None:
        if value:
            self.session[keys.CART_LINK_DRAFT] = value
        else:
            self.session.pop(keys.CART_LINK_DRAFT, None)

    @property
    def cart_link_cart(self) -> dict[str, Any] | None:
        """Which link made the visitor's cart, and which cart it made."""
        return self.session.get(keys.CART_LINK_CART)

    @cart_link_cart.setter
    def cart_link_cart(self, value: dict[str, Any] | None) -> None:
        if value:
            self.session[keys.CART_LINK_CART] = value
        else:
            self.session.pop(keys.CART_LINK_CART, None)

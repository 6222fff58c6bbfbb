"""Cart links: build one (priced by WHMCS), open one (the cart recreated), save a cart as one.

Pricing a draft uses a stateless guest cart, in the link's currency, exactly as a guest
customer's cart would be priced (the configure page's preview works the same way): nobody's
WHMCS state is touched, and the staff member's own login never owns it.

Opening a link costs as few upstream calls as WHMCS allows: one new cart, one add of every
item, one promo code. Items the cached catalog already shows are gone (sold out, no longer
sold, no longer offered in that cycle) are left out before the add and the customer is told;
an add WHMCS refuses anyway is retried item by item, so one bad item never keeps the others
out. Every counter is one UPDATE with an `F()` expression: safe across shop processes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from storefront.catalog.products import is_sold_out
from storefront.staff.audit import audit
from storefront.staff.models import AuditEntry
from storefront.visitor import clients, throttle
from storefront.visitor.visitor import Visitor
from whmcs_gateway.catalog import Catalog
from whmcs_gateway.errors import InvalidInput, NotFound, WhmcsError
from whmcs_gateway.models import CartContents

from . import items as link_items
from .items import Record
from .models import CartLink
from .problems import Problem
from .signing import public_id_of, token_for

logger = logging.getLogger("storefront.cartlinks")

Action = AuditEntry.Action
Outcome = AuditEntry.Outcome

SAVED_CART_DAYS = 30
MAX_ITEMS = 50  # WHMCS takes at most 50 items in one add


def opens_budget() -> throttle.Budget:
    return throttle.Budget(
        "cartlink-open",
        "address",
        settings.CART_LINK_OPENS_PER_ADDRESS,
        settings.CART_LINK_OPENS_WINDOW,
    )


def link_path(link: CartLink) -> str:
    return reverse("cartlinks:open", args=[token_for(link.public_id)])


# -- the draft: what is being built -----------------------------------------------------------


@dataclass
class Draft:
    kind: str
    currency: str = ""
    promo_code: str = ""
    items: list[Record] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "currency": self.currency,
            "promo_code": self.promo_code,
            "items": self.items,
        }


def draft_of(visitor: Visitor, kind: str, default_currency: str) -> Draft:
    stored = visitor.cart_link_draft
    if stored and stored.get("kind") == kind:
        return Draft(**stored)
    return Draft(kind=kind, currency=default_currency)


def keep_draft(visitor: Visitor, draft: Draft) -> None:
    visitor.cart_link_draft = draft.as_dict()


def forget_draft(visitor: Visitor) -> None:
    visitor.cart_link_draft = None


@dataclass
class Priced:
    """The draft as WHMCS prices it; or why WHMCS refused its items or its promo code."""

    contents: CartContents | None = None
    items_problem: str = ""
    promo_problem: str = ""
    unavailable: bool = False


def price(visitor: Visitor, records: list[Record], currency: str, promo_code: str) -> Priced:
    """A fresh stateless guest cart holding `records` (and the promo code), priced by WHMCS."""
    if not records:
        return Priced()
    rest = clients.stateless_rest(
        address=visitor.address, request_id=visitor.request_id, currency=currency or None
    )
    try:
        cart_id = rest.cart.create(currency=currency or None).id
        try:
            contents = rest.cart.add_items(cart_id, [link_items.request_of(r) for r in records])
        except InvalidInput as refused:
            return Priced(items_problem=refused.message)
        if promo_code:
            try:
                contents = rest.cart.apply_promotion(cart_id, promo_code)
            except InvalidInput as refused:
                return Priced(contents=contents, promo_problem=refused.message)
    except WhmcsError:
        logger.warning("Could not price a cart link draft", exc_info=True)
        return Priced(unavailable=True)
    return Priced(contents=contents)


def add_to_draft(visitor: Visitor, draft: Draft, record: Record) -> Priced:
    """Add `record` when WHMCS accepts it; the draft is unchanged when it does not."""
    if len(draft.items) >= MAX_ITEMS:
        return Priced(items_problem=f"A link holds at most {MAX_ITEMS} items.")
    priced = price(visitor, [*draft.items, record], draft.currency, "")
    if priced.contents is not None:
        draft.items.append(record)
        keep_draft(visitor, draft)
    return priced


# -- making a link ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkTerms:
    """What the maker chose beyond the items."""

    expires_at: datetime
    name: str = ""
    note: str = ""
    max_uses: int | None = None
    client_uuid: str = ""
    client_label: str = ""
    client_email: str = ""


@dataclass
class Made:
    link: CartLink | None = None
    priced: Priced = field(default_factory=Priced)


def make_link(visitor: Visitor, draft: Draft, terms: LinkTerms, *, actor: str) -> Made:
    """Price the draft once more (the link keeps those prices) and store the link."""
    priced = price(visitor, draft.items, draft.currency, draft.promo_code)
    if priced.contents is None or priced.promo_problem:
        return Made(priced=priced)
    contents = priced.contents
    link = CartLink.objects.create(
        kind=draft.kind,
        name=terms.name,
        items=link_items.with_prices(draft.items, contents),
        promo_code=draft.promo_code,
        currency=draft.currency,
        total=contents.totals.total.display_value if contents.totals.total else "",
        note=terms.note,
        client_uuid=terms.client_uuid,
        client_label=terms.client_label,
        client_email=terms.client_email,
        expires_at=terms.expires_at,
        max_uses=terms.max_uses,
        created_by=actor,
    )
    audit(
        visitor,
        Action.CART_LINK_CREATE,
        Outcome.SUCCESS,
        target=_target(link),
        detail=_describe(link),
        actor=actor,
    )
    forget_draft(visitor)
    return Made(link=link, priced=priced)


def _target(link: CartLink) -> str:
    return f"{link.get_kind_display()} {link.public_id}" + (f" ({link.name})" if link.name else "")


def _describe(link: CartLink) -> str:
    parts = [f"{len(link.items)} item(s)"]
    if link.promo_code:
        parts.append(f"promo {link.promo_code}")
    if link.client_email:
        parts.append(f"for {link.client_email} ({link.client_label})")
    parts.append(f"expires {link.expires_at:%Y-%m-%d %H:%M} UTC")
    if link.max_uses:
        parts.append(f"at most {link.max_uses} use(s)")
    return ", ".join(parts)


@dataclass(frozen=True)
class ClientChoice:
    uuid: str
    label: str


def clients_of(visitor: Visitor, email: str) -> list[ClientChoice]:
    """The client accounts of the WHMCS user with exactly this email (the staff console's
    WHMCS session searches)."""
    found = visitor.staff_whmcs().rest.admin.search_users(email, page_size=25)
    for user in found.items:
        if user.email.lower() == email.strip().lower():
            name = f"{user.firstname} {user.lastname}".strip()
            return [ClientChoice(c.uuid, c.company or name or user.email) for c in user.clients]
    return []


def change_link(visitor: Visitor, link: CartLink, changes: dict[str, Any], *, actor: str) -> bool:
    """Change what may change after the fact (name, note, expiry, use limit); contents never."""
    before = {name: getattr(link, name) for name in changes}
    changed = {name: value for name, value in changes.items() if before[name] != value}
    if not changed:
        return False
    CartLink.objects.filter(pk=link.pk).update(**changed)
    for name, value in changed.items():
        setattr(link, name, value)
    audit(
        visitor,
        Action.CART_LINK_CHANGE,
        Outcome.SUCCESS,
        target=_target(link),
        detail="; ".join(
            f"{name}: {before[name]!s} → {value!s}" for name, value in changed.items()
        ),
        actor=actor,
    )
    return True


def revoke_link(visitor: Visitor, link: CartLink, *, actor: str) -> bool:
    """Revoke it for good; False when it was revoked already (nothing is changed then)."""
    revoked = CartLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=actor
    )
    if revoked:
        link.refresh_from_db()
        audit(visitor, Action.CART_LINK_REVOKE, Outcome.SUCCESS, target=_target(link), actor=actor)
    return bool(revoked)


# -- a customer saves their cart --------------------------------------------------------------


@dataclass
class Saved:
    link: CartLink | None = None
    left_out: list[str] = field(default_factory=list)
    problem: str = ""


def save_cart(visitor: Visitor) -> Saved:
    """A link to a snapshot of the visitor's cart (its items, not the same WHMCS cart)."""
    cart_id = visitor.whmcs.cart_id if visitor.has_id else None
    if not cart_id:
        return Saved(problem="Your cart is empty: there is nothing to save yet.")
    try:
        contents = visitor.whmcs.rest.cart.get(cart_id)
    except NotFound:
        return Saved(problem="Your cart has expired: there is nothing to save.")
    records, left_out = link_items.records_of_cart(contents)
    if not records:
        return Saved(left_out=left_out, problem="There is nothing in your cart a link can hold.")
    promo = next((p.code for p in contents.promotions if p.code), "")
    currency = contents.totals.total.code if contents.totals.total else visitor.currency or ""
    link = CartLink.objects.create(
        kind=CartLink.Kind.SAVED,
        items=records,
        promo_code=promo,
        currency=currency,
        total=contents.totals.total.display_value if contents.totals.total else "",
        expires_at=timezone.now() + timedelta(days=SAVED_CART_DAYS),
        created_by="customer" if visitor.account else "guest",
    )
    audit(
        visitor,
        Action.CART_LINK_CREATE,
        Outcome.SUCCESS,
        target=_target(link),
        detail=_describe(link),
        actor=link.created_by,
    )
    return Saved(link=link, left_out=left_out)


# -- opening a link ---------------------------------------------------------------------------


@dataclass
class Opened:
    problem: str = ""
    link: CartLink | None = None
    notices: list[str] = field(default_factory=list)
    item_count: int = 0
    retry_minutes: int = 0
    client_label: str = ""


def find_link(token: str) -> tuple[CartLink | None, str]:
    """The link a token names, or the problem with it (nothing is counted or changed)."""
    public_id = public_id_of(token)
    if public_id is None:
        return None, Problem.TAMPERED
    link = CartLink.objects.filter(public_id=public_id).first()
    if link is None:
        return None, Problem.MISSING
    if link.is_revoked:
        return link, Problem.REVOKED
    if link.has_expired():
        return link, Problem.EXPIRED
    if link.is_used_up:
        return link, Problem.USED_UP
    return link, ""


def _binding_problem(visitor: Visitor, link: CartLink) -> str:
    if not link.client_uuid:
        return ""
    account = visitor.account
    if not account:
        return Problem.LOG_IN
    if account.get("client") == link.client_uuid:
        return ""
    if any(c["uuid"] == link.client_uuid for c in account.get("clients", [])):
        return Problem.OTHER_CLIENT
    return Problem.OTHER_CUSTOMER


def open_link(visitor: Visitor, token: str) -> Opened:
    """Recreate the link's cart for the visitor, or say why not (changing nothing)."""
    if visitor.address:
        reserved = throttle.reserve([(opens_budget(), throttle.subject(visitor.address))])
        if isinstance(reserved, throttle.Refusal):
            return Opened(problem=Problem.TOO_MANY, retry_minutes=reserved.minutes)
    link, problem = find_link(token)
    if link is not None and problem in ("", Problem.USED_UP):
        problem = _binding_problem(visitor, link) or problem
        if problem in ("", Problem.USED_UP):
            # Someone who may use the link opened it (even one used up: demand is measured).
            CartLink.objects.filter(pk=link.pk).update(opens=F("opens") + 1)
    if problem:
        label = link.client_label if link is not None and problem == Problem.OTHER_CLIENT else ""
        return Opened(problem=problem, link=link, client_label=label)
    if not _take_a_use(link):
        return Opened(problem=Problem.USED_UP, link=link)
    try:
        opened = _recreate(visitor, link)
    except Exception:
        _give_back_a_use(link)  # WHMCS failed on the way: this open made no cart
        raise
    if opened.item_count == 0:
        _give_back_a_use(link)
    return opened


def _take_a_use(link: CartLink) -> bool:
    """One UPDATE: count the cart, unless the use limit is reached (by another process too)."""
    within_limit = Q(max_uses__isnull=True) | Q(carts_created__lt=F("max_uses"))
    taken = (
        CartLink.objects.filter(within_limit, pk=link.pk, revoked_at__isnull=True)
        .filter(expires_at__gt=timezone.now())
        .update(carts_created=F("carts_created") + 1)
    )
    return bool(taken)


def _give_back_a_use(link: CartLink) -> None:
    with transaction.atomic():
        CartLink.objects.filter(pk=link.pk, carts_created__gt=0).update(
            carts_created=F("carts_created") - 1
        )


def _usable(catalog: Catalog, record: Record) -> tuple[Record | None, list[str]]:
    """The record as it can still be added, and what the customer must be told about it."""
    if record["type"] != "product":
        return record, []
    label = link_items.label_of(record)
    try:
        product = catalog.product(record["product_id"])
    except NotFound:
        return None, [f"{label} is no longer sold, so it is not in your cart."]
    if is_sold_out(product):
        return None, [f"{label} is sold out, so it is not in your cart."]
    wanted = record.get("quantity") or 1
    if product.stock_control_enabled and (product.stock_quantity or 0) < wanted:
        left = product.stock_quantity or 0
        return None, [f"Only {left} of {label} left: it is not in your cart, as {wanted} were."]
    cycle = record.get("billing_cycle")
    cycles = {price.cycle for price in product.pricing.recurring}
    if cycle and cycle not in cycles and cycles:
        return None, [f"{label} is no longer sold {cycle}, so it is not in your cart."]
    notes = []
    if record.get("addons"):
        offered = {addon.id: addon.name for addon in catalog.addons(product.id)}
        gone = [a for a in record["addons"] if a not in offered]
        if gone:
            record = {**record, "addons": [a for a in record["addons"] if a in offered]}
            notes.append(
                f"{len(gone)} addon{'s' if len(gone) > 1 else ''} of {label} "
                f"{'are' if len(gone) > 1 else 'is'} no longer offered and "
                f"{'were' if len(gone) > 1 else 'was'} left out."
            )
    return record, notes


def _recreate(visitor: Visitor, link: CartLink) -> Opened:
    opened = Opened(link=link)
    guest_currency = link.currency if not visitor.account else None
    # The pre-check reads the cached catalog (in the currency the cart will be made in).
    catalog = clients.catalog(guest_currency or visitor.currency)
    wanted: list[Record] = []
    for record in link.items:
        usable, notes = _usable(catalog, record)
        opened.notices += notes
        if usable is not None:
            wanted.append(usable)
    if not wanted:
        return opened  # nothing to add: the visitor's own cart stays as it was
    if guest_currency:
        visitor.currency = guest_currency  # a guest's cart is made in the link's currency
    whmcs = visitor.whmcs
    had, previous = visitor.cart_count, whmcs.cart_id
    rest = whmcs.rest
    cart_id = rest.cart.create(currency=link.currency or None).id
    whmcs.cart_id = cart_id
    contents, added = _add_all(rest.cart, cart_id, wanted, opened.notices)
    if not added:
        whmcs.cart_id = previous  # WHMCS took nothing: keep the cart the visitor had
        return opened
    if had:
        opened.notices.insert(
            0, f"This link's cart replaced the cart you had ({had} item{'s' if had > 1 else ''})."
        )
    if link.promo_code:
        try:
            contents = rest.cart.apply_promotion(cart_id, link.promo_code)
        except InvalidInput as refused:
            opened.notices.append(
                f"Promo code {link.promo_code} could not be applied: {refused.message}"
            )
    if contents is None:
        contents = rest.cart.get(cart_id)
    opened.notices += _price_changes(link, added, contents)
    visitor.remember_cart(contents)
    opened.item_count = len(added)
    visitor.cart_link_cart = {"link": link.pk, "cart_id": cart_id}
    return opened


def _add_all(
    cart: Any, cart_id: str, wanted: list[Record], notices: list[str]
) -> tuple[CartContents | None, list[Record]]:
    """One add of every item; when WHMCS refuses it, item by item, to keep the good ones."""
    if not wanted:
        return None, []
    try:
        return cart.add_items(cart_id, [link_items.request_of(r) for r in wanted]), wanted
    except InvalidInput:
        pass
    contents, added = None, []
    for record in wanted:
        try:
            contents = cart.add_items(cart_id, [link_items.request_of(record)])
            added.append(record)
        except InvalidInput as refused:
            notices.append(
                f"{link_items.label_of(record)} could not be added to your cart: {refused.message}"
            )
    return contents, added


def _price_changes(link: CartLink, added: list[Record], contents: CartContents) -> list[str]:
    notes = []
    for record, item in zip(added, contents.items, strict=False):
        note = link_items.repriced(record, item)
        if note:
            notes.append(note)
    total = contents.totals.total
    if link.currency and total is not None and total.code != link.currency:
        notes.append(
            f"Prices are in {total.code}, your account's currency "
            f"(this link was priced in {link.currency})."
        )
    return notes


# -- measured: the hand-off to WHMCS's checkout ---------------------------------------------


def count_checkout(sender: Any, *, visitor: Visitor, cart_id: str | None, **_: Any) -> None:
    """Count a checkout for the link that made this cart, once per cart."""
    made = visitor.cart_link_cart
    if not made or not cart_id or made.get("cart_id") != cart_id:
        return
    CartLink.objects.filter(pk=made["link"]).update(checkouts=F("checkouts") + 1)
    visitor.cart_link_cart = None


# -- lists for staff and marketers ----------------------------------------------------------


def links_for(*, kinds: tuple[str, ...]) -> list[CartLink]:
    return list(CartLink.objects.filter(kind__in=kinds)[:200])


def link_by_id(public_id: str, *, kinds: tuple[str, ...]) -> CartLink | None:
    return CartLink.objects.filter(public_id=public_id, kind__in=kinds).first()

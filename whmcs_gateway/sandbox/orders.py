"""Orders: placing a cart (checkout page or AddOrder), invoices, and the order life cycle.

Placing an order creates, all Pending: the order with its order number, an Unpaid invoice, the
client's services (with addons) and domains. AcceptOrder activates them; CancelOrder,
FraudOrder and PendingOrder move the order and its items together; DeleteOrder removes a
cancelled or fraudulent order with everything it created.

Stock: placing an order takes its units from every stock-controlled product (the catalog gets
a new product value with the lower ``stock_quantity``). Cancelling the order gives them back,
and so does deleting it if it was not cancelled first (a fraud order); PendingOrder on a
cancelled order takes them again (never below zero).
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .accounts import Client, OwnedAddon, OwnedDomain, Service, User
from .carts import (
    BundleItem,
    Cart,
    CartItem,
    DomainItem,
    ProductItem,
    RenewalItem,
    ServiceAddonItem,
)
from .catalog import BILLING_CYCLES
from .money import round_money
from .passwords import hash_password
from .pricing import ZERO, Charge
from .promotions import find_promotion, record_use
from .totals import charges_of, compute_totals

if TYPE_CHECKING:
    from .world import World

ORDER_STATUSES = ("Pending", "Active", "Fraud", "Cancelled")
_CYCLE_MONTHS = {cycle: months for cycle, _, months in BILLING_CYCLES}


class OrderError(ValueError):
    """A refused order action; the message is the classic API's error message."""


@dataclass
class Invoice:
    id: int
    client_id: int
    total: Decimal
    currency_code: str
    status: str = "Unpaid"


@dataclass
class OrderLine:
    type: str  # product | domain | addon | renewal
    relid: int
    description: str
    domain: str
    billing_cycle: str
    amount: Decimal


@dataclass
class Order:
    id: int
    order_number: str
    client_id: int
    date: datetime
    currency_code: str
    amount: Decimal
    payment_method: str
    status: str = "Pending"
    promo_code: str = ""
    promo_type: str = ""
    promo_value: str = ""
    invoice_id: int = 0
    ip_address: str = ""
    # The user the order was placed for, and the admin whose API call placed it (0: none).
    requestor_id: int = 0
    admin_requestor_id: int = 0
    service_ids: list[int] = field(default_factory=list)
    domain_ids: list[int] = field(default_factory=list)
    addon_ids: list[int] = field(default_factory=list)
    lines: list[OrderLine] = field(default_factory=list)
    fraud_output: str = ""
    # Units taken from stock-controlled products, per product id, while the order holds them.
    stock_wanted: dict[int, int] = field(default_factory=dict)
    stock_taken: dict[int, int] = field(default_factory=dict)
    stock_held: bool = False


# -- checkout hand-off tokens -----------------------------------------------------------


def _checkout_tokens(world: World) -> dict[str, str]:
    return world.extra.setdefault("checkout_tokens", {})


def checkout_url(world: World, cart: Cart) -> str:
    """The classic-style page the browser is sent to; the token names the cart, nothing else."""
    token = secrets.token_urlsafe(24)
    _checkout_tokens(world)[token] = cart.id
    return f"{world.config.system_url.rstrip('/')}/cart.php?a=checkout&token={token}"


def cart_for_token(world: World, token: str) -> Cart | None:
    cart_id = _checkout_tokens(world).get(token)
    return world.carts.get(cart_id) if cart_id else None


# -- ids --------------------------------------------------------------------------------------


def new_id(world: World, kind: str, existing: Any) -> int:
    """The next id of a kind, never handed out before: WHMCS's ids are auto-increments, so
    deleting the newest order (and what it created) does not free its ids for the next one."""
    counters = world.extra.setdefault("id_counters", {})
    value = max(counters.get(kind, 0), max(existing, default=0)) + 1
    counters[kind] = value
    return value


def invoices(world: World) -> dict[int, Invoice]:
    return world.extra.setdefault("invoices", {})


def find_order(world: World, order_id: int) -> Order | None:
    return next((order for order in world.orders if order.id == order_id), None)


def _all_owned_addon_ids(world: World) -> list[int]:
    return [a.id for s in world.accounts.services.values() for a in s.addons]


# -- clients made at checkout -----------------------------------------------------------------


def create_client(
    world: World,
    *,
    firstname: str,
    lastname: str,
    email: str,
    country: str,
    state: str,
    currency_code: str,
) -> Client:
    """A new user owning a new client account, as WHMCS's checkout registration makes."""
    accounts = world.accounts
    user = User(
        id=new_id(world, "user", accounts.users),
        email=email,
        firstname=firstname,
        lastname=lastname,
        # A random password: the sandbox sends no welcome e-mail to set one.
        password_hash=hash_password(secrets.token_urlsafe(16)),
    )
    client = Client(
        id=new_id(world, "client", accounts.clients),
        uuid=str(uuid.uuid4()),
        owner_user_id=user.id,
        firstname=firstname,
        lastname=lastname,
        email=email,
        company="",
        country=country,
        state=state,
        currency_code=currency_code,
    )
    user.client_ids = (client.id,)
    accounts.users[user.id] = user
    accounts.clients[client.id] = client
    return client


# -- stock ---------------------------------------------------------------------------------


def stock_units(world: World, cart: Cart) -> dict[int, int]:
    """Units per stock-controlled product id the cart would take."""
    units: dict[int, int] = {}
    for item in cart.product_items():
        product = world.catalog.product(item.product_id)
        if product is not None and product.stock_control:
            units[product.id] = units.get(product.id, 0) + item.quantity
    return units


def _move_stock(world: World, units: dict[int, int], sign: int) -> None:
    """Add (sign 1) or take (sign -1) units; the catalog is immutable, so it is replaced."""
    if not units:
        return
    catalog = world.catalog
    products = tuple(
        replace(p, stock_quantity=max((p.stock_quantity or 0) + sign * units[p.id], 0))
        if p.id in units and p.stock_control
        else p
        for p in catalog.products
    )
    world.catalog = replace(catalog, products=products)


def _take_stock(world: World, order: Order, wanted: dict[int, int]) -> None:
    """Take what is left, at most ``wanted``; the order remembers what it really took."""
    if order.stock_held:
        return
    left = {p.id: max(p.stock_quantity or 0, 0) for p in world.catalog.products}
    order.stock_taken = {pid: min(n, left.get(pid, 0)) for pid, n in wanted.items()}
    _move_stock(world, order.stock_taken, -1)
    order.stock_held = True


def _return_stock(world: World, order: Order) -> None:
    if order.stock_held:
        _move_stock(world, order.stock_taken, 1)
        order.stock_held = False


# -- placing -------------------------------------------------------------------------------


def _sum(charges: list[Charge], attribute: str) -> Decimal:
    return sum((getattr(charge, attribute) for charge in charges), ZERO)


def _product_services(
    world: World, order: Order, item: ProductItem, gateway: str, promo_code: str | None
) -> None:
    """One service, or one per unit when the product sells "multiple services"."""
    product = world.catalog.product(item.product_id)
    charges = charges_of(world, _CartView(order.currency_code), item)
    units = item.quantity if product and product.multiple_quantities == 1 else 1
    for _ in range(units):
        service_id = new_id(world, "service", world.accounts.services)
        addons = tuple(
            OwnedAddon(
                id=new_id(world, "addon", _all_owned_addon_ids(world)),
                addon_id=line.addon_id,
                status="Pending",
                registered_days_ago=0,
                cycle=item.billing_cycle,
                recurring=ZERO,
                next_due_in_days=0,
                quantity=line.quantity,
            )
            for line in item.addons
        )
        service = Service(
            id=service_id,
            client_id=order.client_id,
            product_id=item.product_id,
            domain=item.domain,
            status="Pending",
            registered_days_ago=0,
            cycle=item.billing_cycle,
            first_payment=round_money(_sum(charges, "first_payment") / units),
            recurring=round_money(_sum(charges, "recurring") / units),
            gateway=gateway,
            next_due_in_days=0,
            quantity=1 if units > 1 else item.quantity,
            promotion_code=promo_code,
            addons=addons,
            custom_fields=tuple(
                (index, field_id, value)
                for index, (field_id, value) in enumerate(item.custom_fields.items(), start=1)
            ),
            config_options=tuple(
                (index, option_id, value)
                for index, (option_id, value) in enumerate(item.config_options.items(), start=1)
            ),
        )
        world.accounts.services[service_id] = service
        order.service_ids.append(service_id)
        order.addon_ids.extend(addon.id for addon in addons)
        name = product.name if product else f"Product #{item.product_id}"
        order.lines.append(
            OrderLine(
                "product",
                service_id,
                name,
                item.domain or "",
                item.billing_cycle,
                service.first_payment,
            )
        )
        _addon_lines(world, order, item, addons, charges, units)


def _addon_lines(
    world: World,
    order: Order,
    item: ProductItem,
    addons: tuple[OwnedAddon, ...],
    charges: list[Charge],
    units: int,
) -> None:
    """One line per addon ordered with the product, as WHMCS lists its tblhostingaddons rows."""
    addon_charges = [charge for charge in charges if charge.kind == "addon"]
    names = {addon.id: addon.name for addon in world.catalog.addons}
    for owned, charge in zip(addons, addon_charges, strict=False):
        order.lines.append(
            OrderLine(
                "addon",
                owned.id,
                names.get(owned.addon_id, "Addon"),
                "",
                item.billing_cycle,
                round_money(charge.first_payment / units),
            )
        )


@dataclass
class _CartView:
    """Just enough of a cart for pricing an item in the order's currency."""

    currency_code: str
    client_id: int | None = None
    geolocation: None = None


def _domain(world: World, order: Order, item: DomainItem) -> None:
    domain_id = new_id(world, "domain", world.accounts.domains)
    world.accounts.domains[domain_id] = OwnedDomain(
        id=domain_id,
        client_id=order.client_id,
        domain=item.name,
        status="Pending",
        registered_days_ago=0,
        expires_in_days=365 * item.period,
    )
    order.domain_ids.append(domain_id)
    charges = charges_of(world, _CartView(order.currency_code), item)
    kind = "Register" if item.type == "domain_register" else "Transfer"
    order.lines.append(
        OrderLine(
            "domain",
            domain_id,
            kind,
            item.name,
            str(item.period),
            _sum(charges, "first_payment"),
        )
    )


def _service_addon(world: World, order: Order, item: ServiceAddonItem) -> None:
    service = world.accounts.services[item.service_id]
    charges = charges_of(world, _CartView(order.currency_code), item)
    owned = OwnedAddon(
        id=new_id(world, "addon", _all_owned_addon_ids(world)),
        addon_id=item.addon_id,
        status="Pending",
        registered_days_ago=0,
        cycle=item.billing_cycle,
        recurring=_sum(charges, "recurring"),
        next_due_in_days=0,
        quantity=item.quantity,
    )
    service.addons = (*service.addons, owned)
    order.addon_ids.append(owned.id)
    order.lines.append(
        OrderLine(
            "addon",
            owned.id,
            "Addon",
            service.domain or "",
            item.billing_cycle,
            _sum(charges, "first_payment"),
        )
    )


def _renewal(world: World, order: Order, item: RenewalItem) -> None:
    charges = charges_of(world, _CartView(order.currency_code), item)
    order.lines.append(
        OrderLine(
            "renewal",
            item.target_id,
            item.type,
            "",
            str(item.period),
            _sum(charges, "first_payment"),
        )
    )


def _add_item(world: World, order: Order, item: CartItem, gateway: str, promo: str | None) -> None:
    if isinstance(item, BundleItem):
        for child in item.children:
            _add_item(world, order, child, gateway, promo)
    elif isinstance(item, ProductItem):
        _product_services(world, order, item, gateway, promo)
    elif isinstance(item, DomainItem):
        _domain(world, order, item)
    elif isinstance(item, ServiceAddonItem):
        _service_addon(world, order, item)
    else:
        _renewal(world, order, item)


def place_order(
    world: World,
    cart: Cart,
    client: Client,
    payment_method: str,
    ip: str = "",
    *,
    create_invoice: bool = True,
    admin_requestor_id: int = 0,
) -> Order:
    """Turn the cart into a Pending order with its invoice; the cart is closed afterwards.

    ``create_invoice=False`` is AddOrder's ``noinvoice``: no invoice, ``invoice_id`` stays 0.
    """
    cart.client_id = client.id  # tax and promotion limits of the buying client
    totals = compute_totals(world, cart)
    promotion = find_promotion(world, cart.promotion_code) if cart.promotion_code else None
    order = Order(
        id=new_id(world, "order", [order.id for order in world.orders]),
        order_number=str(secrets.randbelow(9 * 10**9) + 10**9),
        client_id=client.id,
        date=world.now(),
        currency_code=cart.currency_code,
        amount=totals.total,
        payment_method=payment_method,
        ip_address=ip,
        requestor_id=client.owner_user_id or 0,
        admin_requestor_id=admin_requestor_id,
    )
    if promotion is not None:
        order.promo_code, order.promo_type = promotion.code, promotion.type
        order.promo_value = str(promotion.value_in(cart.currency_code))
        record_use(world, promotion, client.id)
    for item in cart.items:
        _add_item(world, order, item, payment_method, promotion.code if promotion else None)
    if create_invoice:
        invoice_id = new_id(world, "invoice", invoices(world))
        invoice = Invoice(invoice_id, client.id, totals.total, cart.currency_code)
        invoices(world)[invoice.id] = invoice
        order.invoice_id = invoice.id
    order.stock_wanted = stock_units(world, cart)
    _take_stock(world, order, order.stock_wanted)
    world.orders.append(order)
    world.carts.pop(cart.id, None)
    return order


# -- life cycle -------------------------------------------------------------------------------


def _set_item_statuses(world: World, order: Order, service: str, domain: str) -> None:
    accounts = world.accounts
    for service_id in order.service_ids:
        if service_id in accounts.services:
            record = accounts.services[service_id]
            record.status = service
            months = _CYCLE_MONTHS.get(record.cycle, 0)
            if service == "Active" and months:
                record.next_due_in_days = months * 30
            record.addons = tuple(_with_status(a, service) for a in record.addons)
    for owned in (a for s in accounts.services.values() for a in s.addons):
        if owned.id in order.addon_ids:
            owned.status = service
    for domain_id in order.domain_ids:
        if domain_id in accounts.domains:
            accounts.domains[domain_id].status = domain


def _with_status(addon: OwnedAddon, status: str) -> OwnedAddon:
    addon.status = status
    return addon


def accept_order(world: World, order: Order) -> None:
    if order.status != "Pending":
        raise OrderError("Order ID not found or Status not Pending")
    order.status = "Active"
    _set_item_statuses(world, order, "Active", "Active")


def cancel_order(world: World, order: Order) -> None:
    if order.status != "Pending":
        raise OrderError("Order ID not found or Status not Pending")
    order.status = "Cancelled"
    _set_item_statuses(world, order, "Cancelled", "Cancelled")
    _set_invoice_status(world, order, "Cancelled")
    _return_stock(world, order)


def fraud_order(world: World, order: Order) -> None:
    order.status = "Fraud"
    _set_item_statuses(world, order, "Fraud", "Fraud")
    _set_invoice_status(world, order, "Cancelled")


def pending_order(world: World, order: Order) -> None:
    order.status = "Pending"
    _set_item_statuses(world, order, "Pending", "Pending")
    _set_invoice_status(world, order, "Unpaid")
    _take_stock(world, order, order.stock_wanted)


def delete_order(world: World, order: Order) -> None:
    """WHMCS only deletes an order once it is cancelled or marked as fraud."""
    if order.status not in ("Cancelled", "Fraud"):
        raise OrderError("The order status must be in Cancelled or Fraud to be deleted")
    accounts = world.accounts
    for service_id in order.service_ids:
        accounts.services.pop(service_id, None)
    for domain_id in order.domain_ids:
        accounts.domains.pop(domain_id, None)
    for service in accounts.services.values():
        service.addons = tuple(a for a in service.addons if a.id not in order.addon_ids)
    invoices(world).pop(order.invoice_id, None)
    _return_stock(world, order)
    world.orders.remove(order)


def _set_invoice_status(world: World, order: Order, status: str) -> None:
    invoice = invoices(world).get(order.invoice_id)
    if invoice is not None:
        invoice.status = status


def fraud_check(world: World, order: Order, ip_address: str | None) -> tuple[str, dict[str, str]]:
    """Deterministic: an address on a .invalid domain or with "fraud" in it fails."""
    client = world.accounts.clients.get(order.client_id)
    email = client.email.lower() if client else ""
    failed = "fraud" in email or email.endswith(".invalid")
    results = {
        "ip": ip_address or order.ip_address or "",
        "email": email,
        "risk_score": "95" if failed else "5",
    }
    order.fraud_output = "Fail" if failed else "Pass"
    return order.fraud_output, results

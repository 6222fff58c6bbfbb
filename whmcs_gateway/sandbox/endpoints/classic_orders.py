"""Classic API order actions: AddOrder, GetOrders, GetOrderStatuses, the life cycle and
OrderFraudCheck, with WHMCS's parameters, fields and messages."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from ..cart_input import parse_item
from ..cart_validation import stock_error, units_in_cart
from ..carts import Cart, new_id
from ..catalog import BILLING_CYCLES
from ..errors import ApiError
from ..orders import (
    ORDER_STATUSES,
    Order,
    OrderError,
    OrderLine,
    accept_order,
    cancel_order,
    delete_order,
    find_order,
    fraud_check,
    fraud_order,
    invoices,
    pending_order,
    place_order,
)
from ..php_serialize import PhpSerializeError, dumps_array, loads_base64_array
from ..pricing import offered_cycles
from ..promotions import PromotionRefused, check_usable, find_promotion
from ..request import Request
from ..totals import cart_charges
from .classic_common import ClassicError, array, decimal, flag, php_int, text

# tblhosting.billingcycle and GetOrders' product types, as WHMCS writes them.
CYCLE_LABELS = {cycle: label for cycle, label, _ in BILLING_CYCLES} | {"free": "Free Account"}
PRODUCT_TYPE_LABELS = {
    "hostingaccount": "Hosting Account",
    "reselleraccount": "Reseller Account",
    "server": "Dedicated/VPS Server",
    "other": "Other Product/Service",
}
_RENEWABLE = {"Active", "Expired", "Grace", "Redemption"}
_NOT_PENDING = "Order ID not found or Status not Pending"
_YES = {"1", "on", "yes", "true"}


# -- life cycle -------------------------------------------------------------------------------


def _order(request: Request, params: dict[str, Any], missing: str) -> Order:
    order = find_order(request.world, php_int(params.get("orderid")))
    if order is None:
        raise ClassicError(missing)
    return order


def lifecycle(
    change: Callable[[Any, Order], None], missing: str
) -> Callable[[Request, dict[str, Any]], dict[str, Any]]:
    """An action that moves one order; ``missing`` is WHMCS's message for an unknown id."""

    def action(request: Request, params: dict[str, Any]) -> dict[str, Any]:
        try:
            change(request.world, _order(request, params, missing))
        except OrderError as error:
            raise ClassicError(str(error)) from None
        return {}

    return action


LIFECYCLE = {
    "acceptorder": lifecycle(accept_order, _NOT_PENDING),
    "cancelorder": lifecycle(cancel_order, _NOT_PENDING),
    "deleteorder": lifecycle(delete_order, "Order ID not found"),
    "fraudorder": lifecycle(fraud_order, "Order ID Not Found"),
    "pendingorder": lifecycle(pending_order, "Order ID Not Found"),
}


def order_fraud_check(request: Request, params: dict[str, Any]) -> dict[str, Any]:
    """A failed check marks the order as fraud; a passed one takes a fraud order back to
    Pending. ``results`` is serialised, as WHMCS sends it."""
    world = request.world
    order = _order(request, params, "Order ID Not Found")
    status, results = fraud_check(world, order, text(params.get("ipaddress")) or None)
    if status == "Fail":
        fraud_order(world, order)
    elif order.status == "Fraud":
        pending_order(world, order)
    serialised = dumps_array(dict(results)).decode()
    return {"status": status, "module": "sandbox", "results": serialised}


# -- GetOrders ----------------------------------------------------------------------------


def _product_line(request: Request, line: OrderLine) -> dict[str, Any]:
    world = request.world
    service = world.accounts.services.get(line.relid)
    product = world.catalog.product(service.product_id) if service else None
    group = next((g for g in world.catalog.groups if product and g.id == product.group_id), None)
    name = f"{group.name} - {line.description}" if group else line.description
    kind = PRODUCT_TYPE_LABELS.get(product.type, "") if product else ""
    return {
        "producttype": kind,
        "product": name,
        "billingcycle": CYCLE_LABELS.get(line.billing_cycle, line.billing_cycle),
        "status": service.status if service else "",
    }


def _addon_line(request: Request, line: OrderLine) -> dict[str, Any]:
    world = request.world
    owned = next(
        (a for s in world.accounts.services.values() for a in s.addons if a.id == line.relid),
        None,
    )
    addon = next((a for a in world.catalog.addons if owned and a.id == owned.addon_id), None)
    return {
        "producttype": "Addon",
        "product": addon.name if addon else line.description,
        "billingcycle": CYCLE_LABELS.get(line.billing_cycle, line.billing_cycle),
        "status": owned.status if owned else "",
    }


def _domain_line(request: Request, line: OrderLine) -> dict[str, Any]:
    domain = request.world.accounts.domains.get(line.relid)
    is_renewal = line.type == "renewal"
    return {
        "producttype": "Domain",
        "product": "Renewal" if is_renewal else line.description,
        "domain": domain.domain if (is_renewal and domain) else line.domain,
        "billingcycle": php_int(line.billing_cycle),
        "status": domain.status if domain else "",
        "dnsmanagement": 0,
        "emailforwarding": 0,
        "idprotection": 0,
    }


def line_json(request: Request, line: OrderLine) -> dict[str, Any]:
    """One ``lineitems.lineitem`` entry; amounts are the first payment, as WHMCS shows them."""
    shown: dict[str, Any] = {"type": line.type, "relid": line.relid, "domain": line.domain}
    if line.type == "product":
        shown |= _product_line(request, line)
    elif line.type == "addon":
        shown |= _addon_line(request, line)
    else:
        shown |= _domain_line(request, line)
    order = ("type", "relid", "producttype", "product", "domain", "billingcycle")
    return {key: shown[key] for key in order} | {"amount": f"{line.amount:.2f}"} | shown


def _renewals(order: Order) -> list[str]:
    return [
        f"{line.relid}={line.billing_cycle}"
        for line in order.lines
        if line.type == "renewal" and line.description == "domain_renewal"
    ]


def order_json(request: Request, order: Order) -> dict[str, Any]:
    world = request.world
    client = world.accounts.clients.get(order.client_id)
    currency = world.catalog.currency(order.currency_code)
    invoice = invoices(world).get(order.invoice_id)
    renewals = _renewals(order)
    return {
        "id": order.id,
        "ordernum": order.order_number,
        "userid": order.client_id,
        "contactid": 0,
        "requestor_id": order.requestor_id,
        "admin_requestor_id": order.admin_requestor_id,
        "date": order.date.strftime("%Y-%m-%d %H:%M:%S"),
        "nameservers": "",
        "transfersecret": "",
        "renewals": ",".join(renewals),
        "renewalsByType": {"domains": renewals, "services": [], "addons": []},
        "promocode": order.promo_code,
        "promotype": order.promo_type,
        "promovalue": order.promo_value,
        "orderdata": "[]",
        "amount": f"{order.amount:.2f}",
        "paymentmethod": order.payment_method,
        "invoiceid": order.invoice_id,
        "status": order.status,
        "ipaddress": order.ip_address,
        "fraudmodule": "sandbox" if order.fraud_output else "",
        "fraudoutput": order.fraud_output,
        "notes": "",
        "paymentmethodname": next(
            (g.description for g in world.catalog.gateways if g.name == order.payment_method),
            order.payment_method,
        ),
        "paymentstatus": invoice.status if invoice else "",
        "name": f"{client.firstname} {client.lastname}" if client else "",
        "currencyprefix": currency.prefix if currency else "",
        "currencysuffix": currency.suffix if currency else "",
        "frauddata": "",
        "validationdata": "",
        "lineitems": {"lineitem": [line_json(request, line) for line in order.lines]},
    }


def get_orders(request: Request, params: dict[str, Any]) -> dict[str, Any]:
    """Newest first; WHMCS casts the filters and paging with (int), 0 meaning "not given"."""
    orders = sorted(request.world.orders, key=lambda o: o.id, reverse=True)
    filters = {
        "id": lambda o, wanted: o.id == wanted,
        "userid": lambda o, wanted: o.client_id == wanted,
        "requestor_id": lambda o, wanted: o.requestor_id == wanted,
    }
    for name, matches in filters.items():
        if wanted := php_int(params.get(name)):
            orders = [o for o in orders if matches(o, wanted)]
    if status := text(params.get("status")):
        orders = [o for o in orders if o.status.lower() == status.lower()]
    start = max(php_int(params.get("limitstart")), 0)
    limit = php_int(params.get("limitnum"))
    page = orders[start : start + (limit if limit > 0 else 25)]
    return {
        "totalresults": len(orders),
        "startnumber": start,
        "numreturned": len(page),
        "orders": {"order": [order_json(request, o) for o in page]},
    }


def get_order_statuses(request: Request, params: dict[str, Any]) -> dict[str, Any]:
    statuses = [
        {"title": status, "count": sum(1 for o in request.world.orders if o.status == status)}
        for status in ORDER_STATUSES
    ]
    return {"totalresults": len(statuses), "statuses": {"status": statuses}}


# -- AddOrder: PHP arrays paired by key ----------------------------------------------------


def _serialized(raw: Any, name: str, key: str) -> dict[int, Any]:
    """``name[key]``: base64 of a PHP-serialised array keyed by id (WHMCS's encoding)."""
    if raw in (None, ""):
        return {}
    if not isinstance(raw, str):
        raise ClassicError(f"Invalid {name}[{key}]: base64 of a serialized array expected")
    try:
        values = loads_base64_array(raw)
    except PhpSerializeError as error:
        raise ClassicError(f"Invalid {name}[{key}]: {error}") from None
    by_id: dict[int, Any] = {}
    for field_id, value in values.items():
        if isinstance(field_id, str) and not (field_id.isdigit() and len(field_id) <= 18):
            raise ClassicError(f"Invalid {name}[{key}]: the keys must be ids")
        by_id[int(field_id)] = value
    return by_id


def _option_value(world: Any, option_id: int, value: Any) -> Any:
    """WHMCS sends a choice id, a quantity, or 1/"on" for a yes/no option."""
    option = next((o for o in world.catalog.config_options if o.id == option_id), None)
    if option is not None and option.type == "yesno":
        return value is True or (not isinstance(value, bool) and str(value).lower() in _YES)
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 9:
        return int(value)
    return value


def _addon_ids(raw: Any, key: str) -> list[dict[str, Any]]:
    ids = [part.strip() for part in text(raw).split(",") if part.strip()]
    if not all(part.isdigit() and len(part) <= 9 for part in ids):
        raise ClassicError(f"Invalid addons[{key}]: a comma separated list of addon ids")
    return [{"id": int(part)} for part in ids]


def _price(raw: Any, name: str) -> Decimal | None:
    if text(raw).strip() == "":
        return None
    price = decimal(raw, name)
    if price < 0:
        raise ClassicError(f"The {name} price must not be negative")
    return price


def _cycle(raw: Any, product: Any, currency: str, key: str) -> str:
    """WHMCS accepts "annually", "Annually" or "Semi-Annually"; none given: the first offered."""
    offered = offered_cycles(product.pricing, currency) if product else []
    wanted = text(raw).lower().replace("-", "").replace(" ", "")
    wanted = {"freeaccount": "free"}.get(wanted, wanted)
    if not wanted:
        ordered = [cycle for cycle, _, _ in BILLING_CYCLES if cycle in offered]
        return ordered[0] if ordered else "monthly"
    if wanted not in offered:
        raise ClassicError(
            f"Invalid billingcycle[{key}]: {text(raw)} is not offered for product ID {product.id}"
        )
    return wanted


def _product_item(request: Request, params: dict[str, Any], key: str, pid: int, client: Any):
    world, currency = request.world, client.currency_code
    product = world.catalog.product(pid)
    if product is None:
        raise ClassicError(f"Invalid Product ID: {pid}")
    raw: dict[str, Any] = {
        "type": "product",
        "product_id": pid,
        "billing_cycle": _cycle(array(params, "billingcycle").get(key), product, currency, key),
        "quantity": max(php_int(array(params, "qty").get(key)), 1),
        "addons": _addon_ids(array(params, "addons").get(key), key),
        "custom_fields": [
            {"id": field_id, "value": value if isinstance(value, bool | str) else str(value)}
            for field_id, value in _serialized(
                array(params, "customfields").get(key), "customfields", key
            ).items()
        ],
        "config_options": [
            {"id": option_id, "value": _option_value(world, option_id, value)}
            for option_id, value in _serialized(
                array(params, "configoptions").get(key), "configoptions", key
            ).items()
        ],
    }
    if domain := text(array(params, "domain").get(key)).strip():
        raw["domain"] = domain
    item = parse_item(world, client, raw, currency)
    item.price_override = _price(array(params, "priceoverride").get(key), f"priceoverride[{key}]")
    return item


def _product_items(request: Request, params: dict[str, Any], client: Any) -> list[Any]:
    """``pid[k]`` with ``billingcycle[k]``, ``qty[k]``, ``domain[k]``... of the same key k."""
    return [
        _product_item(request, params, key, php_int(pid), client)
        for key, pid in array(params, "pid").items()
        if php_int(pid)
    ]


_DOMAIN_ARRAYS = (
    "domain",
    "regperiod",
    "eppcode",
    "dnsmanagement",
    "emailforwarding",
    "idprotection",
    "domainpriceoverride",
    "domainrenewoverride",
)


def _domain_items(request: Request, params: dict[str, Any], client: Any) -> list[Any]:
    """``domaintype[k]`` registers or transfers ``domain[k]`` for ``regperiod[k]`` years."""
    kinds = array(params, "domaintype")
    if isinstance(params.get("domaintype"), dict):
        for name in _DOMAIN_ARRAYS:
            if name in params and not isinstance(params[name], dict):
                raise ClassicError(f"Expecting parameter '{name}' to be an array")
    items = []
    for key, kind in kinds.items():
        if not text(kind):
            continue
        value = {name: array(params, name).get(key) for name in _DOMAIN_ARRAYS}
        name = text(value["domain"]).strip()
        if not name:
            raise ClassicError(f"A domain name is required for domaintype[{key}]")
        raw = {
            "type": "domain_transfer" if text(kind).lower() == "transfer" else "domain_register",
            "name": name,
            "period": php_int(value["regperiod"]) or 1,
            "epp_code": text(value["eppcode"]) or None,
            "dns_management": text(value["dnsmanagement"]).lower() in _YES,
            "email_forwarding": text(value["emailforwarding"]).lower() in _YES,
            "id_protection": text(value["idprotection"]).lower() in _YES,
        }
        item = parse_item(request.world, client, raw, client.currency_code)
        item.price_override = _price(value["domainpriceoverride"], f"domainpriceoverride[{key}]")
        item.renew_override = _price(value["domainrenewoverride"], f"domainrenewoverride[{key}]")
        items.append(item)
    return items


def _renewal_items(request: Request, params: dict[str, Any], client: Any) -> list[Any]:
    """``domainrenewals[example.com]=years``: renewals of the client's own domains."""
    renewals = params.get("domainrenewals")
    if renewals in (None, ""):
        return []
    if not isinstance(renewals, dict):
        raise ClassicError("Expecting parameter 'domainrenewals' to be an array")
    owned = {d.domain.lower(): d for d in request.world.accounts.domains_of(client.id)}
    items = []
    for name, years in renewals.items():
        domain = owned.get(str(name).strip().lower())
        if domain is None:
            raise ClassicError("Domain not owned by Client ID provided")
        if domain.status not in _RENEWABLE:
            raise ClassicError(f"Domain status is set to '{domain.status}' and cannot be renewed")
        raw = {"type": "domain_renewal", "id": domain.id, "period": php_int(years) or 1}
        items.append(parse_item(request.world, client, raw, client.currency_code))
    return items


def _checked_client_ip(params: dict[str, Any]) -> str:
    client_ip = text(params.get("clientip")).strip()
    if client_ip:
        try:
            ipaddress.ip_address(client_ip)
        except ValueError:
            raise ClassicError("Invalid IP address provided for 'clientip'") from None
    return client_ip


def _promotion_code(request: Request, params: dict[str, Any], cart: Cart, client: Any) -> str:
    """The code to record: one that exists and whose rules allow this order, else none.

    WHMCS drops a code that does not apply rather than refusing the order; ``promooverride``
    applies it without the checks.
    """
    promotion = find_promotion(request.world, text(params.get("promocode")))
    if promotion is None:
        return ""
    if not flag(params, "promooverride"):
        try:
            check_usable(request.world, promotion, cart_charges(request.world, cart), client.id)
        except PromotionRefused:
            return ""
    return promotion.code


# The cart's checks speak of the REST API's fields; AddOrder's caller sent these parameters.
_PARAMETER_NAMES = (
    ("items.*.", ""),
    (" field", ""),
    ("billing_cycle", "billingcycle"),
    ("The period", "The regperiod"),
    ("The name", "The domain"),
    ("The quantity", "The qty"),
)


def classic_wording(message: str) -> str:
    for rest, classic in _PARAMETER_NAMES:
        message = message.replace(rest, classic)
    return message.rstrip(".")


def _check_stock(request: Request, cart: Cart) -> None:
    for product_id, wanted in units_in_cart(cart).items():
        product = request.world.catalog.product(product_id)
        refusal = stock_error(product, wanted) if product else None
        if refusal is not None:
            raise ClassicError(refusal["error"] if isinstance(refusal, dict) else refusal)


def add_order(request: Request, params: dict[str, Any]) -> dict[str, Any]:
    world = request.world
    client = world.accounts.clients.get(php_int(params.get("clientid")))
    if client is None:
        raise ClassicError("Client ID Not Found")
    method = text(params.get("paymentmethod"))
    if method not in {g.name for g in world.catalog.gateways}:
        raise ClassicError(
            "Invalid Payment Method. Valid options include "
            + ",".join(g.name for g in world.catalog.gateways)
        )
    client_ip = _checked_client_ip(params)
    cart = Cart(id=new_id(16), currency_code=client.currency_code, client_id=client.id)
    try:
        cart.items = [
            *_product_items(request, params, client),
            *_domain_items(request, params, client),
            *_renewal_items(request, params, client),
        ]
    except ApiError as error:
        raise ClassicError(classic_wording(error.message)) from None
    if not cart.items:
        raise ClassicError("No items added to cart so order cannot proceed")
    _check_stock(request, cart)
    cart.promotion_code = _promotion_code(request, params, cart, client) or None
    order = place_order(
        world,
        cart,
        client,
        method,
        client_ip,
        create_invoice=not flag(params, "noinvoice"),
        admin_requestor_id=request.params.get("admin_id", 0),
    )
    ids = ",".join(map(str, order.service_ids))
    created = {
        "orderid": order.id,
        "productids": ids,
        "serviceids": ids,
        "addonids": ",".join(map(str, order.addon_ids)),
        "domainids": ",".join(map(str, order.domain_ids)),
    }
    # WHMCS leaves invoiceid out of the answer when asked not to invoice.
    return created if flag(params, "noinvoice") else created | {"invoiceid": order.invoice_id}

"""The classic API: POST {prefix}/includes/api.php, form-encoded, ``action=<Name>``.

Answers are HTTP 200 JSON, ``{"result": "success", ...}`` or ``{"result": "error", "message"}``,
as WHMCS answers them. Credentials: the API identifier + secret (as identifier/secret or as
username/password), or an admin's username + password.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import parse_qsl

from ..cart_input import parse_item
from ..cart_validation import stock_error, units_in_cart
from ..carts import Cart, new_id
from ..catalog import PRODUCT_TYPES, CyclePrice, PriceTable, Product
from ..errors import ApiError
from ..orders import (
    ORDER_STATUSES,
    Order,
    OrderError,
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
from ..passwords import verify_password
from ..php_serialize import PhpSerializeError, loads_base64_array
from ..promotions import Promotion, all_promotions, times_used
from ..request import Request
from ..responses import Response
from ..routing import route

_CYCLES = (
    ("monthly", "msetupfee"),
    ("quarterly", "qsetupfee"),
    ("semiannually", "ssetupfee"),
    ("annually", "asetupfee"),
    ("biennially", "bsetupfee"),
    ("triennially", "tsetupfee"),
)
# The catalog has no module column; the classic API reports the usual one per product type.
_MODULE_BY_TYPE = {
    "hostingaccount": "cpanel",
    "reselleraccount": "cpanel",
    "server": "",
    "other": "",
}
_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")
MAX_FIELD_LENGTH = 10_000


class ClassicError(Exception):
    """Answered as {"result": "error", "message": ...} with HTTP 200, like WHMCS."""


def _answer(body: dict[str, Any]) -> Response:
    return Response(status=200, body=body)


def _error(message: str) -> Response:
    return _answer({"result": "error", "message": message})


# -- form decoding (PHP style: pid[]=1&pid[]=2, pricing[1][monthly]=1.00) -----------------


def php_form(raw: bytes) -> dict[str, Any]:
    form: dict[str, Any] = {}
    for key, value in parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True):
        if len(value) > MAX_FIELD_LENGTH:
            raise ClassicError(f"The {key} parameter is too long")
        found = _KEY.match(key)
        if found is None:
            continue
        path = re.findall(r"\[([^\[\]]*)\]", found[2])
        target: Any = form
        name = found[1]
        for part in path:
            child = target.get(name) if isinstance(target, dict) else None
            if not isinstance(child, dict):
                child = {}
                target[name] = child
            target, name = child, part if part != "" else str(len(child))
        target[name] = value
    return form


def as_list(value: Any) -> list[Any]:
    if value is None or value == "":
        return []
    if isinstance(value, dict):
        return [value[key] for key in sorted(value, key=lambda k: (len(k), k))]
    return [value]


def int_param(form: dict[str, Any], name: str, *, required: bool = False) -> int | None:
    value = form.get(name)
    if value in (None, ""):
        if required:
            raise ClassicError(f"The {name} parameter is required")
        return None
    if not isinstance(value, str) or not value.strip().isdigit() or len(value.strip()) > 18:
        raise ClassicError(f"The {name} parameter must be a whole number")
    return int(value)


def flag(form: dict[str, Any], name: str) -> bool:
    return str(form.get(name, "")).strip().lower() in {"1", "true", "on", "yes"}


# -- authentication ---------------------------------------------------------------------------


def authenticated(request: Request, form: dict[str, Any]) -> bool:
    config = request.config
    identifier = form.get("identifier") or form.get("username")
    secret = form.get("secret") or form.get("password")
    if not isinstance(identifier, str) or not isinstance(secret, str):
        return False
    if identifier == config.classic_api_identifier and secret == config.classic_api_secret:
        return True
    admin = request.world.accounts.admin_by_username(identifier)
    return admin is not None and verify_password(secret, admin.password_hash)


@route("POST", "/includes/api.php", kind="root")
def classic_api(request: Request) -> Response:
    try:
        form = php_form(request.raw_body)
        if not authenticated(request, form):
            return _error("Authentication Failed")
        action = ACTIONS.get(str(form.get("action", "")).lower())
        if action is None:
            return _error("Command Not Found")
        return _answer({"result": "success", **action(request, form)})
    except ClassicError as error:
        return _error(str(error))
    except ApiError as error:
        return _error(error.message)


# -- products ---------------------------------------------------------------------------------


def _price_columns(table: PriceTable, code: str) -> dict[str, str]:
    cycles = table.cycles(code)
    columns: dict[str, str] = {}
    onetime = cycles.get("onetime")
    for cycle, setup_name in _CYCLES:
        # WHMCS keeps a one-time price in the monthly column; -1.00 marks an unoffered cycle.
        price = onetime if (onetime and cycle == "monthly") else cycles.get(cycle)
        free = table.is_free
        columns[setup_name] = "0.00" if free or not price else f"{price.setup:.2f}"
        columns[cycle] = "0.00" if free else (f"{price.amount:.2f}" if price else "-1.00")
    return columns


def _paytype(product: Product) -> str:
    if product.pricing.is_free:
        return "free"
    return (
        "onetime"
        if any("onetime" in t for t in product.pricing.by_currency.values())
        else "recurring"
    )


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def product_classic_json(request: Request, product: Product) -> dict[str, Any]:
    catalog = request.world.catalog
    system_url = request.config.system_url.rstrip("/")
    pricing = {
        currency.code: {"prefix": currency.prefix, "suffix": currency.suffix}
        | _price_columns(product.pricing, currency.code)
        for currency in catalog.currencies
    }
    fields = [
        {
            "id": f.id,
            "name": f.name,
            "description": f.description or "",
            "required": "on" if f.required else "",
        }
        for f in catalog.custom_fields
        if f.product_id == product.id
    ]
    options = [
        {
            "id": o.id,
            "name": o.name,
            "type": str(("dropdown", "radio", "yesno", "quantity").index(o.type) + 1),
            "minqty": o.quantity_minimum or 0,
            "maxqty": o.quantity_maximum or 0,
            "options": {
                "option": [
                    {
                        "id": c.id,
                        "name": c.name,
                        "rawName": c.name,
                        "recurring": 0,
                        "required": None,
                        "pricing": {
                            cur.code: _price_columns(c.pricing, cur.code)
                            for cur in catalog.currencies
                        },
                    }
                    for c in o.choices
                ]
            },
        }
        for o in catalog.config_options
        if product.id in o.product_ids
    ]
    return {
        "pid": product.id,
        "gid": product.group_id,
        "type": product.type,
        "name": product.name,
        "slug": _slug(product.name),
        "product-url": f"{system_url}/store/{_slug(product.name)}",
        "description": product.description or "",
        "module": _module_of(request, product),
        "paytype": _paytype(product),
        "allowqty": product.multiple_quantities,
        "quantity_available": product.stock_quantity or 0,
        "pricing": pricing,
        "customfields": {"customfield": fields},
        "configoptions": {"configoption": options},
    }


def _module_of(request: Request, product: Product) -> str:
    modules = request.world.extra.get("product_modules", {})
    return modules.get(product.id, _MODULE_BY_TYPE.get(product.type, ""))


def get_products(request: Request, form: dict[str, Any]) -> dict[str, Any]:
    products = list(request.world.catalog.visible_products())
    if form.get("pid"):
        wanted = set()
        for part in str(form["pid"]).split(","):
            if not part.strip().isdigit():
                raise ClassicError("The pid parameter must be a product id or a list of them")
            wanted.add(int(part))
        products = [p for p in products if p.id in wanted]
    gid = int_param(form, "gid")
    if gid is not None:
        products = [p for p in products if p.group_id == gid]
    if form.get("module"):
        products = [p for p in products if _module_of(request, p) == form["module"]]
    shown = [product_classic_json(request, p) for p in products]
    return {
        "totalresults": len(shown),
        "startnumber": 0,
        "numreturned": len(shown),
        "products": {"product": shown},
    }


def _decimal(value: Any, name: str) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ClassicError(f"The {name} price must be a number") from None
    if not number.is_finite() or abs(number) > Decimal("1e9"):
        raise ClassicError(f"The {name} price must be a number")
    return number


def _added_pricing(request: Request, form: dict[str, Any], paytype: str) -> PriceTable:
    if paytype == "free":
        return PriceTable(is_free=True)
    raw = form.get("pricing") or {}
    if not isinstance(raw, dict):
        raise ClassicError("The pricing parameter must be an array per currency id")
    by_currency: dict[str, dict[str, CyclePrice]] = {}
    for currency in request.world.catalog.currencies:
        columns = raw.get(str(currency.id)) or {}
        if not isinstance(columns, dict):
            raise ClassicError("The pricing parameter must be an array per currency id")
        prices: dict[str, CyclePrice] = {}
        for cycle, setup_name in _CYCLES:
            if cycle not in columns:
                continue
            price = _decimal(columns[cycle], cycle)
            setup = _decimal(columns.get(setup_name, "0"), setup_name)
            if price >= 0:  # WHMCS: -1 disables a cycle
                prices[cycle] = CyclePrice(price, max(setup, Decimal(0)))
        if paytype == "onetime" and "monthly" in prices:
            prices = {"onetime": prices["monthly"]}
        by_currency[currency.code] = prices
    return PriceTable(is_free=False, by_currency=by_currency)


def add_product(request: Request, form: dict[str, Any]) -> dict[str, Any]:
    """Adds to the live catalog (an immutable value: the world gets a new one)."""
    world = request.world
    name = str(form.get("name", "")).strip()
    if not name or len(name) > 255:
        raise ClassicError("You must supply a name for the product")
    gid = int_param(form, "gid")
    if gid is None or not any(g.id == gid for g in world.catalog.groups):
        raise ClassicError("You must supply a valid Product Group ID")
    product_type = str(form.get("type") or "other")
    if product_type not in PRODUCT_TYPES:
        raise ClassicError(
            "Invalid product type. Must be one of "
            '"hostingaccount", "reselleraccount", "server" or "other"'
        )
    paytype = str(form.get("paytype") or "recurring")
    if paytype not in ("free", "onetime", "recurring"):
        raise ClassicError('Invalid pay type. Must be one of "free", "onetime" or "recurring"')
    product = Product(
        id=max((p.id for p in world.catalog.products), default=0) + 1,
        group_id=gid,
        name=name,
        description=str(form.get("description") or "") or None,
        tagline=str(form.get("tagline") or "") or None,
        type=product_type,
        order=int_param(form, "order") or 0,
        pricing=_added_pricing(request, form, paytype),
        stock_control=flag(form, "stockcontrol"),
        stock_quantity=int_param(form, "qty"),
        hidden=flag(form, "hidden"),
    )
    world.catalog = replace(world.catalog, products=(*world.catalog.products, product))
    if form.get("module"):
        world.extra.setdefault("product_modules", {})[product.id] = str(form["module"])[:64]
    return {"pid": product.id}


# -- orders -----------------------------------------------------------------------------------


def _order(request: Request, form: dict[str, Any]) -> Order:
    order = find_order(request.world, int_param(form, "orderid", required=True) or 0)
    if order is None:
        raise ClassicError("Order ID Not Found")
    return order


def _lifecycle(
    change: Callable[[Any, Order], None],
) -> Callable[[Request, dict[str, Any]], dict[str, Any]]:
    def action(request: Request, form: dict[str, Any]) -> dict[str, Any]:
        try:
            change(request.world, _order(request, form))
        except OrderError as error:
            raise ClassicError(str(error)) from None
        return {}

    return action


def order_json(request: Request, order: Order) -> dict[str, Any]:
    world = request.world
    client = world.accounts.clients.get(order.client_id)
    currency = world.catalog.currency(order.currency_code)
    invoice = invoices(world).get(order.invoice_id)
    return {
        "id": order.id,
        "ordernum": order.order_number,
        "userid": order.client_id,
        "contactid": 0,
        "date": order.date.strftime("%Y-%m-%d %H:%M:%S"),
        "nameservers": "",
        "transfersecret": "",
        "renewals": "",
        "promocode": order.promo_code,
        "promotype": order.promo_type,
        "promovalue": order.promo_value,
        "orderdata": "[]",
        "amount": f"{order.amount:.2f}",
        "paymentmethod": order.payment_method,
        "invoiceid": order.invoice_id,
        "status": order.status,
        "ipaddress": order.ip_address,
        "fraudmodule": "",
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
        "lineitems": {
            "lineitem": [
                {
                    "type": line.type,
                    "relid": line.relid,
                    "producttype": line.description,
                    "product": line.description,
                    "domain": line.domain,
                    "billingcycle": line.billing_cycle,
                    "amount": f"{line.amount:.2f}",
                    "status": order.status,
                }
                for line in order.lines
            ]
        },
    }


def get_orders(request: Request, form: dict[str, Any]) -> dict[str, Any]:
    orders = sorted(request.world.orders, key=lambda o: o.id, reverse=True)
    order_id, client_id = int_param(form, "id"), int_param(form, "userid")
    if order_id is not None:
        orders = [o for o in orders if o.id == order_id]
    if client_id is not None:
        orders = [o for o in orders if o.client_id == client_id]
    if form.get("status"):
        orders = [o for o in orders if o.status.lower() == str(form["status"]).lower()]
    start = int_param(form, "limitstart") or 0
    limit = int_param(form, "limitnum")
    limit = 25 if limit is None else limit
    page = orders[start : start + limit]
    return {
        "totalresults": len(orders),
        "startnumber": start,
        "numreturned": len(page),
        "orders": {"order": [order_json(request, o) for o in page]},
    }


def get_order_statuses(request: Request, form: dict[str, Any]) -> dict[str, Any]:
    colours = {
        "Pending": "#cc0000",
        "Active": "#779500",
        "Fraud": "#000000",
        "Cancelled": "#888888",
    }
    statuses = [
        {
            "title": status,
            "color": colours[status],
            "count": sum(1 for o in request.world.orders if o.status == status),
        }
        for status in ORDER_STATUSES
    ]
    return {"totalresults": len(statuses), "statuses": {"status": statuses}}


def promotion_classic_json(request: Request, promotion: Promotion) -> dict[str, Any]:
    """One tblpromotions row as GetPromotions shows it.

    ``value`` is the default currency's value; a code priced per currency keeps every value
    in ``currencyvalues`` (a sandbox extra: WHMCS keeps them in its pricing table).
    """
    p = promotion
    default = request.world.catalog.default_currency.code
    return {
        "id": p.id,
        "code": p.code,
        "type": p.type,
        "recurring": int(p.recurring),
        "value": f"{p.value_in(default):.2f}",
        "currencyvalues": {code: f"{value:.2f}" for code, value in p.value_by_currency.items()},
        "cycles": ",".join(p.cycles),
        "appliesto": ",".join(str(pid) for pid in p.products),
        "requires": "",
        "requiresexisting": 0,
        "startdate": "0000-00-00",
        "expirationdate": p.expires.isoformat() if p.expires else "0000-00-00",
        "maxuses": p.max_uses,
        "uses": times_used(request.world, p),
        "lifetimepromo": 0,
        "applyonce": 0,
        "newsignups": int(p.new_signups_only),
        "existingclient": 0,
        "onceperclient": int(p.once_per_client),
        "recurfor": p.recurring_count,
        "upgrades": 0,
        "upgradeconfig": "",
        "notes": "",
    }


def get_promotions(request: Request, form: dict[str, Any]) -> dict[str, Any]:
    promotions = all_promotions(request.world)
    if form.get("code"):
        promotions = [p for p in promotions if p.code.lower() == str(form["code"]).lower()]
    shown = [promotion_classic_json(request, p) for p in promotions]
    return {"totalresults": len(shown), "promotions": {"promotion": shown}}


def order_fraud_check(request: Request, form: dict[str, Any]) -> dict[str, Any]:
    order = _order(request, form)
    ip_address = form.get("ipaddress") if isinstance(form.get("ipaddress"), str) else None
    status, results = fraud_check(request.world, order, ip_address)
    return {"status": status, "module": "sandbox", "results": results}


def _at(values: list[Any], index: int) -> Any:
    return values[index] if index < len(values) else None


def _serialized(form: dict[str, Any], name: str, index: int) -> dict[int, Any]:
    """``name[index]``: base64 of a PHP-serialised array keyed by id (WHMCS's encoding)."""
    raw = _at(as_list(form.get(name)), index)
    if raw in (None, ""):
        return {}
    if not isinstance(raw, str):
        raise ClassicError(f"Invalid {name}[{index}]: base64 of a serialized array expected")
    try:
        values = loads_base64_array(raw)
    except PhpSerializeError as error:
        raise ClassicError(f"Invalid {name}[{index}]: {error}") from None
    by_id: dict[int, Any] = {}
    for key, value in values.items():
        if isinstance(key, str) and not (key.isdigit() and len(key) <= 18):
            raise ClassicError(f"Invalid {name}[{index}]: the keys must be ids")
        by_id[int(key)] = value
    return by_id


_YES = {"1", "on", "yes", "true"}


def _option_value(world: Any, option_id: int, value: Any) -> Any:
    """WHMCS sends a choice id, a quantity, or 1/"on" for a yes/no option."""
    option = next((o for o in world.catalog.config_options if o.id == option_id), None)
    if option is not None and option.type == "yesno":
        return value is True or (not isinstance(value, bool) and str(value).lower() in _YES)
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 9:
        return int(value)
    return value


def _field_value(value: Any) -> Any:
    return value if isinstance(value, (bool, str)) else str(value)


def _addons(form: dict[str, Any], index: int) -> list[dict[str, Any]]:
    raw = _at(as_list(form.get("addons")), index)
    if raw in (None, ""):
        return []
    ids = [part.strip() for part in str(raw).split(",") if part.strip()]
    if not all(part.isdigit() and len(part) <= 9 for part in ids):
        raise ClassicError(f"Invalid addons[{index}]: a comma separated list of addon ids")
    return [{"id": int(part)} for part in ids]


def _price_override(form: dict[str, Any], index: int) -> Decimal | None:
    raw = _at(as_list(form.get("priceoverride")), index)
    if raw in (None, ""):
        return None
    price = _decimal(raw, f"priceoverride[{index}]")
    if price < 0:
        raise ClassicError(f"The priceoverride[{index}] price must not be negative")
    return price


def _product_items(request: Request, form: dict[str, Any]) -> list[tuple[dict, Decimal | None]]:
    world = request.world
    products = as_list(form.get("pid"))
    cycles = as_list(form.get("billingcycle"))
    domains = as_list(form.get("domain"))
    items: list[tuple[dict, Decimal | None]] = []
    for index, product_id in enumerate(products):
        if not str(product_id).isdigit():
            raise ClassicError("Invalid Product ID")
        item: dict[str, Any] = {
            "type": "product",
            "product_id": int(product_id),
            "billing_cycle": (cycles[index] if index < len(cycles) else "monthly").lower(),
            "addons": _addons(form, index),
            "custom_fields": [
                {"id": field_id, "value": _field_value(value)}
                for field_id, value in _serialized(form, "customfields", index).items()
            ],
            "config_options": [
                {"id": option_id, "value": _option_value(world, option_id, value)}
                for option_id, value in _serialized(form, "configoptions", index).items()
            ],
        }
        if index < len(domains) and domains[index]:
            item["domain"] = domains[index]
        items.append((item, _price_override(form, index)))
    return items


def _order_items(request: Request, form: dict[str, Any], client: Any) -> list[Any]:
    """AddOrder's parallel arrays (pid[], billingcycle[], domain[]...) as cart items."""
    world = request.world
    currency = client.currency_code
    items: list[Any] = []
    for raw, override in _product_items(request, form):
        item = parse_item(world, client, raw, currency)
        item.price_override = override
        items.append(item)
    products = as_list(form.get("pid"))
    domains = as_list(form.get("domain"))
    kinds, periods, codes = (as_list(form.get(n)) for n in ("domaintype", "regperiod", "eppcode"))
    for index, kind in enumerate(kinds):
        name_index = len(products) + index if len(domains) > len(products) else index
        if name_index >= len(domains):
            raise ClassicError("A domain name is required for each domaintype")
        period = periods[index] if index < len(periods) else "1"
        raw = {
            "type": "domain_transfer" if kind == "transfer" else "domain_register",
            "name": domains[name_index],
            "period": int(period) if str(period).isdigit() else 0,
            "epp_code": codes[index] if index < len(codes) else None,
        }
        items.append(parse_item(world, client, raw, currency))
    items.extend(_renewal_items(request, form, client))
    return items


def _renewal_items(request: Request, form: dict[str, Any], client: Any) -> list[Any]:
    """``domainrenewals[example.com]=years``: renewals of the client's own domains."""
    renewals = form.get("domainrenewals")
    if renewals in (None, ""):
        return []
    if not isinstance(renewals, dict):
        raise ClassicError("The domainrenewals parameter must be an array of domain => years")
    owned = {d.domain.lower(): d for d in request.world.accounts.domains_of(client.id)}
    items = []
    for name, years in renewals.items():
        domain = owned.get(str(name).strip().lower())
        if domain is None:
            raise ClassicError(f"Domain not found for this client: {name}")
        if not str(years).isdigit():
            raise ClassicError(f"The renewal period of {name} must be a number of years")
        raw = {"type": "domain_renewal", "id": domain.id, "period": int(years)}
        items.append(parse_item(request.world, client, raw, client.currency_code))
    return items


def add_order(request: Request, form: dict[str, Any]) -> dict[str, Any]:
    world = request.world
    client = world.accounts.clients.get(int_param(form, "clientid", required=True) or 0)
    if client is None:
        raise ClassicError("Client ID Not Found")
    method = form.get("paymentmethod")
    if method not in {g.name for g in world.catalog.gateways}:
        raise ClassicError(
            "Invalid Payment Method. Valid options include "
            + ",".join(g.name for g in world.catalog.gateways)
        )
    cart = Cart(id=new_id(16), currency_code=client.currency_code, client_id=client.id)
    cart.items = _order_items(request, form, client)
    if not cart.items:
        raise ClassicError("No items added to cart so order cannot proceed")
    for product_id, wanted in units_in_cart(cart).items():
        product = world.catalog.product(product_id)
        refusal = stock_error(product, wanted) if product else None
        if refusal is not None:
            raise ClassicError(refusal["error"] if isinstance(refusal, dict) else refusal)
    if form.get("promocode"):
        cart.promotion_code = str(form["promocode"])
    order = place_order(
        world,
        cart,
        client,
        str(method),
        str(form.get("clientip") or ""),
        create_invoice=not flag(form, "noinvoice"),
    )
    return {
        "orderid": order.id,
        "serviceids": ",".join(map(str, order.service_ids)),
        "addonids": ",".join(map(str, order.addon_ids)),
        "domainids": ",".join(map(str, order.domain_ids)),
        "invoiceid": order.invoice_id,
    }


# -- users ------------------------------------------------------------------------------------


def validate_login(request: Request, form: dict[str, Any]) -> dict[str, Any]:
    """ValidateLogin: `email` + `password2`, checked for the API caller.

    WHMCS's IP ban counts failed logins to the client area, the admin area and the REST
    API's sessions. ValidateLogin is none of these: an API call made with the API credential
    from an allowed address, answered "Email or Password Invalid" when wrong. So a wrong
    password here records nothing against the caller's address.
    """
    email, password = form.get("email"), form.get("password2")
    user = request.world.accounts.user_by_email(email) if isinstance(email, str) else None
    if user is None or not isinstance(password, str) or not password:
        raise ClassicError("Email or Password Invalid")
    if not verify_password(password, user.password_hash):
        raise ClassicError("Email or Password Invalid")
    answer: dict[str, Any] = {"userid": user.id, "twoFactorEnabled": bool(user.totp_secret)}
    if not user.totp_secret:
        answer["passwordhash"] = secrets.token_hex(32)
    return answer


ACTIONS: dict[str, Callable[[Request, dict[str, Any]], dict[str, Any]]] = {
    "getproducts": get_products,
    "addproduct": add_product,
    "acceptorder": _lifecycle(accept_order),
    "addorder": add_order,
    "cancelorder": _lifecycle(cancel_order),
    "deleteorder": _lifecycle(delete_order),
    "fraudorder": _lifecycle(fraud_order),
    "getorders": get_orders,
    "getorderstatuses": get_order_statuses,
    "getpromotions": get_promotions,
    "orderfraudcheck": order_fraud_check,
    "pendingorder": _lifecycle(pending_order),
    "validatelogin": validate_login,
}

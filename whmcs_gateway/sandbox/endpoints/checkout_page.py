"""The classic-style checkout page the REST checkout hands the browser to.

    GET  {prefix}/cart.php?a=checkout&token=...   order summary, payment method, (guest) details
    POST {prefix}/cart.php?a=checkout             place the order -> confirmation

Plain HTML forms, no JavaScript, one linked stylesheet: it works under a strict CSP. Each page
view issues a one-time form token; posting the same form again shows the order it already
placed instead of placing a second one.
"""

from __future__ import annotations

import re
import secrets
from html import escape
from typing import Any
from urllib.parse import parse_qs

from ..cart_json import renewal_name
from ..cart_validation import validation_errors
from ..carts import Cart
from ..money import amount
from ..orders import Order, cart_for_token, create_client, find_order, place_order
from ..request import Request
from ..responses import Response
from ..routing import route
from ..totals import compute_totals

_SECURITY_HEADERS = [
    (
        "Content-Security-Policy",
        "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'; "
        "frame-ancestors 'none'",
    ),
    ("X-Content-Type-Options", "nosniff"),
    # The checkout token is in the URL: never leak it to another site.
    ("Referrer-Policy", "no-referrer"),
]
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
_GUEST_FIELDS = ("firstname", "lastname", "email", "country", "state")
_STYLESHEET = """body{font-family:Helvetica,Arial,sans-serif;background:#f6f7f9;color:#333;margin:0}
header{background:#1a4d80;color:#fff;padding:12px 24px}main{max-width:760px;margin:24px auto;
background:#fff;padding:24px;border:1px solid #ddd}table{width:100%;border-collapse:collapse}
td,th{padding:6px;border-bottom:1px solid #eee;text-align:left}td.num{text-align:right}
.errors{background:#fdecea;border:1px solid #e0b4b4;padding:8px}label{display:block;margin:6px 0}
button{background:#5cb85c;color:#fff;border:0;padding:10px 18px;font-size:16px}"""


def _page(title: str, body: str, status: int = 200) -> Response:
    html = (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{escape(title)}</title>"
        "<link rel='stylesheet' href='assets/css/checkout.css'></head>"
        f"<body><header>WHMCS Sandbox &middot; {escape(title)}</header><main>{body}</main>"
        "</body></html>"
    )
    return Response(
        status=status,
        body=html,
        content_type="text/html; charset=utf-8",
        headers=list(_SECURITY_HEADERS),
    )


@route("GET", "/assets/css/checkout.css", kind="root")
def stylesheet(request: Request) -> Response:
    return Response(body=_STYLESHEET, content_type="text/css; charset=utf-8")


def _store(request: Request, name: str) -> dict[str, Any]:
    return request.world.extra.setdefault(name, {})


def _summary(request: Request, cart: Cart) -> str:
    totals = compute_totals(request.world, cart)
    currency = request.world.catalog.currency(cart.currency_code)
    assert currency is not None
    rows = [f"<tr><td>{escape(_item_label(request, item))}</td></tr>" for item in cart.items]
    lines = [("Subtotal", totals.subtotal)]
    if totals.discount:
        lines.append(("Promotion discount", -totals.discount))
    lines += [(f"{line.name} @ {line.rate}%", line.amount) for line in totals.taxes]
    lines.append(("Total due today", totals.total))
    money_rows = "".join(
        f"<tr><th>{escape(label)}</th><td class='num'>"
        f"{escape(amount(value, currency)['display_value'])}</td></tr>"
        for label, value in lines
    )
    return f"<h2>Order summary</h2><table>{''.join(rows)}</table><table>{money_rows}</table>"


def _item_label(request: Request, item: Any) -> str:
    catalog = request.world.catalog
    if item.type == "product":
        product = catalog.product(item.product_id)
        name = product.name if product else f"Product #{item.product_id}"
        return f"{name} ({item.billing_cycle})" + (f" - {item.domain}" if item.domain else "")
    if item.type in ("domain_register", "domain_transfer"):
        verb = "Registration" if item.type == "domain_register" else "Transfer"
        return f"Domain {verb}: {item.name} ({item.period} year(s))"
    if item.type == "bundle":
        return f"Bundle #{item.bundle_id}"
    if item.type in ("domain_renewal", "service_renewal", "addon_renewal"):
        return f"Renewal: {renewal_name(request.world, item)}"
    return f"{item.type.replace('_', ' ').title()} #{getattr(item, 'target_id', '')}"


def _checkout_form(request: Request, cart: Cart, token: str, errors: list[str], form: dict) -> str:
    nonce = secrets.token_urlsafe(24)
    _store(request, "checkout_nonces")[nonce] = token
    gateways = "".join(
        f"<label><input type='radio' name='paymentmethod' value='{escape(g.name)}'"
        f"{' checked' if index == 0 else ''}> {escape(g.description)}</label>"
        for index, g in enumerate(request.world.catalog.gateways)
    )
    details = ""
    if cart.client_id is None:
        details = "<h2>Your details</h2>" + "".join(
            f"<label>{name.title()} <input name='{name}' value='{escape(form.get(name, ''))}' "
            f"maxlength='100'{'' if name == 'state' else ' required'}></label>"
            for name in _GUEST_FIELDS
        )
    shown_errors = (
        "<div class='errors'><ul>"
        + "".join(f"<li>{escape(error)}</li>" for error in errors)
        + "</ul></div>"
        if errors
        else ""
    )
    return (
        f"{shown_errors}{_summary(request, cart)}"
        "<form method='post' action='cart.php?a=checkout'>"
        f"<input type='hidden' name='token' value='{escape(token)}'>"
        f"<input type='hidden' name='nonce' value='{escape(nonce)}'>"
        f"{details}<h2>Payment method</h2>{gateways}"
        "<p><button type='submit'>Complete Order</button></p></form>"
    )


def _confirmation(request: Request, order: Order) -> Response:
    currency = request.world.catalog.currency(order.currency_code)
    assert currency is not None
    back = escape(request.config.shop_return_url)
    body = (
        "<h2>Thank you for your order</h2>"
        f"<p>Your order number is <strong>{escape(order.order_number)}</strong>.</p>"
        f"<p>Invoice #{order.invoice_id}: {escape(amount(order.amount, currency)['display_value'])}"
        f" (status: {escape(order.status)})</p>"
        f"<p><a href='{back}'>Return to the shop</a></p>"
    )
    return _page("Order Confirmation", body)


def _expired() -> Response:
    return _page("Checkout", "<p>This checkout link is invalid or has expired.</p>", status=404)


@route("GET", "/cart.php", kind="root")
def checkout_page(request: Request) -> Response:
    if request.query.get("a", [""])[-1] != "checkout":
        return _page("Shopping Cart", "<p>Use the shop to fill your cart.</p>")
    token = request.query.get("token", [""])[-1]
    cart = cart_for_token(request.world, token)
    if cart is None:
        order = find_order(request.world, _store(request, "checkout_orders").get(token, 0))
        return _confirmation(request, order) if order else _expired()
    return _page("Checkout", _checkout_form(request, cart, token, [], {}))


def _form(request: Request) -> dict[str, str]:
    parsed = parse_qs(request.raw_body.decode("utf-8", "replace"), keep_blank_values=True)
    return {name: values[-1].strip() for name, values in parsed.items()}


def _guest_errors(request: Request, form: dict[str, str]) -> list[str]:
    errors = [
        f"{name.title()} is required"
        for name in ("firstname", "lastname", "email", "country")
        if not form.get(name)
    ]
    errors += [
        f"{name.title()} is too long" for name in _GUEST_FIELDS if len(form.get(name, "")) > 100
    ]
    if form.get("email") and not _EMAIL.match(form["email"]):
        errors.append("Email is not a valid email address")
    elif form.get("email") and request.world.accounts.user_by_email(form["email"]):
        errors.append("An account with this email exists: log in through the shop first")
    if form.get("country") and request.world.catalog.country(form["country"]) is None:
        errors.append("Country is not a valid country code")
    return errors


@route("POST", "/cart.php", kind="root")
def place_order_page(request: Request) -> Response:
    form = _form(request)
    token, nonce = form.get("token", ""), form.get("nonce", "")
    placed = _store(request, "checkout_orders")
    # A form posted twice (double click, back + resubmit) shows the first order again.
    if nonce in _store(request, "used_nonces"):
        order = find_order(request.world, placed.get(token, 0))
        return _confirmation(request, order) if order else _expired()
    cart = cart_for_token(request.world, token)
    if cart is None or _store(request, "checkout_nonces").get(nonce) != token:
        return _expired()
    errors = [
        f"{error}" if isinstance(error, str) else error["error"]
        for entry in validation_errors(request.world, cart)
        for error in entry["errors"]
    ]
    gateway_names = {g.name for g in request.world.catalog.gateways}
    if form.get("paymentmethod") not in gateway_names:
        errors.append("Please choose a payment method")
    if cart.client_id is None:
        errors += _guest_errors(request, form)
    if errors:
        return _page("Checkout", _checkout_form(request, cart, token, errors, form), status=400)
    client = request.world.accounts.clients.get(cart.client_id) if cart.client_id else None
    if client is None:
        country = request.world.catalog.country(form["country"])
        assert country is not None
        client = create_client(
            request.world,
            firstname=form["firstname"],
            lastname=form["lastname"],
            email=form["email"],
            country=country.code,
            state=form.get("state", ""),
            currency_code=cart.currency_code,
        )
    order = place_order(request.world, cart, client, form["paymentmethod"], request.remote_addr)
    _store(request, "used_nonces")[nonce] = order.id
    placed[token] = order.id
    return _confirmation(request, order)

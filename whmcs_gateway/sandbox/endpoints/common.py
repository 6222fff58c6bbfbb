"""Helpers shared by endpoint modules: currency choice, auth requirements, presenters.

Prices are shown in the currency a request asks for with ``?currency=EUR`` (WHMCS carts and
catalog pages take a currency the same way), else the session's, else the active client's,
else the default currency.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ..accounts import Client, User
from ..catalog import PRODUCT_TYPES, Group, PriceTable, Product
from ..errors import NotFound, Unauthorized, Unprocessable
from ..money import Currency, amount
from ..request import Request


def current_currency(request: Request) -> Currency:
    """?currency=EUR, else the session's currency, else the active client's, else default."""
    catalog = request.world.catalog
    code = request.query_str("currency", required=False, max_length=3)
    if code is not None:
        currency = catalog.currency(code)
        if currency is None:
            raise Unprocessable(f"Invalid currency code: {code}")
        return currency
    session = request.session
    if session is not None and session.currency_code:
        return catalog.currency(session.currency_code) or catalog.default_currency
    client = active_client(request)
    if client is not None:
        return catalog.currency(client.currency_code) or catalog.default_currency
    return catalog.default_currency


def active_client(request: Request) -> Client | None:
    session = request.session
    if session is None or session.client_id is None:
        return None
    return request.world.accounts.clients.get(session.client_id)


def require_user(request: Request) -> User:
    session = request.session
    user = None
    if session is not None and session.user_id is not None:
        user = request.world.accounts.users.get(session.user_id)
    if user is None:
        raise Unauthorized("You must be logged in as a user to do this.")
    return user


def require_client(request: Request) -> Client:
    require_user(request)
    client = active_client(request)
    if client is None:
        raise Unauthorized("Select an active client account first.")
    return client


def require_product(request: Request, product_id: int) -> Product:
    product = request.world.catalog.product(product_id)
    if product is None:
        raise NotFound("Product not found")
    return product


def relative_date(today: date, days: int | None) -> str | None:
    return None if days is None else (today + timedelta(days=days)).isoformat()


# -- presenters shared by catalog and account endpoints --------------------------------


def group_json(group: Group) -> dict[str, Any]:
    return {
        "id": group.id,
        "name": group.name,
        "description": group.description,
        "icon": group.icon,
        "headline": group.headline,
        "tagline": group.tagline,
        "order": group.order,
        "features": [
            {"id": f.id, "name": f.name, "description": f.description, "order": f.order}
            for f in group.features
        ],
    }


def pricing_json(pricing: PriceTable, currency: Currency) -> dict[str, Any]:
    """The Pricing object: is_free, onetime {setup, amount}, recurring [{cycle, setup, amount}]."""
    body: dict[str, Any] = {"is_free": pricing.is_free, "recurring": []}
    for cycle, price in pricing.cycles(currency.code).items():
        prices = {"setup": amount(price.setup, currency), "amount": amount(price.amount, currency)}
        if cycle == "onetime":
            body["onetime"] = prices
        else:
            body["recurring"].append({"cycle": cycle, **prices})
    return body


_MULTIPLE_QUANTITIES = {0: "No", 1: "Yes (Multiple Services)", 2: "Yes (Scalable)"}


def product_json(request: Request, product: Product) -> dict[str, Any]:
    """The Product object (without pricing) as nested in services."""
    group = request.world.catalog.group(product.group_id)
    body: dict[str, Any] = {
        "id": product.id,
        "name": product.name,
        "description": product.description,
        "tagline": product.tagline,
        "allow_multiple_quantities": {
            "is_supported": product.multiple_quantities > 0,
            "type": {
                "code": product.multiple_quantities,
                "display": _MULTIPLE_QUANTITIES.get(product.multiple_quantities, "No"),
            },
        },
        "is_domain_required": product.is_domain_required,
        "stock_control_enabled": product.stock_control,
        "stock_quantity": product.stock_quantity if product.stock_control else None,
        "type": {"name": product.type, "display_name": PRODUCT_TYPES[product.type]},
        "order": product.order,
    }
    if group is not None:
        body["group"] = group_json(group)
    return body


def product_pricing_json(request: Request, product: Product, currency: Currency) -> dict[str, Any]:
    return {**product_json(request, product), "pricing": pricing_json(product.pricing, currency)}

"""Store catalog: products, groups, per-product addons/custom fields/config options/cross-sells,
and the bundles of a group."""

from __future__ import annotations

from typing import Any

from ..catalog import Bundle, ConfigOption, CustomField
from ..errors import NotFound
from ..money import Currency, amount
from ..request import Request
from ..responses import Response, paged
from ..routing import route
from .common import (
    current_currency,
    group_json,
    pricing_json,
    product_pricing_json,
    require_product,
)


@route("GET", "/store/products")
def list_products(request: Request) -> Response:
    page, currency = request.page, current_currency(request)
    products = request.world.catalog.visible_products()
    return paged([product_pricing_json(request, p, currency) for p in products], page)


@route("GET", "/store/products/{product_id:int}")
def get_product(request: Request) -> dict[str, Any]:
    product = require_product(request, request.params["product_id"])
    return product_pricing_json(request, product, current_currency(request))


@route("GET", "/store/products/groups")
def list_groups(request: Request) -> Response:
    groups = sorted(
        (g for g in request.world.catalog.groups if not g.hidden), key=lambda g: (g.order, g.id)
    )
    return paged([group_json(group) for group in groups], request.page)


@route("GET", "/store/products/groups/{group_id:int}")
def get_group(request: Request) -> dict[str, Any]:
    page, currency = request.page, current_currency(request)
    catalog = request.world.catalog
    group = catalog.group(request.params["group_id"])
    if group is None:
        raise NotFound("Product group not found")
    products = [p for p in catalog.visible_products() if p.group_id == group.id]
    return {
        **group_json(group),
        "products": [product_pricing_json(request, p, currency) for p in page.slice(products)],
    }


@route("GET", "/store/products/{product_id:int}/addons")
def list_product_addons(request: Request) -> Response:
    page, currency = request.page, current_currency(request)
    product = require_product(request, request.params["product_id"])
    addons = [a for a in request.world.catalog.addons if product.id in a.product_ids]
    return paged(
        [
            {
                "id": addon.id,
                "name": addon.name,
                "description": addon.description,
                "pricing": pricing_json(addon.pricing, currency),
            }
            for addon in addons
        ],
        page,
    )


def custom_field_json(field: CustomField) -> dict[str, Any]:
    return {
        "id": field.id,
        "name": field.name,
        "description": field.description,
        "type": field.type,
        "options": list(field.options) if field.options else None,
        "validation": field.validation,
        "required": field.required,
    }


@route("GET", "/store/products/{product_id:int}/customfields")
def list_product_custom_fields(request: Request) -> Response:
    page = request.page
    product = require_product(request, request.params["product_id"])
    fields = [f for f in request.world.catalog.custom_fields if f.product_id == product.id]
    return paged([custom_field_json(field) for field in fields], page)


def config_option_json(option: ConfigOption, currency: Currency) -> dict[str, Any]:
    return {
        "id": option.id,
        "name": option.name,
        "description": option.description,
        "type": option.type,
        "quantity_minimum": option.quantity_minimum,
        "quantity_maximum": option.quantity_maximum,
        "sort_order": option.sort_order,
        "group": _option_group(option),
        "options": [
            {
                "name": choice.name,
                "value": choice_value(option, choice.id),
                "sort_order": choice.sort_order,
                "pricing": pricing_json(choice.pricing, currency),
            }
            for choice in option.choices
        ],
    }


def choice_value(option: ConfigOption, choice_id: int) -> bool | int:
    """The value a client sends to pick a choice: the choice id, true for yes/no, 1 unit."""
    if option.type == "yesno":
        return True
    if option.type == "quantity":
        return 1
    return choice_id


def _option_group(option: ConfigOption) -> dict[str, Any]:
    # A WHMCS configurable option group has only an id, a name and a description.
    return {"id": option.group_id, "name": option.group_name, "description": None}


@route("GET", "/store/products/{product_id:int}/configoptions")
def list_product_config_options(request: Request) -> Response:
    page, currency = request.page, current_currency(request)
    product = require_product(request, request.params["product_id"])
    options = sorted(
        (o for o in request.world.catalog.config_options if product.id in o.product_ids),
        key=lambda o: (o.sort_order, o.id),
    )
    return paged([config_option_json(option, currency) for option in options], page)


@route("GET", "/store/products/{product_id:int}/cross-sells")
def list_cross_sells(request: Request) -> Response:
    page, currency = request.page, current_currency(request)
    product = require_product(request, request.params["product_id"])
    catalog = request.world.catalog
    products = [catalog.product(pid) for pid in product.cross_sell_ids]
    visible = [p for p in products if p is not None]
    return paged([product_pricing_json(request, p, currency) for p in visible], page)


@route("GET", "/store/bundles/groups/{group_id:int}")
def get_group_bundles(request: Request) -> dict[str, Any]:
    page, currency = request.page, current_currency(request)
    catalog = request.world.catalog
    group = catalog.group(request.params["group_id"])
    if group is None:
        raise NotFound("Product group not found")
    bundles = [b for b in catalog.bundles if b.group_id == group.id]
    return {
        **group_json(group),
        "bundles": [bundle_json(b, group_json(group), currency) for b in page.slice(bundles)],
    }


def bundle_json(bundle: Bundle, group: dict[str, Any], currency: Currency) -> dict[str, Any]:
    return {
        "id": bundle.id,
        "name": bundle.name,
        "description": bundle.description,
        "price": amount(bundle.price[currency.code], currency),
        "max_uses": bundle.max_uses,
        "uses": bundle.uses,
        "allow_promo": bundle.allow_promo,
        "is_featured": bundle.is_featured,
        # The contract types bundle_items as ONE item (anyOf product/domain), not a list:
        # the bundle's first item is served.
        "bundle_items": _bundle_item_json(bundle, bundle.items[0], currency),
        "group": group,
    }


def _bundle_item_json(bundle: Bundle, item: dict[str, Any], currency: Currency) -> dict[str, Any]:
    def price(key: str) -> dict[str, str] | None:
        prices = item.get(key)
        return amount(prices[currency.code], currency) if prices else None

    body: dict[str, Any] = {
        "id": item.get("product", bundle.id),
        "name": item.get("name"),
        "description": item.get("description"),
        "bundle_type": item["type"],
    }
    if item["type"] == "domain":
        body.update(
            tlds=item.get("tlds"),
            registration_period=item.get("registration_period", 1),
            price_override=item.get("price_override", False),
            addons=item.get("addons"),
        )
    else:
        body.update(
            billing_cycle=item.get("billing_cycle"),
            price_override=item.get("price_override", False),
            config_option=item.get("config_options"),
            addons=item.get("addons"),
            tlds=item.get("tlds"),
            domain_registration_period=item.get("domain_registration_period", 0),
            domain_price_override=item.get("domain_price_override", False),
            domain_addons=item.get("domain_addons"),
        )
        if domain_price := price("domain_price"):
            body["domain_price"] = domain_price
    if item_price := price("price"):
        body["price"] = item_price
    return body

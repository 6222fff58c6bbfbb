"""Cart validation: the WHMCS ``validation_errors`` list, one entry per item with problems.

An error is a string, or ``{"id", "type", "error"}`` when it concerns one product, custom field
or configurable option (type is one of product, addon, service, customfield, configoption,
bundle).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .carts import BundleItem, CartItem, DomainItem, ProductItem
from .catalog import ConfigOption, CustomField, Product
from .pricing import effective_option_values
from .promotions import client_refusal, find_promotion
from .totals import charges_of

if TYPE_CHECKING:
    from .carts import Cart
    from .catalog import Catalog
    from .world import World

Error = str | dict[str, Any]


def _error(kind: str, ident: int, message: str) -> dict[str, Any]:
    return {"id": ident, "type": kind, "error": message}


@lru_cache(maxsize=128)
def _pattern(validation: str) -> re.Pattern[str]:
    """WHMCS stores PHP patterns with delimiters ("/^[0-9]+$/i"); accept both forms."""
    found = re.fullmatch(r"/(.*)/([imsx]*)", validation, re.DOTALL)
    if found is None:
        return re.compile(validation)
    flags = 0
    for letter in found[2]:
        flags |= {"i": re.I, "m": re.M, "s": re.S, "x": re.X}[letter]
    return re.compile(found[1], flags)


def custom_field_errors(field: CustomField, value: Any) -> list[Error]:
    empty = value is None or value == "" or value is False
    if empty:
        return (
            [_error("customfield", field.id, f"{field.name} is required")] if field.required else []
        )
    if field.type == "dropdown" and field.options and value not in field.options:
        return [_error("customfield", field.id, f"{field.name} must be one of the offered options")]
    if field.validation and isinstance(value, str) and not _pattern(field.validation).search(value):
        return [_error("customfield", field.id, f"{field.name} is not in the expected format")]
    return []


def config_option_errors(option: ConfigOption, value: Any) -> list[Error]:
    if option.type in {"dropdown", "radio"}:
        if not any(choice.id == value for choice in option.choices):
            return [_error("configoption", option.id, f"{option.name}: invalid option selected")]
    elif option.type == "quantity":
        low = option.quantity_minimum or 0
        high = option.quantity_maximum
        if value < low or (high and value > high):
            upper = f" and {high}" if high else " or more"
            return [
                _error("configoption", option.id, f"{option.name} must be between {low}{upper}")
            ]
    return []


def stock_error(product: Product, wanted: int) -> Error | None:
    """``wanted``: the units of this product in the whole cart (items and bundles together)."""
    left = max(product.stock_quantity or 0, 0)
    if not product.stock_control or wanted <= left:
        return None
    if left == 0:
        return _error("product", product.id, f"{product.name} is out of stock")
    return _error(
        "product",
        product.id,
        f"{product.name}: only {left} left in stock ({wanted} in the cart)",
    )


def product_errors(catalog: Catalog, item: ProductItem, wanted: int | None = None) -> list[Error]:
    product = catalog.product(item.product_id)
    if product is None:
        return [_error("product", item.product_id, "This product is no longer available")]
    errors: list[Error] = []
    stock = stock_error(product, item.quantity if wanted is None else wanted)
    if stock is not None:
        errors.append(stock)
    if product.is_domain_required and not item.domain:
        errors.append(_error("product", product.id, f"{product.name} requires a domain name"))
    for field in (f for f in catalog.custom_fields if f.product_id == product.id):
        errors.extend(custom_field_errors(field, item.custom_fields.get(field.id)))
    for option, value in effective_option_values(catalog, item):
        errors.extend(config_option_errors(option, value))
    return errors


def _field_is_required(field: dict[str, Any], values: dict[str, str]) -> bool:
    """``required`` is true, or {"Other Field" = [values...]} for a conditional field."""
    required = field.get("required")
    if isinstance(required, dict):
        return any(values.get(name) in choices for name, choices in required.items())
    return required is True


def missing_additional_fields(catalog: Catalog, item: DomainItem) -> list[str]:
    tld = catalog.tld(item.name.split(".", 1)[1])
    fields = tld.additional_fields if tld else ()
    values = {}
    for index, field in enumerate(fields):
        given = item.additional_fields[index] if index < len(item.additional_fields) else ""
        values[str(field.get("name"))] = given or str(field.get("default") or "")
    return [
        str(field.get("name"))
        for field in fields
        if _field_is_required(field, values) and not values[str(field.get("name"))]
    ]


def domain_errors(catalog: Catalog, item: DomainItem) -> list[Error]:
    errors: list[Error] = []
    tld = catalog.tld(item.name.split(".", 1)[1])
    rules = catalog.domain_rules
    label = item.name.split(".", 1)[0]
    if item.type == "domain_register" and (
        item.name in rules.registered
        or item.name in rules.reserved
        or (rules.registered_marker and rules.registered_marker in label)
    ):
        errors.append(f"The domain {item.name} is not available for registration")
    epp_required = tld is not None and tld.epp_code_required
    if item.type == "domain_transfer" and epp_required and not item.epp_code:
        errors.append(f"An EPP code is required to transfer {item.name}")
    suffix = item.name.split(".", 1)[1]
    for field_name in missing_additional_fields(catalog, item):
        errors.append(f"{field_name} is required for .{suffix} domains")
    return errors


def item_errors(world: World, cart: Cart, item: CartItem) -> list[Error]:
    catalog = world.catalog
    if isinstance(item, BundleItem):
        return []  # bundle children are listed as their own entries
    errors: list[Error] = []
    if not charges_of(world, cart, item):
        errors.append(f"This item is not available in {cart.currency_code}")
    if isinstance(item, ProductItem):
        errors.extend(product_errors(catalog, item, units_in_cart(cart).get(item.product_id)))
    elif isinstance(item, DomainItem):
        errors.extend(domain_errors(catalog, item))
    return errors


def units_in_cart(cart: Cart) -> dict[int, int]:
    """Units per product id over the whole cart: stock is checked against their sum."""
    units: dict[int, int] = {}
    for item in cart.product_items():
        units[item.product_id] = units.get(item.product_id, 0) + item.quantity
    return units


def promotion_error(world: World, cart: Cart) -> str | None:
    """A code applied while a guest may not suit the client who now owns the cart."""
    promotion = find_promotion(world, cart.promotion_code) if cart.promotion_code else None
    if promotion is None:
        return None
    refusal = client_refusal(world, promotion, cart.client_id)
    return f"Invalid Promotion Code: {refusal}" if refusal else None


def validation_errors(world: World, cart: Cart) -> list[dict[str, Any]]:
    found = []
    promotion = promotion_error(world, cart)
    if promotion is not None:
        found.append({"item_id": "", "errors": [promotion]})
    for item in cart.items:
        members = [item, *item.children] if isinstance(item, BundleItem) else [item]
        for member in members:
            errors = item_errors(world, cart, member)
            if errors:
                found.append({"item_id": member.item_id, "errors": errors})
    return found

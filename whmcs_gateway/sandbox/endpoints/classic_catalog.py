"""Classic API catalog actions: GetProducts, AddProduct and GetPromotions."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from typing import Any

from ..catalog import PRODUCT_TYPES, CyclePrice, PriceTable, Product
from ..promotions import Promotion, all_promotions, times_used
from ..request import Request
from .classic_common import ClassicError, array, decimal, flag, php_int, text

_CYCLES = (
    ("monthly", "msetupfee"),
    ("quarterly", "qsetupfee"),
    ("semiannually", "ssetupfee"),
    ("annually", "asetupfee"),
    ("biennially", "bsetupfee"),
    ("triennially", "tsetupfee"),
)
# The catalog has no module column; the classic API reports the usual one per product type.
_MODULE_BY_TYPE = {"hostingaccount": "cpanel", "reselleraccount": "cpanel"}
# WHMCS's stock "Product/Service Messages" templates: the ids AddProduct's welcomeemail accepts.
WELCOME_EMAILS = {
    5: "Hosting Account Welcome Email",
    6: "Reseller Account Welcome Email",
    7: "Dedicated/VPS Server Welcome Email",
    8: "Other Product/Service Welcome Email",
}
_AUTOSETUP = ("", "on", "order", "payment")
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{3,6}$")
_MODULE_NAME = re.compile(r"^[a-zA-Z0-9_.\-]*$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slug_of(name: str) -> str:
    """WHMCS's slug of a name: lower case, runs of anything else than a-z and 0-9 become "-"."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _product_slugs(request: Request) -> dict[int, str]:
    """Slugs AddProduct stored; any other product's slug is made from its name."""
    return request.world.extra.setdefault("product_slugs", {})


def product_slug(request: Request, product: Product) -> str:
    return _product_slugs(request).get(product.id) or slug_of(product.name)


def product_url(request: Request, product: Product) -> str:
    """WHMCS's store-product route from the system URL: {url}/store/{group slug}/{slug}."""
    group = next((g for g in request.world.catalog.groups if g.id == product.group_id), None)
    group_slug = slug_of(group.name) if group else ""
    base = request.config.system_url.rstrip("/")
    return f"{base}/store/{group_slug}/{product_slug(request, product)}"


# -- GetProducts ------------------------------------------------------------------------


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
    onetime = any("onetime" in t for t in product.pricing.by_currency.values())
    return "onetime" if onetime else "recurring"


def module_of(request: Request, product: Product) -> str:
    modules = request.world.extra.get("product_modules", {})
    return modules.get(product.id, _MODULE_BY_TYPE.get(product.type, ""))


def _config_options_json(request: Request, product: Product) -> list[dict[str, Any]]:
    catalog = request.world.catalog
    return [
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


def product_classic_json(request: Request, product: Product) -> dict[str, Any]:
    catalog = request.world.catalog
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
    shown: dict[str, Any] = {
        "pid": product.id,
        "gid": product.group_id,
        "type": product.type,
        "name": product.name,
        "slug": product_slug(request, product),
        "product-url": product_url(request, product),
        "description": product.description or "",
        "module": module_of(request, product),
        "paytype": _paytype(product),
        "allowqty": product.multiple_quantities,
        "quantity_available": product.stock_quantity or 0,
    }
    if product.stock_control:
        shown |= {"stockcontrol": "true", "stocklevel": product.stock_quantity or 0}
    return shown | {
        "pricing": {
            c.code: {"prefix": c.prefix, "suffix": c.suffix}
            | _price_columns(product.pricing, c.code)
            for c in catalog.currencies
        },
        "customfields": {"customfield": fields},
        "configoptions": {"configoption": _config_options_json(request, product)},
    }


def _wanted_ids(raw: str) -> set[int] | None:
    """``pid``: one id, or a comma separated list. WHMCS casts each part and drops zeros; a
    list with no id left filters nothing."""
    wanted = {number for part in raw.split(",") if (number := php_int(part))}
    return wanted or None


def get_products(request: Request, params: dict[str, Any]) -> dict[str, Any]:
    catalog = request.world.catalog
    group_order = {g.id: (g.order, g.id) for g in catalog.groups}
    products = sorted(
        catalog.products, key=lambda p: (group_order.get(p.group_id, (0, 0)), p.order, p.id)
    )
    wanted = _wanted_ids(text(params.get("pid")))
    if wanted is not None:
        products = [p for p in products if p.id in wanted]
    if gid := php_int(params.get("gid")):
        products = [p for p in products if p.group_id == gid]
    module = text(params.get("module"))
    if module and _MODULE_NAME.match(module):
        products = [p for p in products if module_of(request, p) == module]
    shown = [product_classic_json(request, p) for p in products]
    return {
        "totalresults": len(shown),
        "startnumber": 0,
        "numreturned": len(shown),
        "products": {"product": shown},
    }


# -- AddProduct ------------------------------------------------------------------------


def _added_pricing(request: Request, params: dict[str, Any], paytype: str) -> PriceTable:
    """``pricing[currency id][cycle]``; a currency id the system lacks is ignored, as WHMCS."""
    if paytype == "free":
        return PriceTable(is_free=True)
    raw = array(params, "pricing")
    by_currency: dict[str, dict[str, CyclePrice]] = {}
    for currency in request.world.catalog.currencies:
        columns = raw.get(str(currency.id)) or {}
        prices: dict[str, CyclePrice] = {}
        for cycle, setup_name in _CYCLES:
            if not isinstance(columns, dict) or cycle not in columns:
                continue
            price = decimal(columns[cycle], cycle)
            setup = decimal(columns.get(setup_name) or "0", setup_name)
            if price >= 0:  # WHMCS: -1 disables a cycle
                prices[cycle] = CyclePrice(price, max(setup, Decimal(0)))
        if paytype == "onetime" and "monthly" in prices:
            prices = {"onetime": prices["monthly"]}
        by_currency[currency.code] = prices
    return PriceTable(is_free=False, by_currency=by_currency)


def _checked_choice(params: dict[str, Any], name: str, allowed: Any, message: str) -> str:
    value = text(params.get(name))
    if value and value not in allowed:
        raise ClassicError(message)
    return value


def _recommendations(request: Request, params: dict[str, Any]) -> tuple[int, ...]:
    """``recommendations[n][id]`` / ``[order]``: existing products, in their given order."""
    existing = {p.id for p in request.world.catalog.products}
    chosen: list[tuple[int, int]] = []
    for entry in array(params, "recommendations").values():
        product_id = php_int(entry.get("id")) if isinstance(entry, dict) else 0
        if product_id not in existing:
            raise ClassicError(
                "The recommendation product ID is invalid. This must be an existing product ID."
            )
        chosen.append((php_int(entry.get("order")), product_id))
    return tuple(product_id for _, product_id in sorted(chosen))


def _validated_options(request: Request, params: dict[str, Any]) -> dict[str, Any]:
    """Every documented check, in WHMCS's order; nothing is stored until all pass."""
    name = text(params.get("name")).strip()
    if not name or len(name) > 255:
        raise ClassicError("You must supply a name for the product")
    product_type = _checked_choice(
        params,
        "type",
        PRODUCT_TYPES,
        'Invalid product type. Must be one of "hostingaccount", "reselleraccount", "server" '
        'or "other"',
    )
    gid = php_int(params.get("gid"))
    if not any(g.id == gid for g in request.world.catalog.groups):
        raise ClassicError("You must supply a valid Product Group ID")
    paytype = _checked_choice(
        params,
        "paytype",
        ("free", "onetime", "recurring"),
        'Invalid pay type. Must be one of "free", "onetime" or "recurring"',
    )
    welcome = php_int(params.get("welcomeemail"))
    if text(params.get("welcomeemail")) and welcome not in WELCOME_EMAILS:
        raise ClassicError("You must supply a valid welcome email ID")
    _checked_choice(
        params,
        "autosetup",
        _AUTOSETUP,
        'Invalid autosetup value. Must be one of "", "on", "order" or "payment"',
    )
    if php_int(params.get("servergroupid")):
        raise ClassicError("Invalid server group ID")  # the sandbox has no server groups
    colour = text(params.get("color"))
    if colour and not _COLOUR.match(colour):
        raise ClassicError("The color must be a valid hexadecimal value.")
    return {"name": name, "type": product_type or "other", "gid": gid, "paytype": paytype}


def _unique_slug(request: Request, gid: int, wanted: str, name: str) -> str:
    taken = {product_slug(request, p) for p in request.world.catalog.products if p.group_id == gid}
    if wanted:
        if not _SLUG.match(wanted):
            # A slug is a URL path segment: the store's links are built from it.
            raise ClassicError("The slug may only contain lowercase letters, numbers and hyphens")
        if wanted in taken:
            raise ClassicError("Product slug must be unique")
        return wanted
    base = slug_of(name) or "product"
    slug, number = base, 1
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def add_product(request: Request, params: dict[str, Any]) -> dict[str, Any]:
    """Adds to the live catalog (an immutable value: the world gets a new one).

    WHMCS's default pay type is "free"; ``qty`` alone turns stock control on.
    """
    world = request.world
    checked = _validated_options(request, params)
    slug = _unique_slug(request, checked["gid"], text(params.get("slug")).strip(), checked["name"])
    recommended = _recommendations(request, params)
    quantity = php_int(params.get("qty"))
    product = Product(
        id=max((p.id for p in world.catalog.products), default=0) + 1,
        group_id=checked["gid"],
        name=checked["name"],
        description=text(params.get("description")) or None,
        tagline=text(params.get("tagline")) or None,
        type=checked["type"],
        order=php_int(params.get("order")),
        pricing=_added_pricing(request, params, checked["paytype"] or "free"),
        stock_control=flag(params, "stockcontrol") or quantity > 0,
        stock_quantity=quantity,
        cross_sell_ids=recommended,
        hidden=flag(params, "hidden"),
    )
    world.catalog = replace(world.catalog, products=(*world.catalog.products, product))
    _product_slugs(request)[product.id] = slug
    if module := text(params.get("module")):
        world.extra.setdefault("product_modules", {})[product.id] = module[:64]
    return {"pid": product.id}


# -- GetPromotions -----------------------------------------------------------------------


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


def get_promotions(request: Request, params: dict[str, Any]) -> dict[str, Any]:
    promotions = all_promotions(request.world)
    if code := text(params.get("code")):
        promotions = [p for p in promotions if p.code.lower() == code.lower()]
    shown = [promotion_classic_json(request, p) for p in promotions]
    return {"totalresults": len(shown), "promotions": {"promotion": shown}}

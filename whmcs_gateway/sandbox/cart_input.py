"""Turn cart request bodies into cart items, refusing malformed input with WHMCS-shaped 422s.

Only the shape and the references are checked here (types, lengths, ids that exist and belong
to the product). Whether the values are acceptable (required fields, patterns, ranges, stock)
is ``cart_validation.py``'s job: WHMCS accepts such items and lists them as validation errors.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .accounts import Client
from .carts import (
    ITEM_ID_LENGTH,
    AddonLine,
    BundleItem,
    DomainItem,
    ProductItem,
    RenewalItem,
    ServiceAddonItem,
    new_id,
)
from .catalog import BILLING_CYCLES, Product
from .errors import Unauthorized, Unprocessable
from .pricing import PriceUnavailable, domain_charge, find_owned_addon, offered_cycles
from .request import check_bool, check_int, check_str

if TYPE_CHECKING:
    from .world import World

CYCLE_NAMES = tuple(cycle for cycle, _, _ in BILLING_CYCLES)
MAX_QUANTITY = 999
MAX_LIST = 100
_DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$")


def _object(value: Any, name: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Unprocessable(f"The {name} field must be an object.")
    return value


def _list(value: Any, name: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise Unprocessable(f"The {name} field must be an array.")
    if len(value) > MAX_LIST:
        raise Unprocessable(f"The {name} field may not have more than {MAX_LIST} items.")
    return value


def _required(raw: dict[str, Any], name: str) -> Any:
    if raw.get(name) is None:
        raise Unprocessable(f"The {name} field is required.")
    return raw[name]


# -- products -------------------------------------------------------------------------------


def product_of(world: World, product_id: Any) -> Product:
    check_int(product_id, "product_id", 1)
    product = world.catalog.product(product_id)
    if product is None:
        raise Unprocessable("Invalid Product ID")
    return product


def billing_cycle(value: Any, product: Product, currency_code: str) -> str:
    check_str(value, "billing_cycle", 1, 32)
    if value not in CYCLE_NAMES:
        raise Unprocessable(f"The billing_cycle must be one of: {', '.join(CYCLE_NAMES)}.")
    if value not in offered_cycles(product.pricing, currency_code):
        raise Unprocessable(f"The {value} billing cycle is not available for this product.")
    return value


def quantity_of(value: Any, product: Product) -> int:
    quantity = check_int(value, "quantity", 1, MAX_QUANTITY) or 1
    if quantity > 1 and product.multiple_quantities == 0:
        raise Unprocessable("This product does not allow multiple quantities.")
    return quantity


def addon_lines(world: World, product: Product, raw: Any) -> list[AddonLine]:
    lines = []
    for entry in _list(raw, "addons"):
        entry = _object(entry, "addons.*")
        addon_id = check_int(_required(entry, "id"), "addons.*.id", 1)
        addon = next((a for a in world.catalog.addons if a.id == addon_id), None)
        if addon is None or product.id not in addon.product_ids:
            raise Unprocessable(f"Invalid Addon ID: {addon_id}")
        quantity = check_int(entry.get("quantity"), "addons.*.quantity", 1, MAX_QUANTITY) or 1
        lines.append(AddonLine(new_id(ITEM_ID_LENGTH), addon_id, quantity))
    return lines


def custom_field_value(world: World, product: Product, field_id: Any, value: Any) -> Any:
    check_int(field_id, "custom_fields.*.id", 1)
    definition = next(
        (f for f in world.catalog.custom_fields if f.id == field_id and f.product_id == product.id),
        None,
    )
    if definition is None:
        raise Unprocessable(f"Invalid Custom Field ID: {field_id}")
    if isinstance(value, bool):
        return value
    limit = 5000 if definition.type == "textarea" else 255
    check_str(value, "custom_fields.*.value", 0, limit)
    if value is None:
        raise Unprocessable("The custom_fields.*.value field must be a string or a boolean.")
    return value


def custom_field_values(world: World, product: Product, raw: Any) -> dict[int, Any]:
    values = {}
    for entry in _list(raw, "custom_fields"):
        entry = _object(entry, "custom_fields.*")
        field_id = _required(entry, "id")
        if "value" not in entry:
            raise Unprocessable("The custom_fields.*.value field is required.")
        values[field_id] = custom_field_value(world, product, field_id, entry["value"])
    return values


def config_option_value(world: World, product: Product, option_id: Any, value: Any) -> Any:
    """None means "back to the default"; the type must fit the option (range checks later)."""
    check_int(option_id, "config_options.*.id", 1)
    option = next(
        (
            o
            for o in world.catalog.config_options
            if o.id == option_id and product.id in o.product_ids
        ),
        None,
    )
    if option is None:
        raise Unprocessable(f"Invalid Config Option ID: {option_id}")
    if value is None:
        return None
    if option.type == "yesno":
        return check_bool(value, "config_options.*.value")
    return check_int(value, "config_options.*.value", 0, 10**9)


def config_option_values(world: World, product: Product, raw: Any) -> dict[int, Any]:
    values = {}
    for entry in _list(raw, "config_options"):
        entry = _object(entry, "config_options.*")
        option_id = _required(entry, "id")
        if "value" not in entry:
            raise Unprocessable("The config_options.*.value field is required.")
        value = config_option_value(world, product, option_id, entry["value"])
        if value is not None:
            values[option_id] = value
    return values


def product_item(world: World, raw: dict[str, Any], currency_code: str) -> ProductItem:
    product = product_of(world, _required(raw, "product_id"))
    domain = raw.get("domain")
    if domain is not None:
        domain = domain_name(domain)
    return ProductItem(
        item_id=new_id(ITEM_ID_LENGTH),
        product_id=product.id,
        billing_cycle=billing_cycle(_required(raw, "billing_cycle"), product, currency_code),
        quantity=quantity_of(raw.get("quantity"), product),
        domain=domain,
        addons=addon_lines(world, product, raw.get("addons")),
        custom_fields=custom_field_values(world, product, raw.get("custom_fields")),
        config_options=config_option_values(world, product, raw.get("config_options")),
    )


# -- domains --------------------------------------------------------------------------------


def domain_name(value: Any, field: str = "domain") -> str:
    check_str(value, field, 3, 255)
    name = value.strip().lower()
    if not _DOMAIN.match(name):
        raise Unprocessable(f"The {field} must be a valid domain name.")
    return name


def domain_options(item: DomainItem, raw: dict[str, Any]) -> None:
    """The optional extras of a domain item body (used by add and update)."""
    for flag in ("dns_management", "email_forwarding", "id_protection"):
        if raw.get(flag) is not None:
            setattr(item, flag, check_bool(raw[flag], flag))
    if raw.get("idn_language") is not None:
        item.idn_language = check_str(raw["idn_language"], "idn_language", 1, 16)
    if "nameservers" in raw:
        servers = [
            check_str(ns, "nameservers.*", 3, 255)
            for ns in _list(raw["nameservers"], "nameservers")
        ]
        item.nameservers = servers or None


def domain_item(world: World, raw: dict[str, Any], currency_code: str) -> DomainItem:
    kind = raw["type"]
    name = domain_name(_required(raw, "name"), "name")
    if world.catalog.tld(name.split(".", 1)[1]) is None:
        raise Unprocessable("Invalid TLD: this extension is not offered.")
    maximum = 10 if kind == "domain_register" else 9
    period = check_int(raw.get("period", 1), "period", 1, maximum)
    epp_code = (
        check_str(raw.get("epp_code"), "epp_code", 0, 255) if kind == "domain_transfer" else None
    )
    fields = [
        check_str(v, "additional_fields.*", 0, 255)
        for v in _list(raw.get("additional_fields"), "additional_fields")
    ]
    item = DomainItem(
        new_id(ITEM_ID_LENGTH), kind, name, period, epp_code or None, additional_fields=fields
    )
    domain_options(item, raw)
    check_period_priced(world, item, currency_code)
    return item


def check_period_priced(world: World, item: DomainItem, currency_code: str) -> None:
    try:
        domain_charge(world.catalog, item, currency_code)
    except PriceUnavailable as error:
        raise Unprocessable(f"Invalid period: {error}.") from None


# -- renewals and service addons (the logged-in client's own things) ----------------------


def renewal_item(world: World, client: Client | None, raw: dict[str, Any]) -> RenewalItem:
    if client is None:
        raise Unauthorized("You must be logged in to renew.")
    kind = raw["type"]
    target_id = check_int(_required(raw, "id"), "id", 1)
    accounts = world.accounts
    reason: str | None
    if kind == "domain_renewal":
        domain = accounts.domains.get(target_id)
        if domain is None or domain.client_id != client.id:
            raise Unprocessable("Invalid Domain ID")
        reason = domain.non_renewable_reason
    elif kind == "service_renewal":
        service = accounts.services.get(target_id)
        if service is None or service.client_id != client.id:
            raise Unprocessable("Invalid Service ID")
        reason = service.non_renewable_reason
    else:
        owned = find_owned_addon(accounts, target_id)
        owners = [s for s in accounts.services_of(client.id) if owned in s.addons]
        if owned is None or not owners:
            raise Unprocessable("Invalid Service Addon ID")
        reason = owned.non_renewable_reason
    if reason:
        raise Unprocessable(f"This item cannot be renewed: {reason}")
    period = check_int(raw.get("period", 1), "period", 1, 9) if kind == "domain_renewal" else 1
    return RenewalItem(new_id(ITEM_ID_LENGTH), kind, target_id, period)


def service_addon_item(
    world: World, client: Client | None, raw: dict[str, Any], currency_code: str
) -> ServiceAddonItem:
    if client is None:
        raise Unauthorized("You must be logged in to add an addon to a service.")
    service_id = check_int(_required(raw, "service_id"), "service_id", 1)
    service = world.accounts.services.get(service_id)
    if service is None or service.client_id != client.id:
        raise Unprocessable("Invalid Service ID")
    addon_id = check_int(_required(_object(_required(raw, "data"), "data"), "id"), "data.id", 1)
    addon = next((a for a in world.catalog.addons if a.id == addon_id), None)
    if addon is None or service.product_id not in addon.product_ids:
        raise Unprocessable(f"Invalid Addon ID: {addon_id}")
    cycle = check_str(_required(raw, "billing_cycle"), "billing_cycle", 1, 32)
    if cycle not in offered_cycles(addon.pricing, currency_code):
        raise Unprocessable(f"The {cycle} billing cycle is not available for this addon.")
    quantity = check_int(raw.get("quantity"), "quantity", 1, MAX_QUANTITY) or 1
    return ServiceAddonItem(new_id(ITEM_ID_LENGTH), addon_id, service_id, cycle, quantity)


# -- bundles --------------------------------------------------------------------------------


def bundle_item(world: World, raw: dict[str, Any], currency_code: str) -> BundleItem:
    bundle_id = check_int(_required(raw, "id"), "id", 1)
    bundle = next((b for b in world.catalog.bundles if b.id == bundle_id), None)
    if bundle is None:
        raise Unprocessable("Invalid Bundle ID")
    requested = _list(raw.get("items"), "items")
    children: list[ProductItem | DomainItem] = []
    for index, definition in enumerate(bundle.items):
        body = _object(requested[index], "items.*") if index < len(requested) else {}
        children.extend(bundle_children(world, definition, body, currency_code))
    return BundleItem(new_id(ITEM_ID_LENGTH), bundle_id, children)


def bundle_children(
    world: World, definition: dict[str, Any], body: dict[str, Any], currency_code: str
) -> list[ProductItem | DomainItem]:
    """A bundle fixes the product, cycle and prices; the customer names the domain.

    A bundled domain (the definition lists ``tlds``) becomes a registration item of its own,
    priced at the bundle's ``domain_price``.
    """
    domain = body.get("domain")
    if isinstance(domain, dict):
        domain = domain.get("name")
    merged = {
        "addons": [{"id": addon_id} for addon_id in definition.get("addons", [])],
        **body,
        "type": "product",
        "product_id": definition.get("product"),
        "billing_cycle": definition.get("billing_cycle"),
        "domain": domain,
    }
    child = product_item(world, merged, currency_code)
    if definition.get("price_override", "price" in definition):
        child.bundle_price = definition.get("price")
    children: list[ProductItem | DomainItem] = [child]
    tlds = [tld.lstrip(".") for tld in definition.get("tlds", [])]
    if tlds and child.domain:
        if child.domain.split(".", 1)[1] not in tlds:
            raise Unprocessable(f"This bundle includes only these domains: {', '.join(tlds)}.")
        registration = DomainItem(
            new_id(ITEM_ID_LENGTH),
            "domain_register",
            child.domain,
            int(definition.get("domain_registration_period", 1)),
            dns_management="dnsmanagement" in definition.get("domain_addons", []),
        )
        if definition.get("domain_price_override", "domain_price" in definition):
            registration.bundle_price = definition.get("domain_price")
        children.append(registration)
    return children


# -- any item -------------------------------------------------------------------------------

ITEM_TYPES = (
    "product",
    "addon",
    "bundle",
    "domain_register",
    "domain_transfer",
    "domain_renewal",
    "service_renewal",
    "addon_renewal",
)


def parse_item(world: World, client: Client | None, raw: Any, currency_code: str) -> Any:
    raw = _object(raw, "items.*")
    kind = _required(raw, "type")
    if kind not in ITEM_TYPES:
        raise Unprocessable(f"The items.*.type must be one of: {', '.join(ITEM_TYPES)}.")
    if kind == "product":
        return product_item(world, raw, currency_code)
    if kind in ("domain_register", "domain_transfer"):
        return domain_item(world, raw, currency_code)
    if kind == "bundle":
        return bundle_item(world, raw, currency_code)
    if kind == "addon":
        return service_addon_item(world, client, raw, currency_code)
    return renewal_item(world, client, raw)

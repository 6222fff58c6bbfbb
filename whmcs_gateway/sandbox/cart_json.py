"""Present a cart as the contract's CartContents (and its parts). Every Amount via amount()."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .carts import (
    BundleItem,
    Cart,
    CartItem,
    DomainItem,
    ProductItem,
    RenewalItem,
    ServiceAddonItem,
)
from .endpoints.common import product_json
from .money import Currency, amount
from .pricing import (
    ZERO,
    Charge,
    addon_charge,
    addon_cycle,
    domain_charge,
    effective_option_values,
    find_owned_addon,
    option_charge,
    product_charge,
    renewal_charge,
    service_addon_charge,
)
from .promotions import find_promotion
from .totals import compute_totals

if TYPE_CHECKING:
    from .catalog import ConfigOption, CustomField
    from .request import Request

_RENDERED_FIELD_TYPES = {"dropdown", "radio", "tickbox", "text", "display"}


def currency_of(request: Request, cart: Cart) -> Currency:
    catalog = request.world.catalog
    return catalog.currency(cart.currency_code) or catalog.default_currency


def billing_json(charge: Charge | None, currency: Currency) -> dict[str, Any]:
    """CartItemBilling: a recurring cycle prices under "recurring", anything else "onetime"."""
    if charge is None:
        return {"cycle": None, "price": None}
    prices = {"setup": amount(charge.setup, currency), "amount": amount(charge.amount, currency)}
    key = "recurring" if charge.cycle not in (None, "free", "onetime") else "onetime"
    return {"cycle": charge.cycle, "price": {key: prices}}


def _safe(produce: Any) -> Charge | None:
    try:
        return produce()
    except (ValueError, KeyError):
        return None


def custom_field_json(definition: CustomField, value: Any) -> dict[str, Any]:
    return {
        "id": definition.id,
        "name": definition.name,
        "description": definition.description,
        "type": definition.type,
        "options": list(definition.options) or None,
        "validation": definition.validation,
        "required": definition.required,
        "value": value if value is not None else "",
    }


def config_option_json(
    option: ConfigOption, value: Any, item: ProductItem, currency: Currency
) -> dict[str, Any]:
    choice = option.choices[0]
    if option.type in {"dropdown", "radio"}:
        choice = next((c for c in option.choices if c.id == value), choice)
    return {
        "id": option.id,
        "name": option.name,
        "type": option.type,
        "option": {"name": choice.name, "value": value},
        "billing": billing_json(option_charge(option, value, item, currency.code), currency),
    }


def product_item_json(request: Request, item: ProductItem, currency: Currency) -> dict[str, Any]:
    catalog = request.world.catalog
    product = catalog.product(item.product_id)
    addons = []
    for line in item.addons:
        addon = next((a for a in catalog.addons if a.id == line.addon_id), None)
        if addon is None:
            continue
        cycle = addon_cycle(addon, currency.code, item.billing_cycle)
        quantity = line.quantity * item.quantity
        charge = addon_charge(addon, cycle, quantity, currency.code, item.product_id)
        addons.append(
            {
                "item_id": line.item_id,
                "quantity": line.quantity,
                "addon": {"id": addon.id, "name": addon.name, "description": addon.description},
                "billing": billing_json(charge, currency),
            }
        )
    fields = [
        custom_field_json(f, item.custom_fields.get(f.id))
        for f in catalog.custom_fields
        if f.product_id == item.product_id
    ]
    options = [
        config_option_json(option, value, item, currency)
        for option, value in effective_option_values(catalog, item)
    ]
    return {
        "item_id": item.item_id,
        "type": "product",
        "quantity": item.quantity,
        "domain": item.domain,
        "product": product_json(request, product) if product else {"id": item.product_id},
        "billing": billing_json(
            _safe(lambda: product_charge(catalog, item, currency.code)), currency
        ),
        "addons": addons,
        "custom_fields": fields,
        "config_options": options,
    }


def additional_fields_json(request: Request, item: DomainItem) -> list[dict[str, Any]]:
    tld = request.world.catalog.tld(item.name.split(".", 1)[1])
    shown = []
    for index, field in enumerate(tld.additional_fields if tld else ()):
        given = item.additional_fields[index] if index < len(item.additional_fields) else None
        kind = field.get("type")
        shown.append(
            {
                "name": field.get("name"),
                "required": field.get("required") is True,
                "type": kind if kind in _RENDERED_FIELD_TYPES else "text",
                "default": given if given is not None else field.get("default"),
                "options": [
                    {"value": str(option[0]), "display_name": str(option[-1])}
                    for option in field.get("options", [])
                    if isinstance(option, list | tuple) and option
                ]
                or None,
            }
        )
    return shown


def domain_item_json(request: Request, item: DomainItem, currency: Currency) -> dict[str, Any]:
    charge = _safe(lambda: domain_charge(request.world.catalog, item, currency.code))
    body: dict[str, Any] = {
        "item_id": item.item_id,
        "type": item.type,
        "name": item.name,
        "period": item.period,
        "idn_language": item.idn_language,
        "dns_management": item.dns_management,
        "email_forwarding": item.email_forwarding,
        "id_protection": item.id_protection,
        "nameservers": item.nameservers,
        "billing": billing_json(charge, currency),
    }
    if item.type == "domain_register":
        body["additional_fields"] = additional_fields_json(request, item)
    elif item.epp_code:
        # The contract's transfer schema wants additional_fields as plain strings there.
        body["epp_code"] = item.epp_code
    return body


def renewal_name(world: Any, item: RenewalItem) -> str:
    """What is being renewed, as a customer knows it: the domain, product or addon name."""
    if item.type == "domain_renewal":
        return world.accounts.domains[item.target_id].domain
    if item.type == "service_renewal":
        service = world.accounts.services[item.target_id]
        product = world.catalog.product(service.product_id)
        return product.name if product else f"Service #{service.id}"
    owned = find_owned_addon(world.accounts, item.target_id)
    addon = next((a for a in world.catalog.addons if a.id == owned.addon_id), None)
    return addon.name if addon else f"Addon #{owned.id}"


def renewal_item_json(request: Request, item: RenewalItem, currency: Currency) -> dict[str, Any]:
    world = request.world
    charge = _safe(lambda: renewal_charge(world.catalog, world.accounts, item, currency.code))
    body: dict[str, Any] = {"item_id": item.item_id, "type": item.type, "id": item.target_id}
    body["name"] = renewal_name(world, item)
    if item.type == "domain_renewal":
        body.update(period=item.period)
    elif item.type == "service_renewal":
        service = world.accounts.services[item.target_id]
        due = service.next_due_in_days
        body.update(
            domain=service.domain,
            next_due_date=None
            if due is None
            else (world.today() + timedelta(days=due)).isoformat(),
            status=service.status,
        )
    else:
        body.update(status=find_owned_addon(world.accounts, item.target_id).status)
    body["billing"] = billing_json(charge, currency)
    return body


def service_addon_json(
    request: Request, item: ServiceAddonItem, currency: Currency
) -> dict[str, Any]:
    addon = next(a for a in request.world.catalog.addons if a.id == item.addon_id)
    charge = _safe(lambda: service_addon_charge(request.world.catalog, item, currency.code))
    return {
        "item_id": item.item_id,
        "type": "addon",
        "quantity": item.quantity,
        "addon": {"id": addon.id, "name": addon.name, "description": addon.description},
        "billing": billing_json(charge, currency),
        "service_id": item.service_id,
        "billing_cycle": item.billing_cycle,
    }


def item_json(request: Request, item: CartItem, currency: Currency) -> dict[str, Any]:
    if isinstance(item, ProductItem):
        return product_item_json(request, item, currency)
    if isinstance(item, DomainItem):
        return domain_item_json(request, item, currency)
    if isinstance(item, RenewalItem):
        return renewal_item_json(request, item, currency)
    if isinstance(item, ServiceAddonItem):
        return service_addon_json(request, item, currency)
    assert isinstance(item, BundleItem)
    return {
        "item_id": item.item_id,
        "type": "bundle",
        "id": item.bundle_id,
        "items": [item_json(request, child, currency) for child in item.children],
    }


def _percentage(rate: Decimal) -> float | int:
    # The contract's Tax.percentage is a JSON number; the rate itself is never used in sums.
    return int(rate) if rate == rate.to_integral_value() else float(rate)


def totals_json(request: Request, cart: Cart, currency: Currency) -> dict[str, Any]:
    totals = compute_totals(request.world, cart)
    body: dict[str, Any] = {
        "recurring": [
            {"cycle": cycle, "amount": amount(value, currency)}
            for cycle, value in totals.recurring.items()
        ],
        "subtotal": amount(totals.subtotal, currency),
        "discounts": (
            [{"type": "promotions", "amount": amount(totals.discount, currency)}]
            if totals.discount > ZERO
            else []
        ),
        "taxes": [
            {
                "name": line.name,
                "percentage": _percentage(line.rate),
                "amount": amount(line.amount, currency),
            }
            for line in totals.taxes
        ],
        "total": amount(totals.total, currency),
    }
    if totals.location is not None:
        country, state = totals.location
        body["geolocation"] = {"country_code": country, "state": state or None}
    return body


def promotions_json(request: Request, cart: Cart) -> list[dict[str, Any]]:
    promotion = find_promotion(request.world, cart.promotion_code) if cart.promotion_code else None
    return [promotion.as_api(cart.currency_code)] if promotion else []


def cart_contents(
    request: Request, cart: Cart, items: list[CartItem] | None = None
) -> dict[str, Any]:
    currency = currency_of(request, cart)
    shown = cart.items if items is None else items
    return {
        "items": [item_json(request, item, currency) for item in shown],
        "promotions": promotions_json(request, cart),
        "totals": totals_json(request, cart, currency),
    }

"""The active client's services: GET /user/services[/{id}[/addons|customfields|configoptions]]."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ..accounts import OwnedAddon, Service
from ..catalog import Catalog, ConfigOption
from ..dates import CYCLE_MONTHS, add_months
from ..errors import NotFound
from ..money import Currency, amount
from ..request import Request
from ..responses import Response, paged
from ..routing import route
from .common import current_currency, product_json, relative_date, require_client
from .products import custom_field_json

_PROMOTION_TYPES = {
    "percentage": "Percentage",
    "fixed": "Fixed Amount",
    "override": "Price Override",
    "free_setup": "Free Setup",
}


def _client_service(request: Request) -> Service:
    client = require_client(request)
    service = request.world.accounts.services.get(request.params["service_id"])
    if service is None or service.client_id != client.id:
        raise NotFound("Service not found")
    return service


def _gateway_json(catalog: Catalog, name: str) -> dict[str, Any]:
    gateway = next((g for g in catalog.gateways if g.name == name), None)
    return {"name": name, "description": gateway.description if gateway else name}


def _renewal_json(
    *,
    record_id: int,
    kind: str,
    status: str,
    cycle: str,
    next_due: date | None,
    price: Decimal,
    reason: str | None,
    currency: Currency,
) -> dict[str, Any]:
    if reason is None and cycle not in CYCLE_MONTHS:
        reason = f"This {'service addon' if kind == 'addon' else 'service'} has no recurring cycle."
    if reason is None and status not in {"Active", "Suspended"}:
        reason = f"This {'service addon' if kind == 'addon' else 'service'} is not active."
    body: dict[str, Any] = {
        "id": record_id,
        "type": kind,
        "is_renewable": reason is None,
        "non_renewable_reason": reason,
        # Zero, not null, when not renewable: OpenAPI 3.0 validators reject null here.
        "price": amount(price if reason is None else 0, currency),
    }
    if next_due is not None and cycle in CYCLE_MONTHS:
        end = add_months(next_due, CYCLE_MONTHS[cycle])
        body["renewal_period"] = {"start": next_due.isoformat(), "end": end.isoformat()}
    return body


def _due_date(today: date, days: int | None) -> date | None:
    return None if days is None else date.fromisoformat(relative_date(today, days) or "")


def addon_json(
    request: Request, service: Service, owned: OwnedAddon, currency: Currency
) -> dict[str, Any]:
    catalog, today = request.world.catalog, request.world.today()
    addon = next((a for a in catalog.addons if a.id == owned.addon_id), None)
    next_due = _due_date(today, owned.next_due_in_days)
    return {
        "id": owned.id,
        "addon": {
            "id": owned.addon_id,
            "name": addon.name if addon else None,
            "description": addon.description if addon else None,
        },
        "service": {"id": service.id},
        "quantity": owned.quantity,
        "status": owned.status,
        "registration_date": relative_date(today, -owned.registered_days_ago),
        "billing": {
            "cycle": owned.cycle,
            "price": {
                "first_payment": {"amount": amount(owned.recurring, currency)},
                "recurring": {"amount": amount(owned.recurring, currency)},
            },
            "payment_gateway": _gateway_json(catalog, service.gateway),
            "next_due_date": next_due.isoformat() if next_due else None,
        },
        "renewal": _renewal_json(
            record_id=owned.id,
            kind="addon",
            status=owned.status,
            cycle=owned.cycle,
            next_due=next_due,
            price=owned.recurring,
            reason=owned.non_renewable_reason,
            currency=currency,
        ),
    }


def custom_field_value_json(
    catalog: Catalog, service: Service, record: tuple[int, int, Any]
) -> dict[str, Any]:
    record_id, field_id, value = record
    field = next(f for f in catalog.custom_fields if f.id == field_id)
    return {
        "id": record_id,
        "custom_field": custom_field_json(field),
        "service": {"id": service.id},
        "value": value,
    }


def config_option_value_json(
    catalog: Catalog, service: Service, record: tuple[int, int, Any], currency: Currency
) -> dict[str, Any]:
    record_id, option_id, value = record
    option = next(o for o in catalog.config_options if o.id == option_id)
    name, price = _chosen(option, value, service.cycle, currency)
    return {
        "id": record_id,
        "config_option": {"id": option.id, "name": option.name, "type": option.type},
        "service": {"id": service.id},
        "option": {"name": name, "value": value},
        "billing": {
            "price": {
                "first_payment": {"amount": amount(price, currency)},
                "recurring": {"amount": amount(price, currency)},
            }
        },
    }


def _chosen(
    option: ConfigOption, value: Any, cycle: str, currency: Currency
) -> tuple[str, Decimal]:
    """(display name of the selection, its recurring price for the service's cycle)."""

    def price_of(choice_index: int) -> Decimal:
        cycles = option.choices[choice_index].pricing.cycles(currency.code)
        return cycles[cycle].amount if cycle in cycles else Decimal(0)

    if option.type == "yesno":
        return ("Yes", price_of(0)) if value else ("No", Decimal(0))
    if option.type == "quantity":
        return f"{value} x {option.choices[0].name}", price_of(0) * int(value)
    for index, choice in enumerate(option.choices):
        if choice.id == value:
            return choice.name, price_of(index)
    return str(value), Decimal(0)


def service_json(request: Request, service: Service, currency: Currency) -> dict[str, Any]:
    world = request.world
    catalog, today = world.catalog, world.today()
    product = catalog.product(service.product_id)
    next_due = _due_date(today, service.next_due_in_days)
    body: dict[str, Any] = {
        "id": service.id,
        "domain": service.domain,
        "status": service.status,
        "quantity": service.quantity,
        "registration_date": relative_date(today, -service.registered_days_ago),
        "billing": {
            "promotions": _promotions_json(catalog, service),
            "cycle": service.cycle,
            "price": {
                "first_payment": {"amount": amount(service.first_payment, currency)},
                "recurring": {"amount": amount(service.recurring, currency)},
            },
            "payment_gateway": _gateway_json(catalog, service.gateway),
            "next_due_date": next_due.isoformat() if next_due else None,
        },
        "addons": [addon_json(request, service, a, currency) for a in service.addons],
        "custom_fields": [
            custom_field_value_json(catalog, service, r) for r in service.custom_fields
        ],
        "config_options": [
            config_option_value_json(catalog, service, r, currency) for r in service.config_options
        ],
        "renewal": _renewal_json(
            record_id=service.id,
            kind="service",
            status=service.status,
            cycle=service.cycle,
            next_due=next_due,
            price=service.recurring,
            reason=service.non_renewable_reason,
            currency=currency,
        ),
    }
    if product is not None:
        body["product"] = product_json(request, product)
    if service.server:
        body["server"] = {
            "id": _server_id(request, service.server),
            "name": service.server,
            "groups": [],
        }
    return body


def _server_id(request: Request, name: str) -> int:
    names = sorted({s.server for s in request.world.accounts.services.values() if s.server})
    return names.index(name) + 1


def _promotions_json(catalog: Catalog, service: Service) -> list[dict[str, Any]]:
    promotion = next(
        (p for p in catalog.promotions if p.get("code") == service.promotion_code), None
    )
    if promotion is None:
        return []
    value = promotion.get("value")
    return [
        {
            "code": promotion["code"],
            "type": _PROMOTION_TYPES.get(promotion.get("type", ""), promotion.get("type")),
            # A plain number only when exact: money is never turned into a float.
            "value": int(value)
            if isinstance(value, int | Decimal) and value == int(value)
            else None,
            "is_recurring": bool(promotion.get("recurring")),
            "number_of_recurring": promotion.get("recurring_count"),
        }
    ]


def _service_currency(request: Request) -> Currency:
    """Services are billed in the client's currency, whatever the session browses in."""
    client = require_client(request)
    return request.world.catalog.currency(client.currency_code) or current_currency(request)


@route("GET", "/user/services")
def list_services(request: Request) -> Response:
    page = request.page
    client = require_client(request)
    currency = _service_currency(request)
    services = request.world.accounts.services_of(client.id)
    return paged([service_json(request, s, currency) for s in services], page)


@route("GET", "/user/services/{service_id:int}")
def get_service(request: Request) -> dict[str, Any]:
    service = _client_service(request)
    return service_json(request, service, _service_currency(request))


@route("GET", "/user/services/{service_id:int}/addons")
def list_service_addons(request: Request) -> Response:
    page, service = request.page, _client_service(request)
    currency = _service_currency(request)
    return paged([addon_json(request, service, a, currency) for a in service.addons], page)


@route("GET", "/user/services/{service_id:int}/addons/{service_addon_id:int}")
def get_service_addon(request: Request) -> dict[str, Any]:
    service = _client_service(request)
    wanted = request.params["service_addon_id"]
    owned = next((a for a in service.addons if a.id == wanted), None)
    if owned is None:
        raise NotFound("Service addon not found")
    return addon_json(request, service, owned, _service_currency(request))


@route("GET", "/user/services/{service_id:int}/customfields")
def list_service_custom_fields(request: Request) -> Response:
    page, service = request.page, _client_service(request)
    catalog = request.world.catalog
    return paged(
        [custom_field_value_json(catalog, service, r) for r in service.custom_fields], page
    )


@route("GET", "/user/services/{service_id:int}/customfields/{service_customfield_id:int}")
def get_service_custom_field(request: Request) -> dict[str, Any]:
    service = _client_service(request)
    wanted = request.params["service_customfield_id"]
    record = next((r for r in service.custom_fields if r[0] == wanted), None)
    if record is None:
        raise NotFound("Service custom field not found")
    return custom_field_value_json(request.world.catalog, service, record)


@route("GET", "/user/services/{service_id:int}/configoptions")
def list_service_config_options(request: Request) -> Response:
    page, service = request.page, _client_service(request)
    catalog, currency = request.world.catalog, _service_currency(request)
    records = service.config_options
    return paged([config_option_value_json(catalog, service, r, currency) for r in records], page)


@route("GET", "/user/services/{service_id:int}/configoptions/{service_configoption_id:int}")
def get_service_config_option(request: Request) -> dict[str, Any]:
    service = _client_service(request)
    wanted = request.params["service_configoption_id"]
    record = next((r for r in service.config_options if r[0] == wanted), None)
    if record is None:
        raise NotFound("Service configurable option not found")
    currency = _service_currency(request)
    return config_option_value_json(request.world.catalog, service, record, currency)

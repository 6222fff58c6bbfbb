"""GET /billing/currencies, GET /billing/cycles, GET /store/billing/gateways."""

from __future__ import annotations

from ..catalog import BILLING_CYCLES
from ..request import Request
from ..responses import Response, paged
from ..routing import route


@route("GET", "/billing/currencies")
def list_currencies(request: Request) -> Response:
    currencies = [currency.as_api() for currency in request.world.catalog.currencies]
    return paged(currencies, request.page)


@route("GET", "/billing/cycles")
def list_cycles(request: Request) -> Response:
    cycles = [
        {"cycle": cycle, "description": description, "months": months}
        for cycle, description, months in BILLING_CYCLES
    ]
    return paged(cycles, request.page)


@route("GET", "/store/billing/gateways")
def list_gateways(request: Request) -> Response:
    gateways = [
        {"name": gateway.name, "description": gateway.description}
        for gateway in request.world.catalog.gateways
    ]
    return paged(gateways, request.page)

"""GET /status, POST /keepalive."""

from __future__ import annotations

from typing import Any

from ..request import Request
from ..responses import Response, empty_success
from ..routing import route


@route("GET", "/status")
def system_status(request: Request) -> dict[str, Any]:
    world = request.world
    return {
        "server_time": world.now().replace(microsecond=0).isoformat(),
        "timezone": world.catalog.timezone,
        "currencies": [currency.as_api() for currency in world.catalog.currencies],
    }


@route("POST", "/keepalive")
def keepalive(request: Request) -> Response:
    # The new X-Api-State the app attaches to every response is the whole point.
    return empty_success()

"""GET /countries, GET /countries/{country_code}."""

from __future__ import annotations

from typing import Any

from ..catalog import Country
from ..errors import NotFound
from ..request import Request
from ..responses import Response, paged
from ..routing import route


def _country_json(country: Country, *, with_states: bool) -> dict[str, Any]:
    body: dict[str, Any] = {"code": country.code, "name": country.name}
    if with_states:
        body["states"] = [{"code": code, "name": name} for code, name in country.states]
    return body


@route("GET", "/countries")
def list_countries(request: Request) -> Response:
    countries = sorted(request.world.catalog.countries, key=lambda country: country.name)
    return paged([_country_json(c, with_states=False) for c in countries], request.page)


@route("GET", "/countries/{country_code}")
def get_country(request: Request) -> dict[str, Any]:
    request.page  # noqa: B018 - validates paging parameters like WHMCS does
    code = request.params["country_code"]
    country = request.world.catalog.country(code) if len(code) <= 8 else None
    if country is None:
        raise NotFound(f"Country not found: {code[:8]}")
    return _country_json(country, with_states=True)

"""The request context a handler receives, with strict, WHMCS-shaped input checks.

Every accessor raises an ``ApiError`` (400/422) for bad input, so handlers never see malformed
data and never fail with a 500 because of what a client sent.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .errors import BadRequest, Unprocessable
from .responses import Page, parse_page

if TYPE_CHECKING:
    from .config import SandboxConfig
    from .sessions import ApiSession
    from .world import World

_MISSING = object()


@dataclass
class Request:
    method: str
    path: str  # relative to /api/v2 for api routes, to the prefix for root routes
    query: dict[str, list[str]]
    raw_body: bytes
    environ: dict[str, Any]
    world: World
    config: SandboxConfig
    params: dict[str, Any] = field(default_factory=dict)
    # The resolved API session (None for root routes). Handlers may change it in place.
    session: ApiSession | None = None

    @property
    def remote_addr(self) -> str:
        return str(self.environ.get("REMOTE_ADDR") or "")

    def header(self, name: str) -> str | None:
        key = "HTTP_" + name.upper().replace("-", "_")
        if name.lower() == "content-type":
            key = "CONTENT_TYPE"
        value = self.environ.get(key)
        return None if value is None else str(value)

    # -- query string -------------------------------------------------------------------

    @cached_property
    def page(self) -> Page:
        return parse_page(self.query)

    def query_str(
        self, name: str, *, required: bool = True, min_length: int = 1, max_length: int = 255
    ) -> str | None:
        values = self.query.get(name)
        if not values or values[-1] == "":
            if required:
                raise BadRequest(f"The {name} parameter is required.")
            return None
        value = values[-1].strip()
        if not min_length <= len(value) <= max_length:
            raise BadRequest(
                f"The {name} parameter must be between {min_length} and {max_length} characters."
            )
        return value

    # -- JSON body ----------------------------------------------------------------------

    @cached_property
    def json(self) -> dict[str, Any]:
        """The body as a JSON object; an empty body counts as {}."""
        if not self.raw_body.strip():
            return {}
        try:
            parsed = json.loads(self.raw_body)
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            raise BadRequest("The request body is not valid JSON.") from None
        if not isinstance(parsed, dict):
            raise BadRequest("The request body must be a JSON object.")
        return parsed

    def field(self, name: str, *, required: bool = True, default: Any = None) -> Any:
        value = self.json.get(name, _MISSING)
        if value is _MISSING or value is None:
            if required:
                raise Unprocessable(f"The {name} field is required.")
            return default
        return value

    def field_str(
        self,
        name: str,
        *,
        required: bool = True,
        min_length: int = 0,
        max_length: int = 255,
        default: str | None = None,
    ) -> str | None:
        return check_str(
            self.field(name, required=required, default=default), name, min_length, max_length
        )

    def field_int(
        self,
        name: str,
        *,
        required: bool = True,
        minimum: int | None = None,
        maximum: int | None = None,
        default: int | None = None,
    ) -> int | None:
        return check_int(
            self.field(name, required=required, default=default), name, minimum, maximum
        )

    def field_bool(
        self, name: str, *, required: bool = True, default: bool | None = None
    ) -> bool | None:
        return check_bool(self.field(name, required=required, default=default), name)

    def field_list(
        self, name: str, *, required: bool = True, max_items: int = 255
    ) -> list[Any] | None:
        value = self.field(name, required=required)
        if value is None:
            return None
        if not isinstance(value, list):
            raise Unprocessable(f"The {name} field must be an array.")
        if len(value) > max_items:
            raise Unprocessable(f"The {name} field may not have more than {max_items} items.")
        return value

    def field_object(self, name: str, *, required: bool = True) -> dict[str, Any] | None:
        value = self.field(name, required=required)
        if value is None:
            return None
        if not isinstance(value, dict):
            raise Unprocessable(f"The {name} field must be an object.")
        return value


# Reusable checks for nested values (list items, objects inside the body).


def check_str(value: Any, name: str, min_length: int = 0, max_length: int = 255) -> Any:
    if value is None:
        return None
    if not isinstance(value, str):
        raise Unprocessable(f"The {name} field must be a string.")
    if len(value) < min_length:
        raise Unprocessable(f"The {name} field must be at least {min_length} characters.")
    if len(value) > max_length:
        raise Unprocessable(f"The {name} field may not be greater than {max_length} characters.")
    return value


def check_int(value: Any, name: str, minimum: int | None = None, maximum: int | None = None) -> Any:
    if value is None:
        return None
    # bool is an int subclass in Python; JSON true is not a number for WHMCS.
    if isinstance(value, bool) or not isinstance(value, int):
        raise Unprocessable(f"The {name} field must be an integer.")
    if minimum is not None and value < minimum:
        raise Unprocessable(f"The {name} field must be at least {minimum}.")
    if maximum is not None and value > maximum:
        raise Unprocessable(f"The {name} field may not be greater than {maximum}.")
    return value


def check_bool(value: Any, name: str) -> Any:
    if value is None:
        return None
    if not isinstance(value, bool):
        raise Unprocessable(f"The {name} field must be true or false.")
    return value

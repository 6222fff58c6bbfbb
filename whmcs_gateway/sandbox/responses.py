"""Response objects and helpers: the data envelope and list paging."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from .errors import BadRequest

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


@dataclass
class Response:
    """What a handler may return. ``body`` is JSON-encoded unless it is already bytes."""

    status: int = 200
    body: Any = None
    headers: list[tuple[str, str]] = field(default_factory=list)
    content_type: str = "application/json"

    def encoded_body(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode("utf-8")
        return json.dumps(self.body, default=_json_default, ensure_ascii=False).encode("utf-8")


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def data(payload: Any, *, status: int = 200, meta: dict[str, int] | None = None) -> Response:
    """The WHMCS envelope: {"data": payload} plus "meta" for paged domain lists."""
    body: dict[str, Any] = {"data": payload}
    if meta is not None:
        body["meta"] = meta
    return Response(status=status, body=body)


def empty_success() -> Response:
    """200 for operations the contract documents without a body (keepalive, logout...)."""
    return Response(status=200, body={"data": []})


@dataclass(frozen=True)
class Page:
    number: int
    size: int

    def slice(self, items: list[Any]) -> list[Any]:
        start = (self.number - 1) * self.size
        return items[start : start + self.size]

    def meta(self, total_items: int) -> dict[str, int]:
        return {
            "total_items": total_items,
            "page": self.number,
            "total_pages": max(1, math.ceil(total_items / self.size)),
            "page_size": self.size,
        }


def parse_page(query: dict[str, list[str]]) -> Page:
    """page >= 1 and 1 <= page_size <= 500; anything else is a 400, never a 500."""
    number = _positive_int(query, "page", default=1, maximum=None)
    size = _positive_int(query, "page_size", default=DEFAULT_PAGE_SIZE, maximum=MAX_PAGE_SIZE)
    return Page(number, size)


def _positive_int(
    query: dict[str, list[str]], name: str, *, default: int, maximum: int | None
) -> int:
    values = query.get(name)
    if not values:
        return default
    raw = values[-1].strip()
    limit = f" between 1 and {maximum}" if maximum else " of at least 1"
    message = f"The {name} parameter must be an integer{limit}."
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        raise BadRequest(message)
    number = int(raw)
    if number < 1 or (maximum is not None and number > maximum):
        raise BadRequest(message)
    return number


def paged(items: list[Any], page: Page, *, with_meta: bool = False) -> Response:
    """One page of a list. Only /store/domain/* lists carry "meta" in WHMCS."""
    meta = page.meta(len(items)) if with_meta else None
    return data(page.slice(items), meta=meta)

"""What every classic API action shares: its error, and reading parameters as PHP does.

WHMCS reads most numbers with PHP's ``(int)`` cast, so ``orderid=abc`` is order 0 (not found),
not a validation error; the helpers here follow that, and the messages are WHMCS's own.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

_LEADING_INT = re.compile(r"^\s*([+-]?[0-9]{1,18})")
_TRUE = {"1", "true", "on", "yes"}


class ClassicError(Exception):
    """Answered as {"result": "error", "message": ...} with HTTP 200, like WHMCS."""


def text(value: Any) -> str:
    """A scalar parameter as text; an array where text is expected reads as empty."""
    return value if isinstance(value, str) else ""


def php_int(value: Any) -> int:
    """PHP's (int) cast of a request value: leading digits, else 0."""
    found = _LEADING_INT.match(text(value))
    return int(found[1]) if found else 0


def flag(params: dict[str, Any], name: str) -> bool:
    return text(params.get(name)).strip().lower() in _TRUE


def array(params: dict[str, Any], name: str) -> dict[str, Any]:
    """``name[...]`` as a PHP array keyed by its own keys; one plain value is key "0"."""
    value = params.get(name)
    if isinstance(value, dict):
        return value
    if value is None or value == "":
        return {}
    return {"0": value}


def decimal(value: Any, name: str) -> Decimal:
    try:
        number = Decimal(text(value).strip())
    except InvalidOperation:
        raise ClassicError(f"The {name} price must be a number") from None
    if not number.is_finite() or abs(number) > Decimal("1e9"):
        raise ClassicError(f"The {name} price must be a number")
    return number

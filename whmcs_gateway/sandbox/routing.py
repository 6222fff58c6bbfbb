"""The route registry every endpoint module registers onto.

    from whmcs_gateway.sandbox.routing import route

    @route("GET", "/store/products/{product_id:int}")
    def get_product(request): ...

Two kinds of routes:

* ``kind="api"`` (default): REST API v2, pattern relative to ``/api/v2``. Reachable in all three
  WHMCS URL modes; gets an API session (X-Api-State) and JSON responses. A handler returns the
  value for ``{"data": ...}`` or a ``Response``.
* ``kind="root"``: any other path relative to the prefix (``/includes/api.php``, a checkout
  page). No X-Api-State handling; the handler must return a ``Response``.

Path parameters: ``{name}`` matches one path segment (a string), ``{name:int}`` matches digits
only and arrives as ``int``. A non-matching path gives a WHMCS-shaped 404.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .errors import NotFound

Handler = Callable[..., Any]

_PARAM = re.compile(r"\{(?P<name>[a-z_][a-z0-9_]*)(?::(?P<kind>int|str))?\}")
# 18 digits keep every id inside int64, so a huge number is a 404, never an overflow.
_CONVERTERS: dict[str, tuple[str, Callable[[str], Any]]] = {
    "int": (r"[0-9]{1,18}", int),
    "str": (r"[^/]+", str),
}


@dataclass(frozen=True)
class Route:
    method: str
    pattern: str
    kind: str
    handler: Handler
    regex: re.Pattern[str]
    converters: dict[str, Callable[[str], Any]]

    def match(self, path: str) -> dict[str, Any] | None:
        found = self.regex.fullmatch(path)
        if found is None:
            return None
        return {name: self.converters[name](raw) for name, raw in found.groupdict().items()}


def compile_pattern(pattern: str) -> tuple[re.Pattern[str], dict[str, Callable[[str], Any]]]:
    converters: dict[str, Callable[[str], Any]] = {}
    parts: list[str] = []
    position = 0
    for found in _PARAM.finditer(pattern):
        parts.append(re.escape(pattern[position : found.start()]))
        expression, convert = _CONVERTERS[found["kind"] or "str"]
        parts.append(f"(?P<{found['name']}>{expression})")
        converters[found["name"]] = convert
        position = found.end()
    parts.append(re.escape(pattern[position:]))
    return re.compile("".join(parts)), converters


class RouteRegistry:
    def __init__(self) -> None:
        self._routes: list[Route] = []

    def add(self, method: str, pattern: str, handler: Handler, *, kind: str = "api") -> None:
        if kind not in {"api", "root"}:
            raise ValueError(f"unknown route kind {kind!r}")
        method = method.upper()
        for existing in self._routes:
            if (existing.method, existing.pattern, existing.kind) == (method, pattern, kind):
                if existing.handler is handler:
                    return  # a module imported twice registers once
                raise ValueError(f"route {method} {pattern} ({kind}) is already registered")
        regex, converters = compile_pattern(pattern)
        self._routes.append(Route(method, pattern, kind, handler, regex, converters))

    def route(
        self, method: str, pattern: str, *, kind: str = "api"
    ) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.add(method, pattern, handler, kind=kind)
            return handler

        return register

    def resolve(self, kind: str, method: str, path: str) -> tuple[Route, dict[str, Any]]:
        """The route for this request, or NotFound (also for a known path with another method)."""
        for candidate in self._routes:
            if candidate.kind != kind or candidate.method != method.upper():
                continue
            params = candidate.match(path)
            if params is not None:
                return candidate, params
        raise NotFound(f"No route matches {method.upper()} {path}")

    def routes(self) -> list[Route]:
        return list(self._routes)


REGISTRY = RouteRegistry()
route = REGISTRY.route

"""WHMCS's three URL modes, reduced to one question: which route table and which path?

* rewrite:     {prefix}/api/v2/store/products
* pathinfo:    {prefix}/index.php/api/v2/store/products
* basic:       {prefix}/index.php?rp=/api/v2/store/products&page=2
"""

from __future__ import annotations

from dataclasses import dataclass

API_ROOT = "/api/v2"
FRONT_CONTROLLER = "/index.php"


@dataclass(frozen=True)
class Target:
    kind: str  # "api" or "root"
    path: str  # relative to /api/v2 for "api", to the prefix for "root"
    query: dict[str, list[str]]


def resolve_target(path: str, query: dict[str, list[str]], prefix: str) -> Target | None:
    """None when the path is outside the prefix."""
    if prefix:
        if path != prefix and not path.startswith(prefix + "/"):
            return None
        path = path[len(prefix) :]
    path = path or "/"
    if path.startswith(FRONT_CONTROLLER + "/"):
        path = path[len(FRONT_CONTROLLER) :]
    elif path == FRONT_CONTROLLER and query.get("rp"):
        route_path = query["rp"][-1]
        query = {name: values for name, values in query.items() if name != "rp"}
        path = route_path if route_path.startswith("/") else "/" + route_path
    if path == API_ROOT or path.startswith(API_ROOT + "/"):
        return Target("api", path[len(API_ROOT) :] or "/", query)
    return Target("root", path, query)

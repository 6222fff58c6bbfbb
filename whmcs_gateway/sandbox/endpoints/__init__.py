"""REST API v2 endpoint modules. Each registers its routes on import (see routing.py).

To add an area, create a module here and list it in ENDPOINT_MODULES.
"""

from __future__ import annotations

import importlib

ENDPOINT_MODULES = (
    "status",
    "countries",
    "billing",
    "products",
    "domains",
    "users",
    "services",
    "account_domains",
    "admin",
    "cart",
    "checkout_page",
    "classic",
)


def load_endpoints() -> None:
    for name in ENDPOINT_MODULES:
        importlib.import_module(f"{__name__}.{name}")

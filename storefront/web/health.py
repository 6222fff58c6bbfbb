"""Probes: `/healthz` (the process serves) and `/readyz` (it can do its job)."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse

logger = logging.getLogger("storefront.health")


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    key, value = "shop:readyz", secrets.token_hex(4)
    cache.set(key, value, timeout=10)
    if cache.get(key) != value:
        raise RuntimeError("the cache did not return what was stored")


def _whmcs() -> None:
    from storefront.visitor import clients

    clients.stateless_rest().status.get()


CHECKS: dict[str, Callable[[], None]] = {
    "database": _database,
    "cache": _cache,
    "whmcs": _whmcs,
}


def readiness() -> JsonResponse:
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:  # a probe reports every failure, whatever its kind
            logger.warning("readiness: %s failed: %s", name, type(error).__name__)
            results[name] = "failing"
        else:
            results[name] = "ok"
    ready = all(result == "ok" for result in results.values())
    return JsonResponse(
        {"status": "ready" if ready else "not ready", "checks": results},
        status=200 if ready else 503,
    )


def liveness() -> JsonResponse:
    return JsonResponse({"status": "ok"})

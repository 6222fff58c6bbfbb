"""Fixtures and settings shared by the whole suite."""

from __future__ import annotations

from contextlib import suppress

import pytest


def pytest_configure(config):
    import os

    from django.conf import settings

    # One test database per run: several runs may share one PostgreSQL server.
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = (
        f"test_shop_{os.environ['TEST_RUN_ID']}"
    )

    # Tests render pages without running collectstatic first: plain storage, served by finders.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True
    # Tests change the catalog and expect the next read to see it.
    settings.CATALOG_LOCAL_SECONDS = 0
    settings.WHITENOISE_AUTOREFRESH = True


def clear_cache() -> None:
    """Empty this run's cache. On Redis only this run's keys: `clear()` would flush the
    whole database, and with it the keys of any other run sharing the server."""
    from django.conf import settings
    from django.core.cache import caches

    if "redis" not in settings.CACHES["throttle"]["BACKEND"].lower():
        # The login budgets' database table; a test without database access wrote nothing.
        with suppress(RuntimeError):
            caches["throttle"].clear()
    cache = caches["default"]
    if "redis" not in settings.CACHES["default"]["BACKEND"].lower():
        cache.clear()
        return
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: tokens, locks and catalog copies live there."""
    from whmcs_gateway import conf

    clear_cache()
    if conf.transport.cache_info().currsize:
        conf.transport().breaker.reset()  # a fault test must not leave it open
    yield
    clear_cache()


@pytest.fixture
def upstream(monkeypatch):
    """Records every REST call the shop sends to WHMCS, as (method, path)."""
    from whmcs_gateway import conf

    transport = conf.transport()
    calls: list[tuple[str, str]] = []
    original = transport.request

    def recording(method, path, **kwargs):
        calls.append((method.upper(), path))
        return original(method, path, **kwargs)

    monkeypatch.setattr(transport, "request", recording)
    return calls

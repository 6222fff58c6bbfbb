"""Fixtures and settings shared by the whole suite."""

from __future__ import annotations

import pytest


def pytest_configure(config):
    from django.conf import settings

    # Tests render pages without running collectstatic first: plain storage, served by finders.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: tokens, locks and catalog copies live there."""
    from django.core.cache import caches

    from whmcs_gateway import conf

    caches["default"].clear()
    if conf.transport.cache_info().currsize:
        conf.transport().breaker.record_success()  # a fault test must not leave it open
    yield
    caches["default"].clear()


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

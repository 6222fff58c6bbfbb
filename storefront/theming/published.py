"""Which stored edits are published, as every storefront process sees them.

The edits live in the database; a version token in the Django cache (Redis in production)
changes on every publish. Each process keeps the published edits in memory and, once per
request, compares the token it loaded them under with the one in the cache: when it changed
(another process published) it reads the edits again. So a publish takes effect on the next
request in every process, and a page costs one cache read, not one query per template.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction

logger = logging.getLogger("storefront.theming")

VERSION_KEY = "theming:published-version"
# After the database could not be read, serve the files for this long before trying again.
RETRY_AFTER_SECONDS = 5.0


@dataclass(frozen=True)
class PublishedEdit:
    revision_id: int
    name: str
    source: str
    digest: str


@dataclass
class _Snapshot:
    token: str | None = None
    edits: dict[str, PublishedEdit] | None = None
    retry_at: float = 0.0


_snapshot = _Snapshot()
_lock = threading.Lock()
_request = threading.local()


def published_edits() -> dict[str, PublishedEdit]:
    """The published edits by template name (empty when the database cannot be read)."""
    if getattr(_request, "active", False) and getattr(_request, "checked", False):
        return _snapshot.edits or {}
    token = _current_token()
    if token != _snapshot.token or _snapshot.edits is None:
        _reload(token)
    _request.checked = True
    return _snapshot.edits or {}


def bump_version() -> None:
    """Tell every process to read the published edits again on its next request."""
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        logger.exception("Could not bump the published template version in the cache")


def publish_changed() -> None:
    """After a publish: this process reloads at once, others once the transaction commits."""
    forget()
    transaction.on_commit(bump_version)


def forget() -> None:
    with _lock:
        _snapshot.token = None
        _snapshot.edits = None
        _snapshot.retry_at = 0.0
    _request.checked = False


def connect_request_signals() -> None:
    request_started.connect(_request_started, dispatch_uid="theming-request-started")
    request_finished.connect(_request_finished, dispatch_uid="theming-request-finished")


def _request_started(**kwargs) -> None:
    _request.active = True
    _request.checked = False


def _request_finished(**kwargs) -> None:
    _request.active = False
    _request.checked = False


def current_version() -> str | None:
    """The published-templates version every process agrees on (started on a cold cache).

    Anything cached from rendered pages keys on it, so a publish reaches it at once too.
    """
    return _current_token()


def _current_token() -> str | None:
    try:
        token = cache.get(VERSION_KEY)
        if token is None:
            # A cold or flushed cache: start a new version so every process reloads once.
            cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
            token = cache.get(VERSION_KEY)
    except Exception:
        logger.exception("Could not read the published template version from the cache")
        return _snapshot.token
    return token


def _reload(token: str | None) -> None:
    if _snapshot.edits is not None and time.monotonic() < _snapshot.retry_at:
        return
    try:
        edits = _read_edits()
    except Exception as error:
        # Never take the shop down: without the database, the theme/default files render.
        logger.error("Stored template edits unavailable, serving the template files: %s", error)
        with _lock:
            _snapshot.edits = _snapshot.edits or {}
            _snapshot.retry_at = time.monotonic() + RETRY_AFTER_SECONDS
        return
    with _lock:
        _snapshot.token = token
        _snapshot.edits = edits
        _snapshot.retry_at = 0.0


def _read_edits() -> dict[str, PublishedEdit]:
    from .models import TemplateRevision

    current = TemplateRevision.objects.filter(is_current=True, uses_default=False)
    return {
        row.name: PublishedEdit(row.pk, row.name, row.source, row.digest)
        for row in current.only("id", "name", "source")
    }

"""Strict parsers for settings read from the environment.

A malformed value stops start-up with a message naming the variable, instead of a surprise
later (a typo in `DEBUG=flase` must not silently mean anything).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})


class Env:
    """Reads typed values from a mapping (os.environ by default)."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self.environ = os.environ if environ is None else environ

    def _raw(self, name: str) -> str | None:
        value = self.environ.get(name)
        return None if value is None else value.strip()

    def str(self, name: str, default: str = "") -> str:
        raw = self._raw(name)
        return default if raw is None else raw

    def bool(self, name: str, default: bool = False) -> bool:
        raw = self._raw(name)
        if raw is None:
            return default
        if raw.lower() in TRUE_WORDS:
            return True
        if raw.lower() in FALSE_WORDS:
            return False
        raise ImproperlyConfigured(f"{name}: expected true or false (1/0, yes/no), got {raw!r}")

    def int(self, name: str, default: int, *, minimum: int | None = None) -> int:
        raw = self._raw(name)
        if raw is None or raw == "":
            return default
        try:
            value = int(raw)
        except ValueError:
            raise ImproperlyConfigured(f"{name}: expected a whole number, got {raw!r}") from None
        if minimum is not None and value < minimum:
            raise ImproperlyConfigured(f"{name}: must be at least {minimum}, got {value}")
        return value

    def float(self, name: str, default: float, *, minimum: float = 0.0) -> float:
        raw = self._raw(name)
        if raw is None or raw == "":
            return default
        try:
            value = float(raw)
        except ValueError:
            raise ImproperlyConfigured(f"{name}: expected a number, got {raw!r}") from None
        if value < minimum:
            raise ImproperlyConfigured(f"{name}: must be at least {minimum}, got {value}")
        return value

    def list(self, name: str, default: list[str] | None = None) -> list[str]:
        raw = self._raw(name)
        if raw is None:
            return list(default or [])
        return [item.strip() for item in raw.split(",") if item.strip()]

    def choice(self, name: str, choices: tuple[str, ...], default: str) -> str:
        raw = self._raw(name)
        if raw is None or raw == "":
            return default
        if raw not in choices:
            raise ImproperlyConfigured(f"{name}: expected one of {', '.join(choices)}, got {raw!r}")
        return raw

    def url(self, name: str, *, schemes: tuple[str, ...], default: str = "") -> str:
        raw = self._raw(name)
        if raw is None or raw == "":
            return default
        parts = urlsplit(raw)
        # A file or socket URL (sqlite:////var/db.sqlite3, unix:///run/redis.sock) has no host.
        needs_host = parts.scheme not in ("sqlite", "unix")
        if parts.scheme not in schemes or (needs_host and not parts.netloc):
            raise ImproperlyConfigured(
                f"{name}: expected a URL starting with {' or '.join(s + '://' for s in schemes)}"
                f", got {raw!r}"
            )
        return raw

    def directory(self, name: str) -> str:
        raw = self._raw(name)
        if not raw:
            return ""
        if not os.path.isdir(raw):
            raise ImproperlyConfigured(f"{name}: {raw!r} is not a directory")
        return os.path.abspath(raw)

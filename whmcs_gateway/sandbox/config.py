"""Sandbox configuration: one frozen dataclass, built from arguments or environment variables.

Environment variables (all optional; ``create_app()`` without a config reads them):

=============================== ==========================================================
SANDBOX_PREFIX                  URL prefix, e.g. ``/whmcs/`` (default: none)
SANDBOX_SYSTEM_URL              WHMCS system URL; the iss/aud of X-Api-State tokens
SANDBOX_JWT_SECRET              HS256 secret for X-Api-State (default: a public dev value)
SANDBOX_TOKEN_TTL               token lifetime in seconds (default 3600)
SANDBOX_STATE_RACE_DETECTOR     true/false: refuse all but the latest X-Api-State
                                (a test aid; default false, as WHMCS)
SANDBOX_SEED                    seed for fault injection randomness (default 0)
SANDBOX_FAULTS                  fault plan as JSON, see faults.py
SANDBOX_DATA_FILE               another TOML data file (default: demo_data.toml)
SANDBOX_CLASSIC_IDENTIFIER      classic API identifier (includes/api.php)
SANDBOX_CLASSIC_SECRET          classic API secret
SANDBOX_SHOP_RETURN_URL         where the checkout page sends the browser back to
SANDBOX_LOGIN_BAN_THRESHOLD     failed logins per IP before a ban (default 20)
SANDBOX_LOGIN_BAN_WINDOW        ...counted within this many seconds (default 900)
SANDBOX_LOGIN_BAN_SECONDS       length of a ban (default 900)
SANDBOX_CONTROL_TOKEN           token of the ``__sandbox__/`` control endpoints (default:
                                a new random one per start, printed by the standalone server)
=============================== ==========================================================
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

DEFAULT_DATA_FILE = Path(__file__).with_name("demo_data.toml")

# Deliberately public: the sandbox protects nothing. Long enough for HS256 (>= 32 bytes).
DEFAULT_JWT_SECRET = "whmcs-sandbox-insecure-development-secret"  # noqa: S105


def normalize_prefix(prefix: str) -> str:
    """'' / '/' -> '', 'whmcs' / '/whmcs/' -> '/whmcs' (no trailing slash)."""
    stripped = prefix.strip().strip("/")
    return f"/{stripped}" if stripped else ""


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class SandboxConfig:
    """Everything the sandbox can be told. The defaults work with zero configuration."""

    prefix: str = ""
    system_url: str = "http://127.0.0.1:8081/whmcs/"
    jwt_secret: str = DEFAULT_JWT_SECRET
    token_ttl_seconds: int = 3600
    # WHMCS accepts any valid, unexpired X-Api-State and acts on the state it carries. For
    # tests, this refuses every token but the latest of its chain, so a client that ever sends
    # an older token (two requests of one visitor racing) gets a 401 instead of older state.
    state_race_detector: bool = False
    seed: int = 0
    # Same shape as the SANDBOX_FAULTS environment variable (see faults.py).
    faults: dict[str, Any] = field(default_factory=dict)
    data_file: Path = DEFAULT_DATA_FILE
    classic_api_identifier: str = "sandbox-identifier"
    classic_api_secret: str = "sandbox-secret"  # noqa: S105
    shop_return_url: str = "http://127.0.0.1:8000/"
    # WHMCS bans an IP after repeated failed logins; every visitor of a shop shares its IP.
    login_ban_threshold: int = 20
    login_ban_window_seconds: int = 15 * 60
    login_ban_seconds: int = 15 * 60
    max_body_bytes: int = 1024 * 1024
    # What a caller of the control endpoints must send (X-Sandbox-Control-Token): random per
    # start unless given, so no one who merely reaches the sandbox can reset or fault it.
    control_token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    # Injectable clock so date-dependent data (renewals, expiry) is reproducible in tests.
    clock: Any = utc_now

    def __post_init__(self) -> None:
        object.__setattr__(self, "prefix", normalize_prefix(self.prefix))
        object.__setattr__(self, "data_file", Path(self.data_file))

    def with_changes(self, **changes: Any) -> SandboxConfig:
        return replace(self, **changes)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> SandboxConfig:
        """Read SANDBOX_* variables; anything unset keeps its default."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        text_settings = {
            "SANDBOX_PREFIX": "prefix",
            "SANDBOX_SYSTEM_URL": "system_url",
            "SANDBOX_JWT_SECRET": "jwt_secret",
            "SANDBOX_DATA_FILE": "data_file",
            "SANDBOX_CLASSIC_IDENTIFIER": "classic_api_identifier",
            "SANDBOX_CLASSIC_SECRET": "classic_api_secret",
            "SANDBOX_SHOP_RETURN_URL": "shop_return_url",
            "SANDBOX_CONTROL_TOKEN": "control_token",
        }
        int_settings = {
            "SANDBOX_TOKEN_TTL": "token_ttl_seconds",
            "SANDBOX_SEED": "seed",
            "SANDBOX_LOGIN_BAN_THRESHOLD": "login_ban_threshold",
            "SANDBOX_LOGIN_BAN_WINDOW": "login_ban_window_seconds",
            "SANDBOX_LOGIN_BAN_SECONDS": "login_ban_seconds",
        }
        for name, attribute in text_settings.items():
            if name in env:
                values[attribute] = env[name]
        for name, attribute in int_settings.items():
            if name in env:
                values[attribute] = _parse_int(name, env[name])
        if "SANDBOX_STATE_RACE_DETECTOR" in env:
            values["state_race_detector"] = _parse_bool(
                "SANDBOX_STATE_RACE_DETECTOR", env["SANDBOX_STATE_RACE_DETECTOR"]
            )
        if env.get("SANDBOX_FAULTS"):
            values["faults"] = _parse_faults(env["SANDBOX_FAULTS"])
        return cls(**values)


def _parse_int(name: str, raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{name} must be an integer, got {raw!r}") from None


def _parse_bool(name: str, raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"{name} must be a boolean (true/false), got {raw!r}")


def _parse_faults(raw: str) -> dict[str, Any]:
    try:
        parsed = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"SANDBOX_FAULTS is not valid JSON: {exc}") from None
    if not isinstance(parsed, dict):
        raise ValueError("SANDBOX_FAULTS must be a JSON object")
    return parsed

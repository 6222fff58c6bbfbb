"""Faults on demand: latency, injected 500s, timeouts and a "down" switch.

Configuration (the SANDBOX_FAULTS environment variable as JSON, or the body of
``POST {prefix}__sandbox__/faults``)::

    {
      "seed": 7,                      # optional; defaults to SandboxConfig.seed
      "down": false,                  # true: every API request fails...
      "down_mode": "503",             # ...with 503, or "refuse": the connection is dropped
      "rules": [
        {
          "route": "/store/*",        # fnmatch pattern on the path after /api/v2 ("*" = all)
          "method": "GET",            # optional, "*" = any
          "latency_ms": 200,          # added to every matching request
          "error_rate": 0.5,          # share of matching requests answered 500
          "timeout_rate": 0.1,        # share of matching requests that time out:
          "timeout_mode": "sleep",    #   "sleep": answer only after timeout_ms, "close": drop
          "timeout_ms": 30000
        }
      ]
    }

Random choices come from one random.Random seeded with the seed, so a sequential test run is
reproducible. Control endpoints (``__sandbox__/...``) are never faulted.
"""

from __future__ import annotations

import fnmatch
import random
import threading
from dataclasses import dataclass, field
from typing import Any

_RULE_KEYS = {
    "route",
    "method",
    "latency_ms",
    "error_rate",
    "timeout_rate",
    "timeout_mode",
    "timeout_ms",
}


class FaultConfigError(ValueError):
    pass


@dataclass(frozen=True)
class FaultRule:
    route: str = "*"
    method: str = "*"
    latency_ms: int = 0
    error_rate: float = 0.0  # a probability, never money
    timeout_rate: float = 0.0
    timeout_mode: str = "sleep"
    timeout_ms: int = 30_000

    def matches(self, method: str, path: str) -> bool:
        method_ok = self.method == "*" or self.method.upper() == method.upper()
        return method_ok and fnmatch.fnmatchcase(path, self.route)


@dataclass(frozen=True)
class FaultDecision:
    """What to do to one request, decided before it is handled."""

    latency_seconds: float = 0.0
    down: bool = False
    drop_connection: bool = False
    internal_error: bool = False
    sleep_seconds: float = 0.0  # a timeout of the "sleep" kind

    @property
    def is_noop(self) -> bool:
        return self == FaultDecision()


@dataclass
class FaultPlan:
    down: bool = False
    down_mode: str = "503"
    rules: list[FaultRule] = field(default_factory=list)
    seed: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "down": self.down,
            "down_mode": self.down_mode,
            "rules": [rule.__dict__ for rule in self.rules],
        }


def parse_fault_plan(raw: Any) -> FaultPlan:
    """Validate a fault configuration; every mistake is a FaultConfigError with a message."""
    if not isinstance(raw, dict):
        raise FaultConfigError("faults must be a JSON object")
    unknown = set(raw) - {"seed", "down", "down_mode", "rules"}
    if unknown:
        raise FaultConfigError(f"unknown fault settings: {', '.join(sorted(unknown))}")
    down = raw.get("down", False)
    if not isinstance(down, bool):
        raise FaultConfigError("down must be true or false")
    down_mode = raw.get("down_mode", "503")
    if down_mode not in {"503", "refuse"}:
        raise FaultConfigError('down_mode must be "503" or "refuse"')
    seed = raw.get("seed")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise FaultConfigError("seed must be an integer")
    rules_raw = raw.get("rules", [])
    if not isinstance(rules_raw, list):
        raise FaultConfigError("rules must be an array")
    rules = [_parse_rule(index, rule) for index, rule in enumerate(rules_raw)]
    return FaultPlan(down=down, down_mode=down_mode, rules=rules, seed=seed)


def _parse_rule(index: int, raw: Any) -> FaultRule:
    where = f"rules[{index}]"
    if not isinstance(raw, dict):
        raise FaultConfigError(f"{where} must be an object")
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise FaultConfigError(f"{where} has unknown keys: {', '.join(sorted(unknown))}")
    for key in ("route", "method"):
        if not isinstance(raw.get(key, "*"), str):
            raise FaultConfigError(f"{where}.{key} must be a string")
    for key in ("latency_ms", "timeout_ms"):
        value = raw.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise FaultConfigError(f"{where}.{key} must be a non-negative integer")
    for key in ("error_rate", "timeout_rate"):
        value = raw.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise FaultConfigError(f"{where}.{key} must be a number between 0 and 1")
    if raw.get("timeout_mode", "sleep") not in {"sleep", "close"}:
        raise FaultConfigError(f'{where}.timeout_mode must be "sleep" or "close"')
    return FaultRule(**raw)


class FaultInjector:
    """Thread-safe holder of the active plan and its seeded random generator."""

    def __init__(self, plan: FaultPlan, default_seed: int) -> None:
        self._lock = threading.Lock()
        self._default_seed = default_seed
        self.replace(plan)

    def replace(self, plan: FaultPlan) -> None:
        with self._lock:
            self.plan = plan
            seed = plan.seed if plan.seed is not None else self._default_seed
            self._random = random.Random(seed)  # noqa: S311 - reproducibility, not secrecy

    def decide(self, method: str, path: str) -> FaultDecision:
        with self._lock:
            plan = self.plan
            if plan.down:
                return FaultDecision(down=True, drop_connection=plan.down_mode == "refuse")
            latency = 0.0
            for rule in plan.rules:
                if not rule.matches(method, path):
                    continue
                latency += rule.latency_ms / 1000
                if rule.timeout_rate and self._random.random() < rule.timeout_rate:
                    if rule.timeout_mode == "close":
                        return FaultDecision(latency_seconds=latency, drop_connection=True)
                    return FaultDecision(
                        latency_seconds=latency, sleep_seconds=rule.timeout_ms / 1000
                    )
                if rule.error_rate and self._random.random() < rule.error_rate:
                    return FaultDecision(latency_seconds=latency, internal_error=True)
            return FaultDecision(latency_seconds=latency)

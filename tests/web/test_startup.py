"""Start-up: a malformed setting stops the shop with a message naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DEBUG", "SECRET_KEY", "WHMCS_URL", "DATABASE_URL", "REDIS_URL")
    }
    environment.update(env)
    return subprocess.run(  # noqa: S603 - our own manage.py with a fixed argument list
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DEBUG", "flase"),
        ("WHMCS_URL", "billing.example.com"),
        ("WHMCS_URL_MODE", "friendly"),
        ("DATABASE_URL", "mysql://db/shop"),
        ("REDIS_URL", "localhost:6379"),
        ("WHMCS_READ_TIMEOUT", "soon"),
    ],
)
def test_a_malformed_variable_stops_start_up_naming_it(variable, value):
    result = manage("check", **{"SECRET_KEY": "x", variable: value})
    assert result.returncode != 0
    assert variable in result.stderr
    assert "Traceback" not in result.stdout


def test_production_settings_need_a_secret_key():
    result = manage("check")
    assert result.returncode != 0
    assert "SECRET_KEY: required when DEBUG is off" in result.stderr


def test_check_whmcs_reports_the_embedded_sandbox():
    result = manage("check_whmcs", DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert "embedded sandbox" in result.stdout
    assert "Currencies:   USD, EUR, GBP" in result.stdout
    assert "REST API v2:  reachable" in result.stdout
    assert "Classic API:  reachable" in result.stdout


def test_check_whmcs_fails_with_the_reason_when_whmcs_does_not_answer():
    result = manage(
        "check_whmcs", DEBUG="1", WHMCS_URL="http://127.0.0.1:9", WHMCS_CONNECT_TIMEOUT="0.5"
    )
    assert result.returncode != 0
    assert "REST API v2:  NOT reachable" in result.stdout
    assert "Could not reach WHMCS" in result.stderr

"""Real-browser fixtures: the shop as a real server on loopback, Debian's Chromium driven by
Playwright, and a `journey` per test that screenshots, checks accessibility and weighs pages.

The shop runs production-shaped (DEBUG off, gunicorn, collected and compressed static files,
the embedded WHMCS sandbox): Chromium treats http://127.0.0.1 as a secure origin, so the
`__Host-` cookies work over plain HTTP. The browser never talks to any other host.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx
import pytest

from bench.harness import ROOT, free_port, gunicorn_command, running
from tests.browser.journey import Journey, WeightLog

CHROMIUM = Path("/usr/bin/chromium")
# Everything that would make Chromium phone home is off; the route guard catches the rest.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
MARKETER = ("marketer", "marketer-password-1")
# The embedded sandbox's control token for this run (its endpoints refuse any call without).
SANDBOX_CONTROL_TOKEN = secrets.token_urlsafe(24)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


class Shop:
    """The running shop: its address and the sandbox's control endpoints."""

    def __init__(self, url: str) -> None:
        self.url = url

    def sandbox(self, method: str, path: str, **kwargs) -> dict:
        headers = {"X-Sandbox-Control-Token": SANDBOX_CONTROL_TOKEN}
        response = httpx.request(
            method, f"{self.url}/whmcs/__sandbox__/{path}", headers=headers, **kwargs
        )
        response.raise_for_status()
        return response.json()

    def totp(self, secret: str) -> str:
        """A code the sandbox accepts now. It accepts each code once per account, so time is
        moved on by one TOTP window first: the same login may run twice in one window."""
        import datetime

        import pyotp

        now = self.sandbox("POST", "clock", json={"advance_seconds": 30})["data"]["now"]
        return pyotp.TOTP(secret).at(datetime.datetime.fromisoformat(now))


def _server_env(workdir: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "WHMCS_", "SANDBOX_", "DATABASE_", "REDIS_"))
        and key not in ("DEBUG", "THEME_DIR")
    }
    env.update(
        SECRET_KEY="browser-test-secret-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=f"sqlite:///{workdir / 'shop.sqlite3'}",
        STATIC_ROOT=str(workdir / "static"),
        # The embedded sandbox, as a demonstration deployment would run it.
        WHMCS_EMBEDDED_DEMO="true",
        SANDBOX_CONTROL_TOKEN=SANDBOX_CONTROL_TOKEN,
        # One process: the embedded sandbox keeps its world in memory.
        GUNICORN_WORKERS="1",
        GUNICORN_THREADS="4",
        LOG_LEVEL="WARNING",
    )
    return env


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # launch() gives the browser a fresh, throwaway profile (user-data dir) of its own.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def shop_server(browser):
    workdir = Path(tempfile.mkdtemp(prefix="shop-browser-"))
    env = _server_env(workdir)
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run([*manage, *command, "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    marketer = ["createsuperuser", "--noinput", "--username", MARKETER[0]]
    subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [*manage, *marketer, "--email", "marketer@example.com"],
        cwd=ROOT,
        env={**env, "DJANGO_SUPERUSER_PASSWORD": MARKETER[1]},
        check=True,
    )
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    try:
        with running(gunicorn_command(port), f"{url}/healthz", env):
            yield Shop(url)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def weights():
    log = WeightLog()
    yield log
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "page-weights.json").write_text(json.dumps(log.rows, indent=2))


# The two sizes the shop is designed for: a phone held upright and a laptop.
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def _journey(
    request, browser, shop, weights, javascript: bool, viewport: dict | None = None, suffix=""
) -> Journey:
    name = request.node.name.replace("[", "-").replace("]", "").replace("/", "-") + suffix
    folder = ARTIFACTS / name
    shutil.rmtree(folder, ignore_errors=True)
    viewport = viewport or {"width": 1280, "height": 900}
    context = browser.new_context(
        base_url=shop.url, java_script_enabled=javascript, viewport=viewport
    )
    return Journey(
        context, shop.url, folder, weights, javascript=javascript, test=name, viewport=viewport
    )


@pytest.fixture(params=[True, False], ids=["js", "nojs"])
def journey(request, browser, shop_server, weights):
    """A visitor in a fresh browser context, with JavaScript on and off."""
    journey = _journey(request, browser, shop_server, weights, javascript=request.param)
    yield journey
    journey.close()
    journey.assert_stayed_home()


@pytest.fixture
def scripted_journey(request, browser, shop_server, weights):
    """A visitor with JavaScript on (for a second person in the same test, or the keyboard)."""
    journey = _journey(request, browser, shop_server, weights, javascript=True)
    yield journey
    journey.close()
    journey.assert_stayed_home()


@pytest.fixture(
    params=[(PHONE, True), (PHONE, False), (DESKTOP, True), (DESKTOP, False)],
    ids=["phone-js", "phone-nojs", "desktop-js", "desktop-nojs"],
)
def sized_journey(request, browser, shop_server, weights):
    """A visitor on a phone (390×844) or a laptop (1366×900), with JavaScript on and off."""
    viewport, javascript = request.param
    journey = _journey(request, browser, shop_server, weights, javascript, viewport)
    yield journey
    journey.close()
    journey.assert_stayed_home()

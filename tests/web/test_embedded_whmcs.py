"""The embedded WHMCS sandbox is a development tool: production refuses it, a demo serves only
its checkout page (behind the host check and the security headers), and no visitor can use
it to log in directly, get the shop banned, or reset it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests.account.conftest import DEMO, log_in

ROOT = Path(__file__).resolve().parents[2]
OUR_VARIABLES = ("DEBUG", "SECRET_KEY", "WHMCS_URL", "WHMCS_EMBEDDED_DEMO", "DATABASE_URL")


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in OUR_VARIABLES}
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


PRODUCTION = {"SECRET_KEY": "production-secret-" + "x" * 40, "ALLOWED_HOSTS": "shop.example.com"}


@pytest.mark.parametrize("command", [["check"], ["check", "--deploy"], ["migrate", "--check"]])
def test_production_without_whmcs_url_does_not_start(command):
    result = manage(*command, **PRODUCTION)
    assert result.returncode != 0
    assert "WHMCS_URL: required when DEBUG is off" in result.stderr
    assert "WHMCS_EMBEDDED_DEMO=true" in result.stderr


def test_check_deploy_fails_on_the_sandbox_even_with_debug_on():
    result = manage("check", "--deploy", DEBUG="1")
    assert result.returncode != 0
    assert "WHMCS_URL is not set: the shop would serve the embedded WHMCS sandbox" in (
        result.stdout + result.stderr
    )


def test_a_demo_deployment_starts_and_check_deploy_says_it_is_a_demo():
    result = manage("check", "--deploy", WHMCS_EMBEDDED_DEMO="true", **PRODUCTION)
    assert "web.W001" in result.stdout + result.stderr
    assert "WHMCS_URL: required" not in result.stderr


def test_with_whmcs_url_check_deploy_says_nothing_about_the_sandbox():
    result = manage("check", "--deploy", WHMCS_URL="https://billing.example.com", **PRODUCTION)
    assert "web.E001" not in result.stdout + result.stderr
    assert "web.W001" not in result.stdout + result.stderr


def test_the_docker_image_sets_nothing_that_serves_the_sandbox():
    dockerfile = (ROOT / "Dockerfile").read_text()
    final_stage = dockerfile.rsplit("\nFROM ", 1)[1]
    for line in final_stage.splitlines():
        if line.startswith(("ENV", "ARG")):
            assert not re.search(r"\b(DEBUG|WHMCS_EMBEDDED_DEMO|SANDBOX_\w+)=", line), line


# -- the mount, in a demo (the test settings: DEBUG off, WHMCS_EMBEDDED_DEMO) -----------------


@pytest.fixture
def guard():
    from whmcs_gateway import conf

    login_guard = conf.sandbox_app().world.login_guard
    login_guard.failures.clear()  # other tests' failed logins are theirs
    login_guard.banned_until.clear()
    yield login_guard
    login_guard.failures.clear()
    login_guard.banned_until.clear()


@pytest.fixture
def browser():
    """A browser talking to the shop's real WSGI entry point (what gunicorn serves)."""
    import httpx
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from storefront.wsgi import application

    # As Django's test client does: the test's database transaction must outlive a request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with httpx.Client(
            transport=httpx.WSGITransport(app=application), base_url="http://testserver"
        ) as http:
            yield http
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_logging_in_at_the_sandbox_directly_is_not_possible_and_bans_nobody(browser, guard):
    for number in range(30):
        response = browser.post(
            "/whmcs/api/v2/user/session",
            json={"email": f"x{number}@example.com", "password": "wrong"},
        )
        assert response.status_code == 404
        assert "X-Api-State" not in response.headers
    assert not guard.failures
    assert not guard.banned_until
    assert log_in(Client(), DEMO)["Location"] == "/account/services"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/whmcs/api/v2/status"),
        ("POST", "/whmcs/api/v2/admin/session"),
        ("POST", "/whmcs/includes/api.php"),
        ("GET", "/whmcs/index.php"),
    ],
)
def test_the_sandbox_api_is_not_served_to_browsers(browser, method, path):
    form = {"action": "GetProducts", "identifier": "sandbox-identifier", "secret": "sandbox-secret"}
    response = browser.request(method, path, data=form if method == "POST" else None)
    assert response.status_code == 404
    assert "sandbox-" not in response.text
    assert "result" not in response.text


@pytest.mark.django_db
def test_the_control_endpoints_refuse_a_visitor_without_the_token(browser):
    from whmcs_gateway import conf

    app = conf.sandbox_app()
    before = app.world
    for path in ("reset", "faults", "clock"):
        response = browser.post(
            f"/whmcs/__sandbox__/{path}", json={"down": True, "advance_seconds": 3600}
        )
        assert response.status_code == 403
        assert "X-Sandbox-Control-Token" in response.json()["message"]
    assert app.world is before
    assert app.clock.offset.total_seconds() == 0
    assert not app.faults.plan.as_dict().get("down")


@pytest.mark.django_db
def test_the_checkout_page_is_behind_the_host_check_and_the_security_headers(browser):
    refused = browser.get("/whmcs/assets/css/checkout.css", headers={"Host": "evil.example"})
    assert refused.status_code == 400
    page = browser.get("/whmcs/assets/css/checkout.css")
    assert page.status_code == 200
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]

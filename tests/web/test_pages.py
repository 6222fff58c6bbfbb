"""Cross-cutting behaviour every page shares."""

from __future__ import annotations

import re

import pytest


@pytest.fixture
def page(client):
    return client.get("/")


def test_status_page_says_the_embedded_billing_system_answers(client):
    html = client.get("/status").content.decode()
    assert "Online (embedded sandbox)" in html
    assert "USD, EUR, GBP" in html


def test_every_answer_carries_a_request_id(page):
    assert re.fullmatch(r"[0-9a-f]{32}", page["X-Request-ID"])


def test_a_well_formed_request_id_from_the_proxy_is_kept(client):
    response = client.get("/", headers={"X-Request-ID": "edge-1234abcd"})
    assert response["X-Request-ID"] == "edge-1234abcd"


def test_a_malformed_request_id_is_replaced(client):
    response = client.get("/", headers={"X-Request-ID": "bad id\nwith newline"})
    assert response["X-Request-ID"] != "bad id\nwith newline"
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_browsing_does_not_start_a_session(page, settings):
    assert settings.SESSION_COOKIE_NAME not in page.cookies


def test_healthz_answers_without_host_checks_or_https_redirect(client):
    response = client.get("/healthz", HTTP_HOST="10.1.2.3:8000")
    assert response.json() == {"status": "ok"}


def test_scripts_come_from_our_own_static_files_without_a_nonce(page):
    """Shop templates are the marketers' to edit, so a shop page lends no nonce to any script:
    the policy's 'self' runs the shop's own files, and nothing else."""
    html = page.content.decode()
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts, "htmx is served"
    for tag in scripts:
        assert 'src="/static/' in tag
        assert "nonce=" not in tag
    assert "<script>" not in html


def test_content_security_policy_forbids_inline_code(page):
    policy = page["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    assert "object-src 'none'" in policy
    assert "base-uri 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self'" in policy
    assert "nonce=" not in page.content.decode()


def test_an_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Traceback" not in response.content.decode()

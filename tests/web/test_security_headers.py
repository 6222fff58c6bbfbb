"""Security headers on every kind of page the shop serves."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db

PAGES = {
    "store front": "/",
    "group": "/store/1/shared-hosting/",
    "configure": "/order/6/vps-s/",
    "cart": "/cart/",
    "checkout": "/checkout/",
    "domain search": "/domains/?domain=example.com",
    "domain prices": "/domains/pricing",
    "customer login": "/account/login",
    "staff login": "/staff/login",
    "marketer login": "/marketing/login/",
    "status": "/status",
    "not found": "/no-such-page",
}


@pytest.fixture(params=PAGES.items(), ids=PAGES.keys())
def page(request, client):
    _, url = request.param
    return client.get(url, secure=True)


def test_content_security_policy_is_strict_and_nonce_based(page):
    policy = page["Content-Security-Policy"]
    directives = {}
    for part in filter(None, (p.strip() for p in policy.split(";"))):
        name, _, value = part.partition(" ")
        directives[name] = value
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    html = page.content.decode()
    if "<script" in html:  # the shop's own files; a shop page carries no nonce (templates.md)
        assert directives["script-src"].split()[0] == "'self'"
    for nonce in re.findall(r'nonce="([^"]*)"', html):  # staff and editor pages only
        assert f"'nonce-{nonce}'" in directives["script-src"]
    assert "http:" not in policy and "https:" not in policy.replace("https://", "")


def test_no_inline_script_style_or_handler_in_the_html(page):
    html = page.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert "<style" not in html
    assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler"
    assert not re.search(r'\sstyle\s*=\s*"', html), "inline style attribute"


def test_transport_and_framing_headers(page):
    assert page["Strict-Transport-Security"].startswith("max-age=31536000")
    assert page["X-Content-Type-Options"] == "nosniff"
    assert page["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in page["Permissions-Policy"]
    assert page["X-Frame-Options"] == "DENY"
    assert page["Cross-Origin-Opener-Policy"] == "same-origin"


def test_cookies_are_host_only_secure_and_same_site(client):
    client.post("/currency", {"currency": "EUR", "next": "/"}, secure=True)
    response = client.get("/order/6/vps-s/", secure=True)
    session = client.cookies["__Host-sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    assert session["path"] == "/" and not session["domain"]
    csrf = response.cookies.get("__Host-csrftoken") or client.cookies["__Host-csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"


def test_the_whmcs_unavailable_page_has_the_same_headers(client, monkeypatch):
    from whmcs_gateway.catalog import Catalog
    from whmcs_gateway.errors import Unavailable

    def down(self):
        raise Unavailable()

    monkeypatch.setattr(Catalog, "groups", down)
    response = client.get("/", secure=True)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Our billing system is not answering right now" in response.content.decode()
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_readyz_reports_database_cache_and_whmcs(client):
    response = client.get("/readyz", HTTP_HOST="10.0.0.5")
    assert response.json() == {
        "status": "ready",
        "checks": {"database": "ok", "cache": "ok", "whmcs": "ok"},
    }


def test_readyz_says_which_dependency_fails(client, monkeypatch):
    from storefront.web import health

    def failing():
        raise ConnectionError("down")

    monkeypatch.setitem(health.CHECKS, "whmcs", failing)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["whmcs"] == "failing"

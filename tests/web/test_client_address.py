"""The visitor's address, for the login throttles, the audit log and WHMCS: from a trusted
proxy's header when the shop is configured behind one, never from what a visitor sends."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory

from storefront.staff.models import AuditEntry
from storefront.visitor.addresses import client_address
from tests.account.conftest import DEMO, log_in
from tests.shop import text_of

PROXY = "10.0.0.5"


def address_of(remote: str, forwarded: str | None = None) -> str:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))


def test_without_a_proxy_a_forged_header_is_ignored(settings):
    settings.BEHIND_TLS_PROXY = False
    settings.TRUSTED_PROXIES = []
    assert address_of("198.51.100.7", "203.0.113.66") == "198.51.100.7"


def test_behind_one_proxy_the_hop_it_appended_is_the_visitor(settings):
    settings.BEHIND_TLS_PROXY = True
    settings.TRUSTED_PROXIES = []
    # The visitor sent "1.1.1.1" themselves; the proxy appended their real address.
    assert address_of(PROXY, "1.1.1.1, 198.51.100.7") == "198.51.100.7"
    assert address_of(PROXY) == PROXY  # a proxy that sent no header: the proxy itself


def test_with_trusted_proxies_only_their_hops_are_skipped(settings):
    settings.BEHIND_TLS_PROXY = False
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert address_of(PROXY, "6.6.6.6, 198.51.100.7, 10.0.0.9") == "198.51.100.7"
    # A peer that is not one of the proxies: its header is the visitor's own claim.
    assert address_of("198.51.100.8", "6.6.6.6") == "198.51.100.8"
    # Garbage in the chain: nothing to its left is believed.
    assert address_of(PROXY, "6.6.6.6, not-an-address, 10.0.0.9") == PROXY
    assert address_of(PROXY, "[2001:db8::1]:443") == "2001:db8::1"


def test_a_bad_trusted_proxies_value_stops_start_up():
    import subprocess
    import sys

    env = {"TRUSTED_PROXIES": "10.0.0.0/8, proxy.internal", "SECRET_KEY": "x" * 50}
    result = subprocess.run(
        [sys.executable, "-c", "import storefront.settings"],
        env={**__import__("os").environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "TRUSTED_PROXIES: 'proxy.internal' is not an IP address or network" in result.stderr


@pytest.mark.django_db
def test_behind_a_proxy_the_staff_audit_log_shows_the_visitors_address(settings, client):
    settings.BEHIND_TLS_PROXY = True
    client.post(
        "/staff/login",
        {"username": "admin", "password": "wrong"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    [entry] = AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN)
    assert entry.ip_address == "198.51.100.7"


@pytest.mark.django_db
def test_without_a_proxy_a_forged_header_does_not_reach_the_audit_log(settings, client):
    settings.BEHIND_TLS_PROXY = False
    client.post(
        "/staff/login",
        {"username": "admin", "password": "wrong"},
        REMOTE_ADDR="198.51.100.7",
        HTTP_X_FORWARDED_FOR="203.0.113.66",
    )
    [entry] = AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN)
    assert entry.ip_address == "198.51.100.7"


@pytest.mark.django_db
def test_behind_a_proxy_one_visitors_guesses_do_not_lock_out_another(settings):
    settings.BEHIND_TLS_PROXY = True
    guesser = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9")
    for number in range(10):
        guesser.post("/account/login", {"email": f"x{number}@example.com", "password": "nope"})
    locked = text_of(log_in(guesser, DEMO))
    assert "Too many failed login attempts" in locked
    other = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert log_in(other, DEMO)["Location"] == "/account/services"


@pytest.mark.django_db
def test_behind_a_proxy_whmcs_is_told_the_visitors_address(settings, client, monkeypatch):
    from whmcs_gateway import conf

    settings.BEHIND_TLS_PROXY = True
    transport = conf.transport()
    sent: list[str | None] = []
    original = transport.request

    def recording(method, path, **kwargs):
        sent.append(kwargs.get("client_ip"))
        return original(method, path, **kwargs)

    monkeypatch.setattr(transport, "request", recording)
    client.post("/cart/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    log_in(client, DEMO, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    assert sent
    assert set(sent) == {"198.51.100.7"}

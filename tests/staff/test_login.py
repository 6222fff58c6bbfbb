"""Staff login through WHMCS's admin API: password, the second factor WHMCS asks for with 412,
session key rotation, failures audited, and logout ending the admin's WHMCS session."""

from __future__ import annotations

import pytest

from storefront.staff.models import AuditEntry
from storefront.visitor.keys import STAFF as STAFF_KEY
from tests.shop import text_of
from whmcs_gateway import conf
from whmcs_gateway.visitor import VisitorGateway

from .conftest import ADMIN, SECURE_ADMIN, SECURE_ADMIN_TOTP, audit_rows

pytestmark = pytest.mark.django_db


def admin_gateway(client) -> VisitorGateway:
    visitor = client.session[STAFF_KEY]["visitor"]
    return VisitorGateway(conf.transport(), conf.state_store(), lambda: visitor)


def admin_calls(upstream) -> list[tuple[str, str]]:
    # The page header may read the cached catalog; the admin API must not be asked at all.
    return [call for call in upstream if call[1].startswith("/admin/")]


def test_an_admin_logs_in_with_username_and_password(client):
    page = text_of(client.post("/staff/login", ADMIN, follow=True))
    assert "Logged in as Ada Admin (admin)." in page
    [entry] = audit_rows(AuditEntry.Action.LOGIN)
    assert (entry.actor, entry.outcome, entry.target) == ("admin", "success", "admin@example.com")
    assert entry.ip_address == "127.0.0.1"
    assert entry.request_id


def test_the_session_key_changes_at_login(client):
    client.get("/staff/login")
    client.session.save()
    before = client.session.session_key
    client.post("/staff/login", ADMIN)
    assert client.session.session_key != before


def test_the_admins_whmcs_state_is_kept_apart_from_the_shopping_visitor(staff):
    session = staff.session
    assert "whmcs_visitor" not in session
    assert admin_gateway(staff).rest.admin.system_status()  # an admin, as WHMCS sees it


def test_a_wrong_password_shows_whmcs_answer_and_is_audited(client):
    response = client.post("/staff/login", {"username": "admin", "password": "wrong"})
    assert response.status_code == 422
    assert "Staff login" in text_of(response)
    assert STAFF_KEY not in client.session
    [entry] = audit_rows(AuditEntry.Action.LOGIN)
    assert (entry.actor, entry.outcome) == ("admin", "failure")
    assert entry.detail in text_of(response)


def test_an_admin_with_two_factor_is_asked_for_the_code(client):
    response = client.post("/staff/login", SECURE_ADMIN)
    assert response["Location"].startswith("/staff/login/verify")
    assert STAFF_KEY not in client.session
    assert client.get("/staff/").status_code == 302  # not logged in yet
    page = text_of(client.get(response["Location"]))
    assert "WHMCS asks for a second factor for secureadmin." in page


def test_the_right_code_completes_the_login_with_a_new_session_key(client):
    client.post("/staff/login", SECURE_ADMIN)
    before = client.session.session_key
    response = client.post("/staff/login/verify", {"code": SECURE_ADMIN_TOTP.now()}, follow=True)
    assert "Logged in as Sam Secure (secureadmin)." in text_of(response)
    assert client.session.session_key != before
    [entry] = audit_rows(AuditEntry.Action.LOGIN)
    assert (entry.actor, entry.outcome) == ("secureadmin", "success")


def test_a_wrong_code_is_refused_with_whmcs_words_and_audited(client):
    client.post("/staff/login", SECURE_ADMIN)
    wrong = "000000" if SECURE_ADMIN_TOTP.now() != "000000" else "111111"
    response = client.post("/staff/login/verify", {"code": wrong})
    assert response.status_code == 422
    assert "The two-factor authentication code is invalid." in text_of(response)
    assert STAFF_KEY not in client.session
    [entry] = audit_rows(AuditEntry.Action.LOGIN)
    assert (entry.actor, entry.outcome) == ("secureadmin", "failure")


def test_a_code_that_is_not_six_digits_never_reaches_whmcs(client, upstream):
    client.post("/staff/login", SECURE_ADMIN)
    upstream.clear()
    response = client.post("/staff/login/verify", {"code": "12ab"})
    assert "Enter the 6-digit code from your authenticator app." in text_of(response)
    assert not admin_calls(upstream)


def test_the_code_page_without_a_password_step_goes_back_to_login(client):
    assert client.get("/staff/login/verify")["Location"] == "/staff/login"


def test_many_failures_stop_the_console_asking_whmcs(client, upstream):
    for _ in range(5):
        client.post("/staff/login", {"username": "admin", "password": "wrong"})
    upstream.clear()
    response = client.post("/staff/login", ADMIN)
    assert "Too many failed logins" in text_of(response)
    assert not admin_calls(upstream)
    assert audit_rows(AuditEntry.Action.LOGIN)[-1].outcome == "refused"


def test_logout_ends_the_admin_session_in_whmcs_too(staff, upstream):
    gateway = admin_gateway(staff)
    before = staff.session.session_key
    page = text_of(staff.post("/staff/logout", follow=True))
    assert "You are logged out of the staff console." in page
    assert STAFF_KEY not in staff.session
    assert staff.session.session_key != before
    assert staff.get("/staff/").status_code == 302
    assert ("DELETE", "/admin/session") in upstream
    # WHMCS does not revoke older tokens (each carries its state until it expires), so the
    # shop keeps none: the console's state is gone.
    assert conf.state_store().snapshot(gateway.visitor_id).token is None
    assert audit_rows(AuditEntry.Action.LOGOUT)[0].actor == "admin"


def test_an_admin_session_whmcs_forgot_sends_the_staff_member_to_login(staff):
    admin_gateway(staff).rest.admin.logout()  # e.g. logged out in WHMCS itself
    response = staff.get("/staff/admin/users/search?query=demo", follow=True)
    assert "Your WHMCS admin session has ended. Please log in again." in text_of(response)
    assert STAFF_KEY not in staff.session

"""Masquerading: the shop as the customer sees it, a banner on every page, a one-click stop,
a 30-minute limit, session key rotation, and staff accounts refused as targets."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from storefront.staff.models import AuditEntry, StaffAccount
from storefront.visitor.keys import MASQUERADE as MASQUERADE_KEY
from storefront.visitor.keys import STAFF as STAFF_KEY
from storefront.visitor.keys import VISITOR_ID as VISITOR_SESSION_KEY
from tests.shop import text_of

from .conftest import ALEX_USER_ID, BRIGHT_SMILE_CLIENT_ID, DANA_USER_ID, audit_rows

pytestmark = pytest.mark.django_db

BANNER = re.compile(r'<div class="masquerade-banner"[^>]*>(.*?)</div>', re.S)


def banner_of(response) -> str:
    found = BANNER.search(response.content.decode())
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).strip() if found else ""


def test_starting_sends_the_staff_member_to_the_shop_as_the_customer(staff):
    response = staff.post(
        "/staff/masquerade", {"kind": "user", "target_id": ALEX_USER_ID}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    assert "You are now seeing the shop as Alex Agency (agency@example.com)." in text_of(response)


@pytest.mark.parametrize("url", ["/", "/cart/", "/domains/", "/staff/", "/staff/orders"])
def test_every_page_names_the_customer_and_the_staff_member(masquerading, url):
    banner = banner_of(masquerading.get(url))
    assert "You are seeing the shop as Alex Agency (agency@example.com)." in banner
    assert "Staff member: Ada Admin (admin)." in banner
    assert "Stop masquerading" in banner


def test_the_banner_cannot_be_dismissed(masquerading):
    html = masquerading.get("/").content.decode()
    banner = BANNER.search(html).group(1)
    # One button only, and it ends the masquerade; nothing hides the banner.
    assert banner.count("<button") == 1
    assert 'action="/staff/masquerade/stop"' in banner
    assert "hidden" not in banner.split("<form")[0]


def test_no_banner_without_a_masquerade(staff, client):
    assert banner_of(staff.get("/")) == ""


def test_the_shop_uses_the_customers_whmcs_session(masquerading):
    # The account area of the header and the account pages show Alex, not the staff member.
    page = text_of(masquerading.get("/account/", follow=True))
    assert "Alex" in page


def test_a_client_can_be_masqueraded_as_its_owner(staff):
    staff.post("/staff/masquerade", {"kind": "client", "target_id": BRIGHT_SMILE_CLIENT_ID})
    assert "Alex Agency (agency@example.com)" in banner_of(staff.get("/"))
    [entry] = audit_rows(AuditEntry.Action.MASQUERADE_START)
    assert entry.target.startswith("client #4")


def test_the_session_key_and_the_shopping_visitor_change_at_start_and_are_restored(staff):
    session = staff.session
    session[VISITOR_SESSION_KEY] = "the-staff-members-own-basket"
    session.save()
    before = staff.session.session_key
    staff.post("/staff/masquerade", {"kind": "user", "target_id": ALEX_USER_ID})
    during = staff.session.session_key
    assert during != before
    assert staff.session[VISITOR_SESSION_KEY] not in ("the-staff-members-own-basket", "")
    staff.post("/staff/masquerade/stop")
    assert staff.session.session_key not in (before, during)
    assert staff.session[VISITOR_SESSION_KEY] == "the-staff-members-own-basket"


def test_stopping_returns_to_the_console_with_the_staff_session_intact(masquerading):
    response = masquerading.post("/staff/masquerade/stop", follow=True)
    assert response.redirect_chain[-1][0] == "/staff/"
    page = text_of(response)
    assert "You stopped masquerading as Alex Agency (agency@example.com)." in page
    assert "Logged in as Ada Admin (admin)." in page
    assert banner_of(response) == ""
    assert MASQUERADE_KEY not in masquerading.session
    # The admin's WHMCS session still works: searching asks WHMCS as the admin.
    assert "Dana Demo" in text_of(masquerading.get("/staff/admin/users/search?query=demo"))


def test_start_and_stop_are_audited(masquerading):
    masquerading.post("/staff/masquerade/stop")
    [start] = audit_rows(AuditEntry.Action.MASQUERADE_START)
    [stop] = audit_rows(AuditEntry.Action.MASQUERADE_STOP)
    assert (start.actor, start.outcome) == ("admin", "success")
    assert "user #3 Alex Agency (agency@example.com)" in start.target
    assert (stop.actor, stop.outcome, stop.detail) == ("admin", "success", "stopped by staff")


def test_switching_customers_stops_the_first_masquerade(masquerading):
    masquerading.post("/staff/masquerade", {"kind": "user", "target_id": DANA_USER_ID})
    assert "Dana Demo (demo@example.com)" in banner_of(masquerading.get("/"))
    assert len(audit_rows(AuditEntry.Action.MASQUERADE_STOP)) == 1


def test_a_masquerade_ends_by_itself_after_30_minutes(masquerading):
    session = masquerading.session
    data = session[MASQUERADE_KEY]
    data["started_at"] -= timedelta(minutes=30, seconds=1).total_seconds()
    session[MASQUERADE_KEY] = data
    session.save()
    response = masquerading.get("/cart/", follow=True)
    assert response.redirect_chain[-1][0] == "/staff/"
    assert (
        "Your masquerade as Alex Agency (agency@example.com) ended automatically after "
        "30 minutes." in text_of(response)
    )
    assert banner_of(response) == ""
    assert STAFF_KEY in masquerading.session
    [stop] = audit_rows(AuditEntry.Action.MASQUERADE_STOP)
    assert stop.detail == "ended automatically after 30 minutes"


def test_a_masquerade_younger_than_30_minutes_goes_on(masquerading):
    session = masquerading.session
    data = session[MASQUERADE_KEY]
    data["started_at"] -= timedelta(minutes=29).total_seconds()
    session[MASQUERADE_KEY] = data
    session.save()
    assert "Alex Agency" in banner_of(masquerading.get("/"))


def test_a_staff_account_is_refused_as_a_target(staff):
    # Alex's email belongs to a staff member who has logged in to the console before.
    StaffAccount.objects.create(username="alex-admin", email="agency@example.com")
    response = staff.post(
        "/staff/masquerade", {"kind": "user", "target_id": ALEX_USER_ID}, follow=True
    )
    assert "Staff accounts cannot be masqueraded as." in text_of(response)
    assert banner_of(response) == ""
    assert MASQUERADE_KEY not in staff.session
    [entry] = audit_rows(AuditEntry.Action.MASQUERADE_START)
    assert entry.outcome == "refused"


def test_search_results_say_which_accounts_are_staff(staff):
    StaffAccount.objects.create(username="dana-admin", email="demo@example.com")
    page = text_of(staff.get("/staff/admin/users/search?query=example"))
    assert "Staff account: cannot masquerade" in page
    assert "Masquerade as demo@example.com" not in page
    assert "Masquerade as agency@example.com" in page


def test_an_unknown_target_shows_whmcs_answer(staff):
    response = staff.post("/staff/masquerade", {"kind": "user", "target_id": 999}, follow=True)
    assert "WHMCS says: User not found" in text_of(response)
    assert audit_rows(AuditEntry.Action.MASQUERADE_START)[0].outcome == "failure"


def test_staff_logout_while_masquerading_ends_both(masquerading):
    masquerading.post("/staff/logout")
    assert MASQUERADE_KEY not in masquerading.session
    assert STAFF_KEY not in masquerading.session
    assert banner_of(masquerading.get("/")) == ""


def test_the_customers_logout_while_masquerading_only_ends_the_masquerade(masquerading):
    response = masquerading.post("/account/logout", follow=True)
    assert response.redirect_chain[-1][0] == "/staff/"
    assert "Logging out as the customer ended the masquerade" in text_of(response)
    assert STAFF_KEY in masquerading.session

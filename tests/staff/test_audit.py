"""The audit log: append only (the model refuses changes and deletes), listed with filters and
paging, and no page of the shop can change it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from storefront.staff.models import AuditEntry, AuditLogIsAppendOnly
from tests.shop import text_of

pytestmark = pytest.mark.django_db


def entry(**fields) -> AuditEntry:
    defaults = {"actor": "admin", "action": "order_action", "outcome": "success"}
    return AuditEntry.objects.create(**{**defaults, **fields})


def test_an_entry_cannot_be_changed():
    row = entry(target="order #1: accept")
    row.outcome = "failure"
    with pytest.raises(AuditLogIsAppendOnly):
        row.save()
    assert AuditEntry.objects.get(pk=row.pk).outcome == "success"


def test_an_entry_cannot_be_deleted():
    row = entry()
    with pytest.raises(AuditLogIsAppendOnly):
        row.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.all().delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(pk=row.pk).update(actor="someone else")
    assert AuditEntry.objects.filter(pk=row.pk, actor="admin").exists()


def test_the_log_lists_who_did_what_to_what_when_from_where(staff):
    page = text_of(staff.get("/staff/audit"))
    assert "admin Staff login admin@example.com Success 127.0.0.1" in page


def test_the_log_filters_by_actor_action_and_dates(staff):
    entry(actor="secureadmin", target="order #7: cancel")
    entry(actor="admin", target="order #8: accept")
    entry(actor="admin", target="order #9: fraud", created_at=timezone.now() - timedelta(days=10))

    by_actor = text_of(staff.get("/staff/audit?actor=secureadmin"))
    assert "order #7: cancel" in by_actor and "order #8: accept" not in by_actor

    by_action = text_of(staff.get("/staff/audit?action=login"))
    assert "Staff login" in by_action and "order #8" not in by_action

    today = timezone.now().date()
    recent = text_of(staff.get(f"/staff/audit?date_from={today - timedelta(days=1)}"))
    assert "order #8: accept" in recent and "order #9: fraud" not in recent
    older = text_of(staff.get(f"/staff/audit?date_to={today - timedelta(days=5)}"))
    assert "order #9: fraud" in older and "order #8: accept" not in older


def test_a_reversed_date_range_is_explained(staff):
    response = staff.get("/staff/audit?date_from=2026-02-02&date_to=2026-01-01")
    assert response.status_code == 400
    assert "The end date is before the start date." in text_of(response)


def test_the_log_is_paged_50_at_a_time(staff):
    for number in range(60):
        entry(target=f"order #{number}: accept")
    first = text_of(staff.get("/staff/audit?action=order_action"))
    assert "Page 1 of 2 (60 entries)" in first
    assert "Next page" in first
    second = staff.get("/staff/audit?action=order_action&page=2")
    assert "Page 2 of 2" in text_of(second)
    assert 'href="?action=order_action&amp;page=1"' in second.content.decode()


def test_no_page_changes_the_log(staff):
    assert staff.post("/staff/audit", {"actor": "x"}).status_code == 405
    assert AuditEntry.objects.count() == 1

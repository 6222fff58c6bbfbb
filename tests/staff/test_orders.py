"""Orders through the classic API: list by status with paging, one order, each action behind
a confirmation step and audited, WHMCS's refusals in its own words; promotions and products."""

from __future__ import annotations

import pytest

from storefront.staff.models import AuditEntry
from tests.shop import text_of

from .conftest import audit_rows

pytestmark = pytest.mark.django_db


def test_orders_are_listed_with_the_status_filter_from_whmcs(staff, pending_order):
    page = text_of(staff.get("/staff/orders"))
    assert f"#{pending_order}" in page
    assert "Dana Demo" in page
    for status in ("Pending", "Active", "Fraud", "Cancelled"):
        assert f"{status} (" in page


def test_the_status_filter_shows_only_that_status(staff, pending_order, classic):
    classic.accept_order(pending_order)
    active = text_of(staff.get("/staff/orders?status=Active"))
    assert f"#{pending_order} (" in active
    assert "Pending Pending" not in active
    pending = text_of(staff.get("/staff/orders?status=Pending"))
    assert f"#{pending_order} (" not in pending


def test_orders_are_paged_25_at_a_time(staff, classic):
    for _ in range(26):
        classic.add_order(1, "paypal", pid=[1], billingcycle=["monthly"])
    first = staff.get("/staff/orders?status=Pending")
    assert "Next page" in text_of(first)
    assert text_of(first).count("Dana Demo") == 25
    second = text_of(staff.get("/staff/orders?status=Pending&page=2"))
    assert "page 2 of" in second
    assert "Previous page" in second


def test_an_order_shows_its_items_and_actions(staff, pending_order):
    page = text_of(staff.get(f"/staff/orders/{pending_order}"))
    assert f"Order #{pending_order}" in page
    assert "Status Pending" in page
    # WHMCS names a line "Group - Product".
    assert "product Shared Hosting - Starter" in page
    for label in (
        "Accept order",
        "Set to pending",
        "Cancel order",
        "Mark as fraud",
        "Run fraud check",
        "Delete order",
    ):
        assert label in page


def test_an_unknown_order_is_not_found(staff):
    assert staff.get("/staff/orders/999999").status_code == 404


def test_an_action_asks_for_confirmation_and_changes_nothing_on_get(staff, pending_order, classic):
    page = text_of(staff.get(f"/staff/orders/{pending_order}/delete"))
    assert f"Delete order: order #{pending_order}?" in page
    assert "This cannot be undone." in page
    assert classic.get_orders(id=pending_order).items  # still there
    assert audit_rows(AuditEntry.Action.ORDER_ACTION) == []


@pytest.mark.parametrize(
    ("action", "said", "status"),
    [
        ("accept", "Order accepted.", "Active"),
        ("cancel", "Order cancelled.", "Cancelled"),
        ("fraud", "Order marked as fraud.", "Fraud"),
        ("fraud-check", "Fraud check result:", "Pending"),
    ],
)
def test_each_confirmed_action_is_done_and_audited(
    staff, pending_order, classic, action, said, status
):
    response = staff.post(f"/staff/orders/{pending_order}/{action}", follow=True)
    assert said in text_of(response)
    assert classic.get_orders(id=pending_order).items[0]["status"] == status
    [entry] = audit_rows(AuditEntry.Action.ORDER_ACTION)
    assert (entry.actor, entry.outcome) == ("admin", "success")
    assert entry.target == f"order #{pending_order}: {action}"


def test_setting_an_accepted_order_back_to_pending(staff, pending_order, classic):
    classic.accept_order(pending_order)
    response = staff.post(f"/staff/orders/{pending_order}/pending", follow=True)
    assert "Order set to pending." in text_of(response)
    assert classic.get_orders(id=pending_order).items[0]["status"] == "Pending"


def test_deleting_a_cancelled_order_returns_to_the_list(staff, pending_order, classic):
    classic.cancel_order(pending_order)
    response = staff.post(f"/staff/orders/{pending_order}/delete", follow=True)
    assert response.redirect_chain[-1][0] == "/staff/orders"
    assert "Order deleted." in text_of(response)
    assert classic.get_orders(id=pending_order).items == []


def test_whmcs_refusal_is_shown_in_its_own_words_and_audited(staff, pending_order, classic):
    classic.accept_order(pending_order)
    response = staff.post(f"/staff/orders/{pending_order}/accept", follow=True)
    assert "WHMCS refused: Order ID not found or Status not Pending" in text_of(response)
    [entry] = audit_rows(AuditEntry.Action.ORDER_ACTION)
    assert (entry.outcome, entry.detail) == ("failure", "Order ID not found or Status not Pending")


def test_deleting_a_pending_order_is_refused_as_whmcs_says(staff, pending_order):
    response = staff.post(f"/staff/orders/{pending_order}/delete", follow=True)
    page = text_of(response)
    assert "WHMCS refused: The order status must be in Cancelled or Fraud to be deleted" in page
    assert f"Order #{pending_order}" in page


def test_an_unknown_action_is_not_found(staff, pending_order):
    assert staff.get(f"/staff/orders/{pending_order}/explode").status_code == 404


def test_promotions_are_listed(staff):
    page = text_of(staff.get("/staff/promotions"))
    assert "WELCOME20 Percentage 20.00" in page
    assert "VPS5" in page


def test_products_are_listed(staff):
    page = text_of(staff.get("/staff/products"))
    assert "Starter" in page
    assert "VPS S" in page


def test_an_order_id_longer_than_whmcs_holds_is_simply_not_found(staff):
    assert staff.get("/staff/orders/99999999999999999999").status_code == 404

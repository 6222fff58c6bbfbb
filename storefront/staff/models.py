"""The staff audit log, and the staff accounts the console has seen.

The audit log is append-only: a row, once written, is never changed or removed by the shop.
Corrections are new rows. Retention, if ever needed, is a database-side job, not a shop feature.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import models
from django.utils import timezone


class AuditLogIsAppendOnly(Exception):
    """Someone tried to change or remove an audit entry."""


class AppendOnlyQuerySet(models.QuerySet):
    # Bulk changes bypass Model.save()/delete(): refuse them here too.
    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditLogIsAppendOnly("Audit entries cannot be changed.")

    def delete(self) -> NoReturn:
        raise AuditLogIsAppendOnly("Audit entries cannot be deleted.")


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        LOGIN = "login", "Staff login"
        LOGOUT = "logout", "Staff logout"
        MASQUERADE_START = "masquerade_start", "Masquerade started"
        MASQUERADE_STOP = "masquerade_stop", "Masquerade stopped"
        CART_VIEW = "cart_view", "Cart viewed"
        CART_CHANGE = "cart_change", "Cart changed while masquerading"
        ORDER_ACTION = "order_action", "Order action"
        CART_LINK_CREATE = "cart_link_create", "Cart link created"
        CART_LINK_CHANGE = "cart_link_change", "Cart link changed"
        CART_LINK_REVOKE = "cart_link_revoke", "Cart link revoked"

    class Outcome(models.TextChoices):
        SUCCESS = "success", "Success"
        FAILURE = "failure", "Failure"
        REFUSED = "refused", "Refused"

    # The WHMCS admin username as typed at login (failed logins have no verified account).
    actor = models.CharField(max_length=255, db_index=True)
    action = models.CharField(max_length=32, choices=Action.choices, db_index=True)
    target = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    # What WHMCS or the shop said about it, e.g. WHMCS's error message.
    detail = models.TextField(blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.actor} {self.action} {self.target}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditLogIsAppendOnly("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditLogIsAppendOnly("Audit entries cannot be deleted.")


class StaffAccount(models.Model):
    """A WHMCS admin who has logged in to the console.

    WHMCS's API cannot list administrators, so this is how the shop knows which customer
    accounts belong to staff (same email address) and must never be masquerade targets.
    """

    username = models.CharField(max_length=255, unique=True)
    email = models.EmailField(db_index=True)
    last_login = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.username

"""Cart links: a cart's contents kept in the database, reached through a signed link.

The link carries only `public_id` (signed, see `signing.py`); what it puts in the cart, the
customer it is for, its expiry and use limit are rows here, so nothing a visitor can change
in the URL changes what the link does. The counters are only ever changed with `F()`
expressions in one UPDATE, so any number of shop processes count right.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.utils import timezone


def new_public_id() -> str:
    return secrets.token_urlsafe(12)


class CartLink(models.Model):
    class Kind(models.TextChoices):
        QUOTE = "quote", "Staff quote"
        CAMPAIGN = "campaign", "Marketing link"
        SAVED = "saved", "Saved cart"

    public_id = models.CharField(max_length=32, unique=True, default=new_public_id, editable=False)
    kind = models.CharField(max_length=16, choices=Kind.choices, db_index=True)
    name = models.CharField(max_length=120, blank=True)
    # What the cart holds, as the link's own item records (see items.py), with the prices
    # WHMCS gave when the link was made.
    items = models.JSONField(default=list)
    promo_code = models.CharField(max_length=64, blank=True)
    currency = models.CharField(max_length=8, blank=True)
    total = models.CharField(max_length=64, blank=True)
    note = models.TextField(blank=True)
    # A quote for one customer: the WHMCS client account (its uuid) that alone may open it.
    client_uuid = models.CharField(max_length=64, blank=True)
    client_label = models.CharField(max_length=255, blank=True)
    client_email = models.EmailField(blank=True)
    expires_at = models.DateTimeField()
    max_uses = models.PositiveIntegerField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.CharField(max_length=255, blank=True)
    created_by = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # Measured: every valid open, every cart made from it, every hand-off to WHMCS's checkout.
    opens = models.PositiveIntegerField(default=0)
    carts_created = models.PositiveIntegerField(default=0)
    checkouts = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("-created_at", "-id")
        permissions = (("create", "Can create marketing cart links"),)

    def __str__(self) -> str:
        return self.name or f"{self.get_kind_display()} {self.public_id}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def has_expired(self, now=None) -> bool:
        return (now or timezone.now()) >= self.expires_at

    @property
    def is_used_up(self) -> bool:
        return self.max_uses is not None and self.carts_created >= self.max_uses

    @property
    def status(self) -> str:
        if self.is_revoked:
            return "revoked"
        if self.has_expired():
            return "expired"
        if self.is_used_up:
            return "used up"
        return "active"

"""Template edits marketers publish from the browser, kept as an append-only history."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models


class TemplateRevision(models.Model):
    """One published version of one template: an edit, a roll-back, or a return to the default.

    Rows are never changed after they are published (except to note a run-time failure), so the
    history says who published what and when. At most one row per template is current.
    """

    name = models.CharField(max_length=200, db_index=True)  # e.g. "catalog/store_front.html"
    # The whole template; empty when this version returns the template to its theme/default file.
    source = models.TextField(blank=True)
    uses_default = models.BooleanField(default=False)
    note = models.CharField(max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(auto_now_add=True)
    is_current = models.BooleanField(default=False)
    # Set when the stored edit failed at run time and the default was served instead.
    runtime_error = models.TextField(blank=True)
    runtime_error_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-published_at", "-id")
        permissions = (
            ("publish_template", "Can edit, preview, publish and roll back shop templates"),
        )
        constraints = (
            models.UniqueConstraint(
                fields=("name",),
                condition=models.Q(is_current=True),
                name="theming_one_current_revision_per_template",
            ),
        )

    def __str__(self) -> str:
        return f"{self.name} version {self.pk}"

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.source.encode()).hexdigest()[:16]

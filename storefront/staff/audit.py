"""The staff audit log: one append-only entry per thing staff (or marketers) did."""

from __future__ import annotations

from storefront.visitor.visitor import Visitor

from .models import AuditEntry


def audit(
    visitor: Visitor,
    action: str,
    outcome: str,
    *,
    target: str = "",
    detail: str = "",
    actor: str | None = None,
) -> AuditEntry:
    if actor is None:
        member = visitor.staff_member
        actor = member.username if member else ""
    return AuditEntry.objects.create(
        actor=actor[:255],
        action=action,
        target=target[:255],
        outcome=outcome,
        detail=detail,
        ip_address=visitor.address or None,
        request_id=visitor.request_id or "",
    )

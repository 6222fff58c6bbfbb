"""What every page needs to show about a running masquerade (the banner in base.html)."""

from __future__ import annotations

from django.http import HttpRequest

from . import services


def masquerade_banner(request: HttpRequest) -> dict:
    masquerade = services.masquerade_of(request)
    if masquerade is None:
        return {"masquerade_banner": None}
    member = services.staff_member(request)
    return {
        "masquerade_banner": {
            "customer": masquerade.customer,
            "staff": f"{member.name} ({member.username})" if member else "",
            "ends_at": masquerade.ends_at,
        }
    }

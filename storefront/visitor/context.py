"""What every shop page's header shows of the visitor: cart counter, currency, account, and a
running masquerade. Read from the visitor's own state and the cached catalog: no WHMCS call."""

from __future__ import annotations

from django.http import HttpRequest

from whmcs_gateway.errors import WhmcsError


def header(request: HttpRequest) -> dict:
    visitor = request.visitor  # type: ignore[attr-defined]
    try:
        currencies = visitor.catalog.currencies()
    except WhmcsError:
        currencies = []  # the header still renders; the page itself says what is wrong
    current = next((c for c in currencies if c.code == visitor.currency), None) or next(
        (c for c in currencies if c.default), currencies[0] if currencies else None
    )
    return {
        "cart_count": visitor.cart_count,
        "currencies": currencies,
        "current_currency": current,
        "account_menu": visitor.account_menu,
        # Staff acting as a customer: the banner on every page says so (staff/banner.html).
        "masquerade_banner": _masquerade_banner(visitor),
    }


def _masquerade_banner(visitor) -> dict | None:
    masquerade = visitor.masquerade
    if masquerade is None:
        return None
    member = visitor.staff_member
    return {
        "customer": masquerade.customer,
        "staff": f"{member.name} ({member.username})" if member else "",
        "ends_at": masquerade.ends_at,
    }

"""What every page's header shows: the cart counter, the currency switcher, a masquerade."""

from __future__ import annotations

from django.http import HttpRequest

from whmcs_gateway.errors import WhmcsError

from .middleware import VISITOR_SESSION_KEY


def shop(request: HttpRequest) -> dict:
    from storefront.account.services import account_menu
    from storefront.cart.services import remembered_count
    from storefront.catalog.services import catalog_for, visitor_currency
    from storefront.staff.context import masquerade_banner

    visitor = request.session.get(VISITOR_SESSION_KEY)
    try:
        currencies = catalog_for(request).currencies()
    except WhmcsError:
        currencies = []  # the header still renders; the page itself says what is wrong
    chosen = visitor_currency(request)
    current = next((c for c in currencies if c.code == chosen), None) or next(
        (c for c in currencies if c.default), currencies[0] if currencies else None
    )
    return {
        "cart_count": remembered_count(visitor) if visitor else 0,
        "currencies": currencies,
        "current_currency": current,
        # The header's account area: who is logged in and for which client (no WHMCS call).
        "account_menu": account_menu(request),
        # Staff acting as a customer: the banner on every page says so (staff/banner.html).
        **masquerade_banner(request),
    }

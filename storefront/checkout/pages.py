"""The checkout choice's context: built here for the live page and the pattern library alike."""

from __future__ import annotations

from typing import Any

from storefront.account.forms import LoginForm
from storefront.cart.pages import cart_summary
from storefront.visitor.cart import CartOutcome
from whmcs_gateway.catalog import Catalog


def choose_page(
    catalog: Catalog,
    cart: CartOutcome,
    *,
    account: dict[str, Any] | None,
    login_form: LoginForm,
) -> dict[str, Any]:
    """Log in or go on as a guest, with the items and the total about to be ordered."""
    return {
        "account": account,
        "login_form": login_form,
        "cart": cart,
        "summary": cart_summary(catalog, cart.contents),
        "cart_count": cart.item_count,
    }

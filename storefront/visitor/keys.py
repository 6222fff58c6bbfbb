"""Every key under which the shop keeps something of one visitor, and nowhere else.

Session keys hold what belongs to one browser and must follow its session (rotated at login,
flushed at logout). Cache keys hold what several requests of one visitor share at once and
what must outlive a session key rotation; they are all built from the visitor id.
"""

from __future__ import annotations

# -- the Django session ------------------------------------------------------------------------

# The visitor's stable id: the WHMCS state and cart id are kept under it (survives rotation).
VISITOR_ID = "whmcs_visitor"
# The currency the visitor chose (a display preference; new carts are made in it).
CURRENCY = "currency"
# The logged-in customer as the header shows them (names and client accounts, no secret).
ACCOUNT = "account"
# Between the password and the code: not a login, nothing of the account is reachable with it.
PENDING_SECOND_FACTOR = "account_pending_second_factor"
# What a campaign link asked for (promo, domain), kept for the product it named only.
PENDING_LINK = "pending_link"
# WHMCS's per-item errors from a refused checkout, shown on the cart until the next change.
CART_ERRORS = "cart_validation_errors"
# What a login changed in the cart's prices (currency, tax), said once before going on.
CART_REPRICED = "cart_repriced"
# A WHMCS admin signed in to the staff console, a password step waiting for its code, and a
# masquerade as a customer.
STAFF = "staff"
STAFF_PENDING_LOGIN = "staff_pending_login"
MASQUERADE = "staff_masquerade"
# The cart link being built in the staff console (items, currency, promo), and the link a
# visitor's cart was made from (its checkout hand-off is counted for that link).
CART_LINK_DRAFT = "cart_link_draft"
CART_LINK_CART = "cart_link_cart"

# -- the cache ---------------------------------------------------------------------------------


def cart_counter(visitor_id: str) -> str:
    """The header's item count and the cart's item ids, as WHMCS last sent them."""
    return f"shop:cart-count:{visitor_id}"


def once_token(visitor_id: str, token: str) -> str:
    """A one-time token's claim: each add form is used at most once."""
    return f"shop:once:{visitor_id}:{token}"


def preview(visitor_id: str) -> str:
    """The configure page's preview cart (a guest cart WHMCS prices the configuration in)."""
    return f"shop:preview:{visitor_id}"


def state_retry(visitor_id: str) -> str:
    """A guest's page retried once with a fresh WHMCS state."""
    return f"shop:state-retry:{visitor_id}"

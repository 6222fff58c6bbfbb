"""What the shop keeps of a visitor, as plain records templates and services may read.

Kept apart from `Visitor` (which holds the session and the WHMCS session): these carry no
secret, so the shop's templates may show them (the header's account menu, the masquerade
banner), while `Visitor` itself is out of their reach (storefront/theming/sandbox.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

# A masquerade ends by itself after this long (the staff console's rule, kept with its record).
MASQUERADE_MAX_AGE = timedelta(minutes=30)


@dataclass(frozen=True)
class StaffMember:
    """A WHMCS admin signed in to the staff console; `visitor` holds their WHMCS state."""

    username: str
    name: str
    email: str
    visitor: str


@dataclass(frozen=True)
class Masquerade:
    """A staff member acting as a customer in this browser."""

    customer_name: str
    customer_email: str
    kind: str  # "user" or "client"
    target_id: int
    visitor: str
    own_visitor: str | None
    started_at: float
    # The staff member's own customer login in this browser, if any: back after the masquerade.
    own_account: dict[str, Any] | None = None

    @property
    def customer(self) -> str:
        return f"{self.customer_name} ({self.customer_email})"

    @property
    def ends_at(self) -> datetime:
        return datetime.fromtimestamp(self.started_at, tz=UTC) + MASQUERADE_MAX_AGE

    def has_expired(self, now: datetime) -> bool:
        return now >= self.ends_at


@dataclass(frozen=True)
class AccountMenu:
    """What the header's account area shows: who is logged in, and for which client."""

    name: str
    client_label: str
    can_switch: bool

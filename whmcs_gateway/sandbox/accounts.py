"""Users, client accounts, admins and what clients own (services, domains).

Dates in the data file are relative to "today" (``*_days_ago`` / ``*_in_days``) so renewals stay
due whenever the sandbox runs; the endpoints resolve them with the configured clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass
class User:
    id: int
    email: str
    firstname: str
    lastname: str
    password_hash: str
    totp_secret: str | None = None
    client_ids: tuple[int, ...] = ()


@dataclass
class Client:
    id: int
    uuid: str
    owner_user_id: int
    firstname: str
    lastname: str
    email: str
    company: str
    country: str
    state: str
    currency_code: str
    tax_exempt: bool = False


@dataclass
class Admin:
    id: int
    username: str
    email: str
    firstname: str
    lastname: str
    password_hash: str
    totp_secret: str | None = None
    # The classic API's admin login sends the MD5 hex of the password (WHMCS's documented form).
    api_password_md5: str = ""


@dataclass
class OwnedAddon:
    id: int
    addon_id: int
    status: str
    registered_days_ago: int
    cycle: str
    recurring: Decimal
    next_due_in_days: int | None
    quantity: int = 1
    non_renewable_reason: str | None = None


@dataclass
class Service:
    id: int
    client_id: int
    product_id: int
    domain: str | None
    status: str
    registered_days_ago: int
    cycle: str
    first_payment: Decimal
    recurring: Decimal
    gateway: str
    next_due_in_days: int | None
    quantity: int = 1
    server: str | None = None
    promotion_code: str | None = None
    non_renewable_reason: str | None = None
    addons: tuple[OwnedAddon, ...] = ()
    # (record id, custom field id, value)
    custom_fields: tuple[tuple[int, int, Any], ...] = ()
    # (record id, config option id, value: choice id / quantity / bool)
    config_options: tuple[tuple[int, int, Any], ...] = ()


@dataclass
class OwnedDomain:
    id: int
    client_id: int
    domain: str
    status: str
    registered_days_ago: int
    expires_in_days: int
    is_premium: bool = False
    free_renewal: bool = False
    non_renewable_reason: str | None = None


@dataclass
class Accounts:
    users: dict[int, User] = field(default_factory=dict)
    clients: dict[int, Client] = field(default_factory=dict)
    admins: dict[int, Admin] = field(default_factory=dict)
    services: dict[int, Service] = field(default_factory=dict)
    domains: dict[int, OwnedDomain] = field(default_factory=dict)

    def user_by_email(self, email: str) -> User | None:
        wanted = email.strip().lower()
        return next((u for u in self.users.values() if u.email.lower() == wanted), None)

    def admin_by_username(self, username: str) -> Admin | None:
        wanted = username.strip().lower()
        return next((a for a in self.admins.values() if a.username.lower() == wanted), None)

    def client_by_uuid(self, uuid: str) -> Client | None:
        return next((c for c in self.clients.values() if c.uuid == uuid), None)

    def services_of(self, client_id: int) -> list[Service]:
        return sorted(
            (s for s in self.services.values() if s.client_id == client_id), key=lambda s: s.id
        )

    def domains_of(self, client_id: int) -> list[OwnedDomain]:
        return sorted(
            (d for d in self.domains.values() if d.client_id == client_id), key=lambda d: d.id
        )

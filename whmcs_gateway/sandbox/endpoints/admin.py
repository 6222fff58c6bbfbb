"""Admin sessions (with TOTP), system status, client/user search and masquerade."""

from __future__ import annotations

from typing import Any

from ..accounts import Admin, User
from ..errors import NotFound, PreconditionFailed, Unauthorized
from ..passwords import verify_password
from ..request import Request
from ..responses import Response, data, empty_success, paged
from ..routing import route
from ..world import TotpRefused
from .users import (
    BAD_CREDENTIALS,
    SECOND_FACTOR_CHALLENGE,
    client_json,
    record_login_failure,
    second_factor_code,
    sign_in_user,
    user_json,
)

SANDBOX_VERSION = "9.0.0"


def admin_json(admin: Admin) -> dict[str, Any]:
    return {"email": admin.email, "firstname": admin.firstname, "lastname": admin.lastname}


def require_admin(request: Request) -> Admin:
    session = request.session
    admin = None
    if session is not None and session.admin_id is not None:
        admin = request.world.accounts.admins.get(session.admin_id)
    if admin is None:
        raise Unauthorized("You must be logged in as an administrator to do this.")
    return admin


@route("POST", "/admin/session")
def admin_log_in(request: Request) -> Response:
    username = request.field_str("username", min_length=1, max_length=255) or ""
    password = request.field_str("password", min_length=1, max_length=64) or ""
    admin = request.world.accounts.admin_by_username(username)
    if admin is None or not verify_password(password, admin.password_hash):
        record_login_failure(request)
        raise Unauthorized(BAD_CREDENTIALS)
    session = request.session
    assert session is not None
    session.log_out_admin()
    if admin.totp_secret:
        session.pending_admin_id = admin.id
        # WHMCS answers an admin's missing second factor with 412 and the challenge.
        raise PreconditionFailed(
            "Two-factor authentication is required.", body=SECOND_FACTOR_CHALLENGE
        )
    session.admin_id = admin.id
    return data(admin_json(admin))


@route("DELETE", "/admin/session")
def admin_log_out(request: Request) -> Response:
    assert request.session is not None
    request.session.log_out_admin()
    return empty_success()


@route("POST", "/admin/session/verify")
def admin_verify(request: Request) -> dict[str, Any]:
    session = request.session
    assert session is not None
    code = second_factor_code(request)
    admin = request.world.accounts.admins.get(session.pending_admin_id or -1)
    if admin is None or not admin.totp_secret:
        raise Unauthorized("There is no admin login waiting for a second factor. Log in first.")
    try:
        request.world.accept_totp(("admin", admin.id), admin.totp_secret, code)
    except TotpRefused as refusal:
        record_login_failure(request)
        raise PreconditionFailed(str(refusal)) from None
    session.pending_admin_id = None
    session.admin_id = admin.id
    return admin_json(admin)


@route("GET", "/admin/system/status")
def admin_system_status(request: Request) -> dict[str, Any]:
    require_admin(request)
    world = request.world
    return {
        "version": SANDBOX_VERSION,
        "api_version": "2.0.0",
        "company_name": world.catalog.company_name,
        "server_time": world.now().replace(microsecond=0).isoformat(),
        "maintenance_mode": False,
        "active_sessions": len(world.sessions),
    }


def _search_term(request: Request) -> str:
    return (request.query_str("query", min_length=3, max_length=128) or "").lower()


@route("GET", "/admin/clients/search")
def search_clients(request: Request) -> Response:
    page, term = request.page, _search_term(request)
    require_admin(request)
    clients = sorted(request.world.accounts.clients.values(), key=lambda c: c.id)
    found = [
        c
        for c in clients
        if term in " ".join((c.email, c.company, c.firstname, c.lastname, c.uuid)).lower()
    ]
    return paged([{**client_json(c, selected=False), "id": c.id} for c in found], page)


@route("GET", "/admin/users/search")
def search_users(request: Request) -> Response:
    page, term = request.page, _search_term(request)
    require_admin(request)
    users = sorted(request.world.accounts.users.values(), key=lambda u: u.id)
    found = [u for u in users if term in f"{u.email} {u.firstname} {u.lastname}".lower()]
    return paged([_admin_user_json(request, u) for u in found], page)


def _admin_user_json(request: Request, user: User) -> dict[str, Any]:
    return {**user_json(request, user), "id": user.id}


def _masquerade(request: Request, user: User, client_id: int | None) -> dict[str, Any]:
    session = request.session
    assert session is not None
    sign_in_user(request, user, client_id=client_id)
    session.masquerading = True
    return _admin_user_json(request, user)


@route("POST", "/admin/clients/{client_id:int}/session")
def masquerade_as_client(request: Request) -> dict[str, Any]:
    require_admin(request)
    accounts = request.world.accounts
    client = accounts.clients.get(request.params["client_id"])
    if client is None:
        raise NotFound("Client not found")
    owner = accounts.users[client.owner_user_id]
    return _masquerade(request, owner, client.id)


@route("POST", "/admin/users/{user_id:int}/session")
def masquerade_as_user(request: Request) -> dict[str, Any]:
    require_admin(request)
    user = request.world.accounts.users.get(request.params["user_id"])
    if user is None:
        raise NotFound("User not found")
    return _masquerade(request, user, None)

"""User sessions (login with optional TOTP second factor, logout) and client account choice."""

from __future__ import annotations

from typing import Any

from ..accounts import Client, User
from ..errors import NotFound, PreconditionFailed, Unauthorized, Unprocessable
from ..passwords import verify_password
from ..request import Request
from ..responses import Response, data, empty_success, paged
from ..routing import route
from ..world import TotpRefused
from .common import require_user

# What WHMCS answers when a second factor is needed (202 for users, 412 for admins).
SECOND_FACTOR_CHALLENGE = {
    "condition": "twofa",
    "fields": [
        {"name": "key", "description": "Authentication code from your app", "type": "number"}
    ],
}
BAD_CREDENTIALS = "Invalid login credentials."


def client_json(client: Client, *, selected: bool) -> dict[str, Any]:
    return {"uuid": client.uuid, "company": client.company[:64], "selected": selected}


def user_json(request: Request, user: User) -> dict[str, Any]:
    accounts = request.world.accounts
    active = request.session.client_id if request.session else None
    clients = [accounts.clients[cid] for cid in user.client_ids if cid in accounts.clients]
    return {
        "email": user.email,
        "firstname": user.firstname,
        "lastname": user.lastname,
        "clients": [client_json(c, selected=c.id == active) for c in clients],
    }


def sign_in_user(request: Request, user: User, *, client_id: int | None = None) -> None:
    """Make the user the session's user, with a client account active (the first by default)."""
    session = request.session
    assert session is not None
    session.log_out_user()
    session.user_id = user.id
    session.client_id = client_id if client_id is not None else next(iter(user.client_ids), None)


def record_login_failure(request: Request) -> None:
    request.world.login_guard.record_failure(request.remote_addr, request.world.now())


def second_factor_code(request: Request) -> str:
    """The TOTP code from {"fields": {"key": "123456"}} (a number is accepted too)."""
    fields = request.field_object("fields") or {}
    code = fields.get("key")
    if isinstance(code, int) and not isinstance(code, bool):
        code = f"{code:06d}"
    if not isinstance(code, str) or not code:
        raise Unprocessable("The fields.key field (the authentication code) is required.")
    return code.strip()[:16]


@route("POST", "/user/session")
def log_in(request: Request) -> Response:
    email = request.field_str("email", min_length=1, max_length=255) or ""
    password = request.field_str("password", min_length=1, max_length=64) or ""
    user = request.world.accounts.user_by_email(email)
    if user is None or not verify_password(password, user.password_hash):
        record_login_failure(request)
        raise Unauthorized(BAD_CREDENTIALS)
    session = request.session
    assert session is not None
    if user.totp_secret:
        session.log_out_user()
        session.pending_user_id = user.id
        return Response(status=202, body=SECOND_FACTOR_CHALLENGE)
    sign_in_user(request, user)
    return data(user_json(request, user))


@route("DELETE", "/user/session")
def log_out(request: Request) -> Response:
    assert request.session is not None
    request.session.log_out_user()
    return empty_success()


@route("POST", "/user/session/verify")
def verify_second_factor(request: Request) -> dict[str, Any]:
    session = request.session
    assert session is not None
    code = second_factor_code(request)
    user = request.world.accounts.users.get(session.pending_user_id or -1)
    if user is None or not user.totp_secret:
        raise Unauthorized("There is no login waiting for a second factor. Log in first.")
    try:
        request.world.accept_totp(("user", user.id), user.totp_secret, code)
    except TotpRefused as refusal:
        record_login_failure(request)
        raise PreconditionFailed(str(refusal)) from None
    sign_in_user(request, user)
    return user_json(request, user)


@route("GET", "/user/clients")
def list_clients(request: Request) -> Response:
    page = request.page
    user = require_user(request)
    return paged(user_json(request, user)["clients"], page)


@route("PUT", "/user/session/client/{client_uuid}")
def choose_client(request: Request) -> Response:
    user = require_user(request)
    client = request.world.accounts.client_by_uuid(request.params["client_uuid"][:64])
    if client is None or client.id not in user.client_ids:
        raise NotFound("Client not found")
    assert request.session is not None
    request.session.client_id = client.id
    return empty_success()

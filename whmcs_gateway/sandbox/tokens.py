"""X-Api-State: HS256 JWTs that carry the session's state, as WHMCS's do.

Claims: iss and aud (the system URL), exp, sub (the token chain's id), whmcs_user (a hash of the
logged-in user, "" for guests), jti (this token's id) and ``sandbox_state``: the session itself
(user, active client, admin, masquerade, pending second factors, currency). The signature is what
makes the state trustworthy; any valid, unexpired token is accepted and the request acts on the
state it carries, so an older token acts on older state, exactly as in WHMCS. ``world`` ties a
token to one sandbox world: after a reset or restart, an older token is a guest's.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import jwt

from .errors import Unauthorized
from .sessions import ApiSession

if TYPE_CHECKING:
    from .config import SandboxConfig

ALGORITHM = "HS256"
STATE_CLAIM = "sandbox_state"
# Claim key -> ApiSession attribute. Short keys keep the header small.
_ID_FIELDS = {
    "user": "user_id",
    "client": "client_id",
    "admin": "admin_id",
    "pending_user": "pending_user_id",
    "pending_admin": "pending_admin_id",
}


@dataclass(frozen=True)
class IssuedToken:
    token: str
    token_id: str


@dataclass(frozen=True)
class StateClaims:
    token_id: str
    # None when the token was issued by another world (before a reset or restart).
    session: ApiSession | None


def issue_token(session: ApiSession, config: SandboxConfig, *, world_id: str) -> IssuedToken:
    """Sign a new token carrying the session's state."""
    token_id = secrets.token_hex(8)
    claims = {
        "iss": config.system_url,
        "aud": config.system_url,
        "exp": config.clock() + timedelta(seconds=config.token_ttl_seconds),
        "sub": session.id,
        "whmcs_user": _user_claim(session.user_id),
        "jti": token_id,
        STATE_CLAIM: _state_claim(session, world_id),
    }
    return IssuedToken(jwt.encode(claims, config.jwt_secret, algorithm=ALGORITHM), token_id)


def read_token(token: str, config: SandboxConfig, *, world_id: str) -> StateClaims:
    """Verify signature, expiry and audience; any failure is a 401 saying what went wrong."""
    try:
        claims = jwt.decode(
            token,
            config.jwt_secret,
            algorithms=[ALGORITHM],
            audience=config.system_url,
            issuer=config.system_url,
            # PyJWT would check exp against the real clock; the configured clock decides below.
            options={"require": ["exp", "sub", "jti"], "verify_exp": False},
        )
    except jwt.InvalidSignatureError:
        raise Unauthorized("The API state (X-Api-State) signature is invalid.") from None
    except jwt.PyJWTError as exc:
        raise Unauthorized(f"The API state (X-Api-State) is invalid: {exc}.") from None
    if not isinstance(claims.get("sub"), str) or not isinstance(claims.get("jti"), str):
        raise Unauthorized("The API state (X-Api-State) is invalid: malformed claims.")
    if not isinstance(claims["exp"], int | float) or claims["exp"] <= config.clock().timestamp():
        raise Unauthorized("The API state (X-Api-State) has expired. Start a new session.")
    state = claims.get(STATE_CLAIM)
    if not isinstance(state, dict):
        raise Unauthorized("The API state (X-Api-State) is invalid: it carries no state.")
    if state.get("world") != world_id:
        return StateClaims(token_id=claims["jti"], session=None)
    return StateClaims(token_id=claims["jti"], session=_session_from(claims["sub"], state))


def _state_claim(session: ApiSession, world_id: str) -> dict[str, Any]:
    state: dict[str, Any] = {"world": world_id}
    for key, attribute in _ID_FIELDS.items():
        if (value := getattr(session, attribute)) is not None:
            state[key] = value
    if session.masquerading:
        state["masquerading"] = True
    if session.currency_code:
        state["currency"] = session.currency_code
    return state


def _session_from(session_id: str, state: dict[str, Any]) -> ApiSession:
    session = ApiSession(id=session_id)
    for key, attribute in _ID_FIELDS.items():
        value = state.get(key)
        if value is not None:
            # Signed by us, so a wrong type means a sandbox bug, not an attack; refuse anyway.
            if not isinstance(value, int) or isinstance(value, bool):
                raise Unauthorized("The API state (X-Api-State) is invalid: malformed state.")
            setattr(session, attribute, value)
    session.masquerading = state.get("masquerading") is True
    currency = state.get("currency")
    session.currency_code = currency if isinstance(currency, str) else None
    return session


def _user_claim(user_id: int | None) -> str:
    if user_id is None:
        return ""
    return hashlib.sha256(f"whmcs-sandbox-user-{user_id}".encode()).hexdigest()

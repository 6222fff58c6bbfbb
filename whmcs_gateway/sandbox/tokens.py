"""X-Api-State: HS256 JWTs that point at a server-side session.

Claims: iss, aud (the system URL), exp, sub (the session id), whmcs_user (a hash of the
logged-in user, "" for guests) and jti (this token's id). The session remembers the jti of the
latest token it was given, which is how a stale token is recognised.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

import jwt

from .errors import Unauthorized

if TYPE_CHECKING:
    from .config import SandboxConfig
    from .sessions import ApiSession

ALGORITHM = "HS256"


@dataclass(frozen=True)
class StateClaims:
    session_id: str
    token_id: str


def issue_token(session: ApiSession, config: SandboxConfig) -> str:
    """Sign a new token for the session and remember it as the latest."""
    token_id = secrets.token_hex(8)
    session.latest_token_id = token_id
    claims = {
        "iss": config.system_url,
        "aud": config.system_url,
        "exp": config.clock() + timedelta(seconds=config.token_ttl_seconds),
        "sub": session.id,
        "whmcs_user": _user_claim(session.user_id),
        "jti": token_id,
    }
    return jwt.encode(claims, config.jwt_secret, algorithm=ALGORITHM)


def read_token(token: str, config: SandboxConfig) -> StateClaims:
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
    return StateClaims(session_id=claims["sub"], token_id=claims["jti"])


def _user_claim(user_id: int | None) -> str:
    if user_id is None:
        return ""
    return hashlib.sha256(f"whmcs-sandbox-user-{user_id}".encode()).hexdigest()

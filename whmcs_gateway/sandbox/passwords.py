"""Password hashing (PBKDF2-SHA256, stdlib) and TOTP checks (pyotp)."""

from __future__ import annotations

import hashlib
import hmac
import os
from datetime import datetime

import pyotp

# Modest on purpose: the sandbox hashes the demo passwords at every start.
ITERATIONS = 60_000


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    salt = salt or os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, ITERATIONS)
    return f"pbkdf2_sha256${ITERATIONS}${salt.hex()}${digest.hex()}"


def verify_password(password: str, encoded: str) -> bool:
    try:
        _, iterations, salt_hex, digest_hex = encoded.split("$")
        expected = bytes.fromhex(digest_hex)
        salt = bytes.fromhex(salt_hex)
        rounds = int(iterations)
    except ValueError:
        return False
    actual = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, rounds)
    return hmac.compare_digest(actual, expected)


def verify_totp(secret: str, code: str, at: datetime) -> bool:
    """Accept the code for ``at`` and one step either side, as WHMCS does for clock drift."""
    return totp_time_step(secret, code, at) is not None


def totp_time_step(secret: str, code: str, at: datetime) -> int | None:
    """The time step (30 s counter) ``code`` belongs to, within one step of ``at``; else None.

    Knowing the step lets a caller refuse a code that was already used (a replay).
    """
    if not (code.isascii() and code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(at)
    for step in (current - 1, current, current + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None

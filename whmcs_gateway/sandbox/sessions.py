"""API sessions: who is logged in, which client is active, admin, masquerade and 2FA state.

As in WHMCS, the X-Api-State token *is* the session (``tokens.py`` writes every field below into
it and reads them back): a request acts on the state its token carries, and an older token acts
on the older state. Nothing here may hold data that the token does not carry, or an older token
would see newer data beside its older state. Records that outlive a token (carts, orders) are
world data, owned by users and clients, not session data.

``SessionStore`` only remembers, per token chain, the latest token and state issued: the strict
"state race detector" mode refuses any other token, and admins see how many chains exist.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace


@dataclass
class ApiSession:
    # The token chain this state belongs to: a new id for a request without a token.
    id: str
    user_id: int | None = None
    client_id: int | None = None  # the active client account of the user
    admin_id: int | None = None
    # Set while an admin acts as a user/client (masquerade); admin_id stays set too.
    masquerading: bool = False
    # Login passed the password step and waits for a TOTP code.
    pending_user_id: int | None = None
    pending_admin_id: int | None = None
    currency_code: str | None = None

    @property
    def is_user(self) -> bool:
        return self.user_id is not None

    @property
    def is_admin(self) -> bool:
        return self.admin_id is not None

    def log_out_user(self) -> None:
        self.user_id = None
        self.client_id = None
        self.pending_user_id = None
        self.masquerading = False

    def log_out_admin(self) -> None:
        self.admin_id = None
        self.pending_admin_id = None
        if self.masquerading:
            self.log_out_user()


@dataclass(frozen=True)
class Issued:
    """The latest token of a chain and the state it carries."""

    token_id: str
    session: ApiSession


class SessionStore:
    def __init__(self) -> None:
        self._latest: dict[str, Issued] = {}

    @staticmethod
    def create() -> ApiSession:
        """A guest's state, starting a new token chain."""
        return ApiSession(id=secrets.token_hex(16))

    def record(self, session: ApiSession, token_id: str) -> None:
        # A copy: the caller's object belongs to one request and may still change.
        self._latest[session.id] = Issued(token_id=token_id, session=replace(session))

    def latest(self, session_id: str) -> Issued | None:
        return self._latest.get(session_id)

    def __len__(self) -> int:
        return len(self._latest)

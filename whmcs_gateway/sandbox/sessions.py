"""Server-side API sessions: who is logged in, which client is active, admin and 2FA state."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any


@dataclass
class ApiSession:
    id: str
    latest_token_id: str = ""
    user_id: int | None = None
    client_id: int | None = None  # the active client account of the user
    admin_id: int | None = None
    # Set while an admin acts as a user/client (masquerade); admin_id stays set too.
    masquerading: bool = False
    # Login passed the password step and waits for a TOTP code.
    pending_user_id: int | None = None
    pending_admin_id: int | None = None
    currency_code: str | None = None
    # Free slot for other modules (e.g. cart ids), so they need not change this class.
    extra: dict[str, Any] = field(default_factory=dict)

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


class SessionStore:
    def __init__(self) -> None:
        self._sessions: dict[str, ApiSession] = {}

    def create(self) -> ApiSession:
        session = ApiSession(id=secrets.token_hex(16))
        self._sessions[session.id] = session
        return session

    def get(self, session_id: str) -> ApiSession | None:
        return self._sessions.get(session_id)

    def __len__(self) -> int:
        return len(self._sessions)

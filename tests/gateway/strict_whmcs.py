"""A tiny latest-token-only server: a race detector for tests of the state machinery.

Every answer carries a new X-Api-State; a request whose token is not the latest one issued is
refused with 401. Real WHMCS accepts older tokens (and acts on the older state in them), so
this is stricter on purpose: any call the gateway sends with an older token shows up as a
refusal, like the sandbox's state race detector (`SandboxConfig.state_race_detector`).
"""

from __future__ import annotations

import itertools
import json
import threading
import time


class StrictTokenWhmcs:
    def __init__(self, *, delay: float = 0.0) -> None:
        self.delay = delay
        self.latest: str | None = None
        self.refused = 0
        self.served = 0
        self.seen_tokens: list[str | None] = []
        self._counter = itertools.count(1)
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        token = environ.get("HTTP_X_API_STATE")
        with self._lock:
            self.seen_tokens.append(token)
            # No token starts a new session; any other token must be the latest issued.
            stale = token is not None and token != self.latest
            new_token = f"token-{next(self._counter)}"
            self.latest = new_token
            if stale:
                self.refused += 1
            else:
                self.served += 1
        # Outside the lock: lets concurrent callers overlap, as a real server would.
        time.sleep(self.delay)
        status, body = (
            ("401 Unauthorized", {"message": "State is stale"})
            if stale
            else ("200 OK", {"data": {"served": True}})
        )
        start_response(status, [("Content-Type", "application/json"), ("X-Api-State", new_token)])
        return [json.dumps(body).encode()]

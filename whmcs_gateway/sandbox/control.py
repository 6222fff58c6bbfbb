"""The control endpoints under ``{prefix}__sandbox__/``, for tests and benchmarks only.

They answer only a caller that sends the sandbox's control token in the
``X-Sandbox-Control-Token`` header (``config.control_token``: random per start unless
``SANDBOX_CONTROL_TOKEN`` sets it; the standalone server prints it). Not the caller's
address: behind a proxy on the same machine every visitor would be "loopback".

* ``GET    __sandbox__/faults``  the active fault plan
* ``POST   __sandbox__/faults``  replace it (body: see faults.py); 400 on a bad plan
* ``DELETE __sandbox__/faults``  no faults
* ``POST   __sandbox__/reset``   fresh world from the data file, no sessions, faults from config
  and the clock back to real time
* ``GET    __sandbox__/clock``   the sandbox time: ``{"now": ISO 8601, "offset_seconds": n}``
* ``POST   __sandbox__/clock``   move it forward: ``{"advance_seconds": n}`` (n >= 0; 400
  otherwise). Tokens, bans, promotion expiry, renewal dates and TOTP codes all follow it.
"""

from __future__ import annotations

import hmac
import json
from typing import TYPE_CHECKING

from .errors import BadRequest, Forbidden, NotFound
from .faults import FaultConfigError, FaultPlan, parse_fault_plan
from .responses import Response, data

if TYPE_CHECKING:
    from .app import SandboxApp
    from .request import Request

CONTROL_PREFIX = "/__sandbox__"
# Ten years: far enough for any expiry, small enough that datetime arithmetic cannot overflow.
MAX_ADVANCE_SECONDS = 10 * 366 * 24 * 3600


CONTROL_TOKEN_HEADER = "X-Sandbox-Control-Token"  # noqa: S105 - a header name


def has_control_token(app: SandboxApp, request: Request) -> bool:
    given = (request.header(CONTROL_TOKEN_HEADER) or "").encode()
    return hmac.compare_digest(given, app.config.control_token.encode())


def handle_control(app: SandboxApp, request: Request) -> Response:
    if not has_control_token(app, request):
        raise Forbidden(
            f"The sandbox control endpoints need the {CONTROL_TOKEN_HEADER} header with the "
            "control token printed when the sandbox started."
        )
    action = (request.method, request.path.removeprefix(CONTROL_PREFIX))
    if action == ("GET", "/faults"):
        return data(app.faults.plan.as_dict())
    if action == ("POST", "/faults"):
        try:
            plan = parse_fault_plan(json.loads(request.raw_body or b"{}"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise BadRequest("The request body is not valid JSON.") from None
        except FaultConfigError as exc:
            raise BadRequest(f"Invalid fault plan: {exc}") from None
        app.faults.replace(plan)
        return data(plan.as_dict())
    if action == ("DELETE", "/faults"):
        app.faults.replace(FaultPlan())
        return data(app.faults.plan.as_dict())
    if action == ("GET", "/clock"):
        return data(clock_json(app))
    if action == ("POST", "/clock"):
        app.clock.advance(advance_seconds(request))
        return data(clock_json(app))
    if action == ("POST", "/reset"):
        app.reset()
        return data({"reset": True})
    raise NotFound(f"Unknown control action {request.method} {request.path}")


def advance_seconds(request: Request) -> float:
    try:
        body = json.loads(request.raw_body or b"{}")
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise BadRequest("The request body is not valid JSON.") from None
    seconds = body.get("advance_seconds") if isinstance(body, dict) else None
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds < 0:
        raise BadRequest("advance_seconds must be a number of seconds, 0 or more.")
    if seconds > MAX_ADVANCE_SECONDS:
        raise BadRequest(f"advance_seconds may not be more than {MAX_ADVANCE_SECONDS}.")
    return float(seconds)


def clock_json(app: SandboxApp) -> dict[str, object]:
    return {
        "now": app.clock().isoformat(),
        "offset_seconds": app.clock.offset.total_seconds(),
    }

"""The control endpoints under ``{prefix}__sandbox__/``, for tests and benchmarks only.

They answer loopback and in-process callers only (REMOTE_ADDR 127.0.0.0/8, ::1 or empty):

* ``GET    __sandbox__/faults``  the active fault plan
* ``POST   __sandbox__/faults``  replace it (body: see faults.py); 400 on a bad plan
* ``DELETE __sandbox__/faults``  no faults
* ``POST   __sandbox__/reset``   fresh world from the data file, no sessions, faults from config
"""

from __future__ import annotations

import ipaddress
import json
from typing import TYPE_CHECKING

from .errors import BadRequest, Forbidden, NotFound
from .faults import FaultConfigError, FaultPlan, parse_fault_plan
from .responses import Response, data

if TYPE_CHECKING:
    from .app import SandboxApp
    from .request import Request

CONTROL_PREFIX = "/__sandbox__"


def is_loopback(remote_addr: str) -> bool:
    if not remote_addr:
        return True  # in-process callers (WSGI test clients) may leave it empty
    try:
        return ipaddress.ip_address(remote_addr).is_loopback
    except ValueError:
        return False


def handle_control(app: SandboxApp, request: Request) -> Response:
    if not is_loopback(request.remote_addr):
        raise Forbidden("The sandbox control endpoints answer loopback callers only.")
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
    if action == ("POST", "/reset"):
        app.reset()
        return data({"reset": True})
    raise NotFound(f"Unknown control action {request.method} {request.path}")

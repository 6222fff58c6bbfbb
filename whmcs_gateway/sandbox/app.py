"""The WSGI application: URL modes, API sessions (X-Api-State), faults and dispatch."""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any
from urllib.parse import parse_qs

from .clocks import ShiftableClock
from .config import SandboxConfig
from .control import CONTROL_PREFIX, handle_control
from .endpoints import load_endpoints
from .errors import (
    ApiError,
    BadRequest,
    ConnectionDropped,
    Forbidden,
    NotFound,
    ServiceUnavailable,
    Unauthorized,
)
from .faults import FaultDecision, FaultInjector, parse_fault_plan
from .request import Request
from .responses import Response, data
from .routing import REGISTRY, RouteRegistry
from .sessions import ApiSession
from .tokens import issue_token, read_token
from .urls import Target, resolve_target
from .world import World

logger = logging.getLogger("whmcs_gateway.sandbox")

STATE_HEADER = "X-Api-State"
StartResponse = Callable[..., Any]

_REASONS = {
    200: "OK",
    202: "Accepted",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    412: "Precondition Failed",
    422: "Unprocessable Entity",
    500: "Internal Server Error",
    501: "Not Implemented",
    503: "Service Unavailable",
}


class SandboxApp:
    """A WSGI callable. ``app.world`` is the live state; ``app.faults`` the fault injector."""

    def __init__(self, config: SandboxConfig, registry: RouteRegistry = REGISTRY) -> None:
        load_endpoints()
        # Every part of the sandbox reads the time through this clock, so the control
        # endpoint can move it forward for all of them at once.
        self.clock = ShiftableClock(config.clock)
        self.config = replace(config, clock=self.clock)
        self.registry = registry
        self.world = World(self.config)
        self.faults = FaultInjector(parse_fault_plan(config.faults), config.seed)
        # The catch-all 500 must never trigger; tests assert this stays 0.
        self.internal_errors = 0
        self.last_internal_error: str | None = None

    def reset(self) -> None:
        """A fresh world, the configured faults and the real time, as if just started."""
        self.clock.reset()
        self.world = World(self.config)
        self.faults.replace(parse_fault_plan(self.config.faults))

    # -- WSGI entry point ------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        response = self.handle(environ)
        body = response.encoded_body()
        headers = [
            ("Content-Type", response.content_type),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "no-store"),
            *response.headers,
        ]
        status = f"{response.status} {_REASONS.get(response.status, 'Unknown')}"
        start_response(status, headers)
        return [body]

    def handle(self, environ: dict[str, Any]) -> Response:
        method = str(environ.get("REQUEST_METHOD", "GET")).upper()
        path = _wsgi_text(environ.get("SCRIPT_NAME", "")) + _wsgi_text(environ.get("PATH_INFO", ""))
        query = parse_qs(_wsgi_text(environ.get("QUERY_STRING", "")), keep_blank_values=True)
        target = resolve_target(path, query, self.config.prefix)
        if target is None:
            return _error_response(NotFound(f"{path} is outside the sandbox prefix"))
        if target.kind == "root" and target.path.startswith(CONTROL_PREFIX + "/"):
            return self._guarded(
                lambda: handle_control(self, self._request(environ, method, target))
            )
        decision = self.faults.decide(method, target.path)
        if decision.latency_seconds:
            time.sleep(decision.latency_seconds)
        if decision.drop_connection:
            raise ConnectionDropped("sandbox fault: connection dropped")
        if target.kind == "api":
            response = self._handle_api(environ, method, target, decision)
        else:
            response = self._guarded(lambda: self._handle_root(environ, method, target, decision))
        if decision.sleep_seconds:
            time.sleep(decision.sleep_seconds)
        return response

    # -- REST API v2 -----------------------------------------------------------------

    def _handle_api(
        self, environ: dict[str, Any], method: str, target: Target, decision: FaultDecision
    ) -> Response:
        world = self.world
        with world.lock:
            session, state_error = self._resolve_session(world, environ.get("HTTP_X_API_STATE"))
            response = self._guarded(
                lambda: self._dispatch_api(
                    self._request(environ, method, target, world=world, session=session),
                    state_error,
                    decision,
                )
            )
            # Every response, errors included, carries the state the request left behind.
            # Handlers change the session in place (login, logout), never replace it.
            issued = issue_token(session, self.config, world_id=world.id)
            world.sessions.record(session, issued.token_id)
        token = issued.token
        response.headers.append((STATE_HEADER, token))
        return response

    def _dispatch_api(
        self, request: Request, state_error: ApiError | None, decision: FaultDecision
    ) -> Response:
        if decision.down:
            raise ServiceUnavailable("The WHMCS sandbox is down (fault injection).")
        if state_error is not None:
            raise state_error
        if request.world.login_guard.is_banned(request.remote_addr, request.world.now()):
            raise Forbidden(
                "Your IP address has been banned due to too many failed login attempts."
            )
        if decision.internal_error:
            raise ApiError("Injected fault: internal error")
        route, params = self.registry.resolve("api", request.method, request.path)
        request.params = params
        return _as_response(route.handler(request))

    def _resolve_session(
        self, world: World, token: str | None
    ) -> tuple[ApiSession, ApiError | None]:
        """The state a token carries, plus the error to answer with, if any.

        No token starts a guest's state. A token of another world (issued before a reset or
        restart) also starts one: that is a logged-out visitor, not an error. An invalid or
        expired token is refused and its client gets a fresh guest state. Any other token is
        accepted, however old, and the request acts on the state it carries, as in WHMCS.

        The state race detector (``SandboxConfig.state_race_detector``, off by default) refuses
        every token but the latest of its chain, and answers with the latest state, so the
        client can carry on: a test then sees every request sent with an older token.
        """
        if not token:
            return world.sessions.create(), None
        try:
            claims = read_token(token, self.config, world_id=world.id)
        except Unauthorized as error:
            return world.sessions.create(), error
        if claims.session is None:
            return world.sessions.create(), None
        if self.config.state_race_detector:
            latest = world.sessions.latest(claims.session.id)
            if latest is not None and latest.token_id != claims.token_id:
                return replace(latest.session), Unauthorized(
                    "The API state (X-Api-State) is stale: a newer state was issued for this "
                    "session. Send the latest X-Api-State (the sandbox's state race detector "
                    "is on)."
                )
        return claims.session, None

    # -- other routes (classic API, pages) -------------------------------------------

    def _handle_root(
        self, environ: dict[str, Any], method: str, target: Target, decision: FaultDecision
    ) -> Response:
        if decision.down:
            raise ServiceUnavailable("The WHMCS sandbox is down (fault injection).")
        if decision.internal_error:
            raise ApiError("Injected fault: internal error")
        world = self.world
        with world.lock:
            request = self._request(environ, method, target, world=world)
            route, params = self.registry.resolve("root", method, target.path)
            request.params = params
            result = route.handler(request)
        if not isinstance(result, Response):
            raise TypeError(f"root route {route.pattern} must return a Response")
        return result

    # -- helpers ---------------------------------------------------------------------

    def _request(
        self,
        environ: dict[str, Any],
        method: str,
        target: Target,
        *,
        world: World | None = None,
        session: ApiSession | None = None,
    ) -> Request:
        return Request(
            method=method,
            path=target.path,
            query=target.query,
            raw_body=_read_body(environ, self.config.max_body_bytes),
            environ=environ,
            world=world or self.world,
            config=self.config,
            session=session,
        )

    def _guarded(self, produce: Callable[[], Response]) -> Response:
        """Run a handler; ApiErrors become their responses, anything else a logged 500."""
        try:
            return produce()
        except ApiError as error:
            return _error_response(error)
        except ConnectionDropped:
            raise
        except Exception:
            self.internal_errors += 1
            self.last_internal_error = traceback.format_exc()
            logger.exception("sandbox: unhandled error")
            return _error_response(ApiError("Internal error"))


def _as_response(result: Any) -> Response:
    return result if isinstance(result, Response) else data(result)


def _error_response(error: ApiError) -> Response:
    return Response(status=error.status, body=error.body)


def _wsgi_text(value: Any) -> str:
    """WSGI hands text over as latin-1 decoded bytes; recover the UTF-8 the client sent."""
    return str(value).encode("latin-1", "replace").decode("utf-8", "replace")


class _BodyTooLarge(BadRequest):
    default_message = "The request body is too large."


def _read_body(environ: dict[str, Any], limit: int) -> bytes:
    raw_length = str(environ.get("CONTENT_LENGTH") or "0").strip()
    length = int(raw_length) if raw_length.isdigit() else 0
    if length > limit:
        raise _BodyTooLarge()
    stream = environ.get("wsgi.input")
    return stream.read(length) if stream is not None and length else b""

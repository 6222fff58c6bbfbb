"""Cross-cutting middleware: request ids, and `request.whmcs` for each visitor."""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from whmcs_gateway import conf
from whmcs_gateway.visitor import VisitorGateway

from .addresses import client_address
from .logging import current_request_id

REQUEST_ID_FORMAT = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
VISITOR_SESSION_KEY = "whmcs_visitor"


class HealthCheckMiddleware:
    """`/healthz` (alive) and `/readyz` (database, cache and WHMCS reachable).

    Answered before host checks and the HTTPS redirect: probes come from load balancers and
    orchestrators on internal addresses over plain HTTP.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from .health import liveness, readiness

        if request.path == "/healthz":
            return liveness()
        if request.path == "/readyz":
            return readiness()
        return self.get_response(request)


class RequestIdMiddleware:
    """Give every request an id, reuse a well-formed one from a proxy, and echo it back."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if REQUEST_ID_FORMAT.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


def visitor_id(request: HttpRequest) -> str:
    """The visitor's stable id: kept in the session, so it survives session key rotation."""
    value = request.session.get(VISITOR_SESSION_KEY)
    if not value:
        value = secrets.token_urlsafe(18)
        request.session[VISITOR_SESSION_KEY] = value
    return value


def has_visitor(request: HttpRequest) -> bool:
    """Whether this browser already has WHMCS state with us (so a cart may exist)."""
    return bool(request.session.get(VISITOR_SESSION_KEY))


class WhmcsGatewayMiddleware:
    """Attach `request.whmcs`, built only when a view first uses it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.whmcs = SimpleLazyObject(  # type: ignore[attr-defined]
            lambda: VisitorGateway(
                conf.transport(),
                conf.state_store(),
                lambda: visitor_id(request),
                client_ip=client_address(request),
                request_id=getattr(request, "request_id", None),
                currency=lambda: request.session.get("currency"),
            )
        )
        return self.get_response(request)

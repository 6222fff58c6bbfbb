"""Cross-cutting middleware: health probes and request ids."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .logging import current_request_id

REQUEST_ID_FORMAT = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


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

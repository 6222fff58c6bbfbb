"""`Server-Timing`: the shop's own time apart from the time spent waiting for WHMCS.

Off unless SERVER_TIMING is set: timings help operators and benchmarks, not visitors.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpRequest, HttpResponse

from whmcs_gateway import usage


class ServerTimingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if not settings.SERVER_TIMING:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        with usage.measuring() as upstream:
            response = self.get_response(request)
        total = (time.perf_counter() - started) * 1000
        response["Server-Timing"] = (
            f"app;dur={max(total - upstream.milliseconds, 0):.2f}, "
            f'whmcs;dur={upstream.milliseconds:.2f};desc="{upstream.calls} calls, '
            f'{upstream.bytes_sent} bytes sent, {upstream.bytes_received} bytes received"'
        )
        return response

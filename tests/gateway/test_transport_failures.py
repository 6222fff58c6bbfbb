"""Every way a call can fail ends as a typed error, and the breaker always hears of it."""

from __future__ import annotations

import httpx
import pytest
import respx
from django.core.cache.backends.locmem import LocMemCache

from whmcs_gateway.breaker import CircuitBreaker
from whmcs_gateway.errors import Unavailable
from whmcs_gateway.state import VisitorStateStore
from whmcs_gateway.transport import Transport, TransportConfig
from whmcs_gateway.visitor import VisitorGateway


def transport(**config) -> Transport:
    return Transport(TransportConfig(base_url="https://whmcs.test", **config), sleep=lambda _: None)


@respx.mock
def test_an_undecodable_answer_is_unavailable_and_counted():
    respx.get("https://whmcs.test/api/v2/status").mock(
        return_value=httpx.Response(
            200, headers={"Content-Encoding": "gzip"}, stream=httpx.ByteStream(b"not gzip")
        )
    )
    client = transport(max_retries=0)
    with pytest.raises(Unavailable):
        client.request("GET", "/status")
    assert list(client.breaker._outcomes) == [True]


def test_an_exception_inside_the_in_process_whmcs_is_unavailable():
    def broken(environ, start_response):
        raise ConnectionResetError("dropped")

    client = Transport(
        TransportConfig(base_url="http://sandbox.internal/whmcs", wsgi_app=broken, max_retries=0)
    )
    with pytest.raises(Unavailable):
        client.request("GET", "/status")

    def buggy(environ, start_response):
        raise KeyError("oops")

    client = Transport(
        TransportConfig(base_url="http://sandbox.internal/whmcs", wsgi_app=buggy, max_retries=0)
    )
    with pytest.raises(Unavailable, match="KeyError"):
        client.request("GET", "/status")


def test_a_probe_that_never_reports_back_does_not_close_the_circuit_for_good():
    now = [0.0]
    breaker = CircuitBreaker(min_calls=1, reset_after=10, clock=lambda: now[0])
    breaker.record_failure()
    now[0] = 11
    assert breaker.allow()  # the probe goes out... and its thread dies silently
    now[0] = 15
    assert not breaker.allow()
    now[0] = 22
    assert breaker.allow()  # a new probe


@respx.mock
def test_a_state_rotated_by_a_failing_attempt_is_kept_when_the_retry_fails():
    route = respx.get("https://whmcs.test/api/v2/status")
    route.side_effect = [
        httpx.Response(503, headers={"X-Api-State": "rotated"}, json={"message": "busy"}),
        httpx.ReadTimeout("slow"),
    ]
    store = VisitorStateStore(LocMemCache("rotated-state-tests", {}))
    gateway = VisitorGateway(transport(max_retries=1), store, lambda: "v")
    with pytest.raises(Unavailable):
        gateway.call("GET", "/status")
    assert store.snapshot("v").token == "rotated"

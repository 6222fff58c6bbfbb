"""The circuit breaker: stop calling a failing WHMCS, let one probe through later."""

from __future__ import annotations

import httpx
import pytest
import respx

from whmcs_gateway.breaker import CircuitBreaker
from whmcs_gateway.errors import Unavailable
from whmcs_gateway.transport import Transport, TransportConfig


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def test_it_opens_after_the_threshold_and_probes_once_after_the_pause():
    clock = Clock()
    breaker = CircuitBreaker(threshold=3, reset_after=30, clock=clock)
    for _ in range(3):
        assert breaker.allow()
        breaker.record_failure()
    assert breaker.state == "open"
    assert not breaker.allow()
    clock.now = 31
    assert breaker.state == "half-open"
    assert breaker.allow()  # the probe
    assert not breaker.allow()  # only one at a time
    breaker.record_success()
    assert breaker.state == "closed"
    assert breaker.allow()


def test_a_failed_probe_opens_it_again():
    clock = Clock()
    breaker = CircuitBreaker(threshold=1, reset_after=10, clock=clock)
    breaker.record_failure()
    clock.now = 11
    assert breaker.allow()
    breaker.record_failure()
    assert breaker.state == "open"
    assert not breaker.allow()


def test_a_success_resets_the_count_of_failures():
    breaker = CircuitBreaker(threshold=2)
    breaker.record_failure()
    breaker.record_success()
    breaker.record_failure()
    assert breaker.state == "closed"


@respx.mock
def test_an_open_circuit_stops_calls_before_they_reach_whmcs():
    transport = Transport(
        TransportConfig(base_url="https://whmcs.test", breaker_threshold=2, max_retries=0),
        sleep=lambda _: None,
    )
    route = respx.post("https://whmcs.test/api/v2/keepalive").mock(
        return_value=httpx.Response(503, json={"message": "down"})
    )
    for _ in range(2):
        transport.request("POST", "/keepalive")
    with pytest.raises(Unavailable, match="giving it a moment"):
        transport.request("POST", "/keepalive")
    assert route.call_count == 2
    assert transport.breaker.state == "open"


@respx.mock
def test_client_errors_do_not_count_as_whmcs_failing():
    transport = Transport(
        TransportConfig(base_url="https://whmcs.test", breaker_threshold=1), sleep=lambda _: None
    )
    respx.get("https://whmcs.test/api/v2/cart/ABCDEFGHIJKLMNOP").mock(
        return_value=httpx.Response(404, json={"message": "Cart not found"})
    )
    for _ in range(3):
        assert transport.request("GET", "/cart/ABCDEFGHIJKLMNOP").status == 404
    assert transport.breaker.state == "closed"

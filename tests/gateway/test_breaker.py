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


def failing_breaker(clock: Clock) -> CircuitBreaker:
    breaker = CircuitBreaker(window=10, min_calls=4, failure_ratio=0.5, reset_after=30, clock=clock)
    for _ in range(4):
        breaker.record_failure()
    return breaker


def test_it_opens_when_most_recent_calls_failed_and_probes_once_after_the_pause():
    clock = Clock()
    breaker = failing_breaker(clock)
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
    breaker = failing_breaker(clock)
    clock.now = 31
    assert breaker.allow()
    breaker.record_failure()
    assert breaker.state == "open"
    assert not breaker.allow()


def test_a_degraded_whmcs_that_still_serves_most_calls_is_not_cut_off():
    breaker = CircuitBreaker(window=20, min_calls=10, failure_ratio=0.6)
    for call in range(200):
        # One call in three fails, some of them in a row.
        breaker.record_failure() if call % 3 == 0 or call % 7 == 0 else breaker.record_success()
        assert breaker.state == "closed", call


def test_too_few_calls_say_nothing():
    breaker = CircuitBreaker(window=20, min_calls=10, failure_ratio=0.6)
    for _ in range(9):
        breaker.record_failure()
    assert breaker.state == "closed"
    breaker.record_failure()
    assert breaker.state == "open"


@respx.mock
def test_an_open_circuit_stops_calls_before_they_reach_whmcs():
    transport = Transport(
        TransportConfig(base_url="https://whmcs.test", breaker_min_calls=2, max_retries=0),
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
        TransportConfig(base_url="https://whmcs.test", breaker_min_calls=1), sleep=lambda _: None
    )
    respx.get("https://whmcs.test/api/v2/cart/ABCDEFGHIJKLMNOP").mock(
        return_value=httpx.Response(404, json={"message": "Cart not found"})
    )
    for _ in range(3):
        assert transport.request("GET", "/cart/ABCDEFGHIJKLMNOP").status == 404
    assert transport.breaker.state == "closed"

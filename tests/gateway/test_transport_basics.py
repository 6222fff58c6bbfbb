"""Transport details every call relies on: headers, redirects, timeouts, in-process mode."""

from __future__ import annotations

import httpx
import pytest
import respx

from whmcs_gateway.transport import Transport, TransportConfig


@pytest.fixture
def transport():
    return Transport(
        TransportConfig(base_url="https://whmcs.test", client_ip_header="X-Real-IP"),
        sleep=lambda _: None,
    )


@respx.mock
def test_the_visitor_ip_and_a_request_id_travel_with_every_call(transport):
    route = respx.get("https://whmcs.test/api/v2/status").mock(
        return_value=httpx.Response(200, json={"data": {}})
    )
    response = transport.request("GET", "/status", client_ip="203.0.113.7", request_id="req-1")
    sent = route.calls[0].request
    assert sent.headers["X-Real-IP"] == "203.0.113.7"
    assert sent.headers["X-Request-ID"] == "req-1" == response.request_id
    assert sent.headers["Accept"] == "application/json"


@respx.mock
def test_json_bodies_are_sent_as_json(transport):
    route = respx.post("https://whmcs.test/api/v2/cart/ABCDEFGHIJKLMNOP/promotions").mock(
        return_value=httpx.Response(200, json={"data": {}})
    )
    transport.request("POST", "/cart/ABCDEFGHIJKLMNOP/promotions", json={"code": "SAVE10"})
    sent = route.calls[0].request
    assert sent.headers["Content-Type"] == "application/json"
    assert sent.content == b'{"code": "SAVE10"}'


@respx.mock
def test_redirects_are_never_followed(transport):
    respx.get("https://whmcs.test/api/v2/status").mock(
        return_value=httpx.Response(302, headers={"Location": "https://elsewhere.test/"})
    )
    other = respx.get("https://elsewhere.test/").mock(return_value=httpx.Response(200))
    assert transport.request("GET", "/status").status == 302
    assert not other.called


def test_timeouts_are_explicit():
    transport = Transport(
        TransportConfig(base_url="https://whmcs.test", connect_timeout=1.5, read_timeout=7)
    )
    timeout = transport._client.timeout
    assert (timeout.connect, timeout.read) == (1.5, 7)


def test_an_unknown_url_mode_is_refused():
    with pytest.raises(ValueError, match="url_mode"):
        TransportConfig(base_url="https://whmcs.test", url_mode="friendly")  # type: ignore[arg-type]


def test_in_process_mode_hands_requests_to_the_wsgi_app():
    seen = {}

    def app(environ, start_response):
        seen["path"] = environ["PATH_INFO"]
        start_response("200 OK", [("Content-Type", "application/json"), ("X-Api-State", "t1")])
        return [b'{"data": {"ok": true}}']

    transport = Transport(TransportConfig(base_url="http://sandbox.internal/whmcs", wsgi_app=app))
    response = transport.request("GET", "/status")
    assert seen["path"] == "/whmcs/api/v2/status"
    assert response.body == {"data": {"ok": True}}
    assert response.state == "t1"

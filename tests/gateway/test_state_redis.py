"""The per-visitor lock across processes, on a real Redis (skipped when none is reachable)."""

from __future__ import annotations

import multiprocessing
import os
import socket
import threading
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest

from .strict_whmcs import StrictTokenWhmcs

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
# Own keys per run: runs side by side must not share (or flush) each other's locks.
KEY_PREFIX = f"lock-test-{os.getpid()}"


def redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


class ThreadedServer(WSGIServer):
    daemon_threads = True

    def process_request(self, request, client_address):
        threading.Thread(
            target=self.process_request_thread, args=(request, client_address), daemon=True
        ).start()

    def process_request_thread(self, request, client_address):
        try:
            self.finish_request(request, client_address)
        finally:
            self.shutdown_request(request)


def make_calls(base_url: str, calls: int, key_prefix: str) -> int:
    from django.core.cache.backends.redis import RedisCache

    from whmcs_gateway.state import VisitorStateStore
    from whmcs_gateway.transport import Transport, TransportConfig
    from whmcs_gateway.visitor import VisitorGateway

    store = VisitorStateStore(RedisCache(REDIS_URL, {"KEY_PREFIX": key_prefix}))
    gateway = VisitorGateway(
        Transport(TransportConfig(base_url=base_url)), store, lambda: "shared-visitor"
    )
    for _ in range(calls):
        gateway.call("POST", "/keepalive")
    return calls


@pytest.mark.skipif(not redis_reachable(), reason="no Redis on 127.0.0.1:6379")
def test_two_processes_serving_one_visitor_never_send_a_stale_token():
    whmcs = StrictTokenWhmcs(delay=0.003)
    server = make_server(
        "127.0.0.1", 0, whmcs, server_class=ThreadedServer, handler_class=QuietHandler
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base_url = f"http://127.0.0.1:{server.server_port}"
    try:
        with multiprocessing.get_context("spawn").Pool(2) as pool:
            done = pool.starmap_async(
                make_calls, [(base_url, 20, KEY_PREFIX), (base_url, 20, KEY_PREFIX)]
            ).get(timeout=120)
    finally:
        server.shutdown()
    assert sum(done) == 40
    assert whmcs.refused == 0
    assert whmcs.served == 40

"""Scale-out: two shop processes share one visitor through PostgreSQL and Redis.

A standalone sandbox plays WHMCS with its state race detector on (refusing any X-Api-State
but the latest, so a race of the shop's processes fails loudly). One visitor's requests go
alternately, and partly at the same time, to two gunicorn processes of the shop: no request
may fail, and the cart must end with exactly the items added, none lost, none doubled.
"""

from __future__ import annotations

import os
import secrets
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.harness import (
    Browser,
    cart_count,
    free_port,
    gunicorn_command,
    running,
    sandbox_command,
    sandbox_status_url,
    shop_env,
)
from tests.production.services import shared_services

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    with shared_services("scaleout", tmp_path_factory.mktemp("shop")) as env:
        yield env


def test_one_visitor_across_two_shop_processes(shared):
    sandbox_port, port_a, port_b = free_port(), free_port(), free_port()
    sandbox_env = {k: v for k, v in os.environ.items() if not k.startswith("SANDBOX_")}
    sandbox_env["SANDBOX_STATE_RACE_DETECTOR"] = "true"
    shop = shop_env(sandbox_port, **shared)
    shops = [f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{port_b}"]
    with (
        running(sandbox_command(sandbox_port), sandbox_status_url(sandbox_port), sandbox_env),
        running(gunicorn_command(port_a), shops[0] + "/healthz", shop),
        running(gunicorn_command(port_b), shops[1] + "/healthz", shop),
    ):
        visitor = Browser()
        configure = "/order/6/vps-s/"
        assert visitor.request("GET", shops[0] + configure).status_code == 200
        choices = {"billing_cycle": "monthly", "option_1": "11", "option_2": "21",
                   "option_4": "0", "custom_7": "vps.example.com", "action": "add"}  # fmt: skip

        def add(number: int) -> int:
            shop = shops[number % 2]
            response = visitor.post_form(
                shop + configure, {**choices, "once": secrets.token_urlsafe(8)}
            )
            return response.status_code

        # Alternating, one after the other...
        sequential = [add(n) for n in range(4)]
        # ...and at the same time, to both processes.
        with ThreadPoolExecutor(max_workers=6) as pool:
            concurrent = list(pool.map(add, range(4, 10)))
        # The same one-time token sent to both processes at once: added exactly once.
        twice = secrets.token_urlsafe(8)
        with ThreadPoolExecutor(max_workers=2) as pool:
            repeated = list(
                pool.map(
                    lambda shop: (
                        visitor.post_form(shop + configure, {**choices, "once": twice}).status_code
                    ),
                    shops,
                )
            )
        assert sequential + concurrent + repeated == [302] * 12
        for shop in shops:
            page = visitor.request("GET", shop + "/cart/")
            assert page.status_code == 200
            assert page.text.count('Remove<span class="visually-hidden"> VPS S') == 11
            assert cart_count(page.text) == 11

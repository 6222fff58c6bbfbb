"""Resilience: WHMCS failing, slow or down never shows a 500, never loses or doubles an item.

Two parts: the shop in-process with the embedded sandbox switched "down" (catalog from cache,
cart says WHMCS is unavailable), and real processes (gunicorn and a standalone sandbox that
injects errors, timeouts and latency) driven through whole buy-flows. The full-size run (200
flows, up to 2 s latency) is `python -m bench.resilience`; this one is smaller, same checks.
"""

from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.buyflow import BuyFlow
from bench.harness import (
    free_port,
    gunicorn_command,
    prepare_shop,
    running,
    sandbox_command,
    sandbox_status_url,
)
from tests.cart.conftest import add_vps
from tests.shop import text_of


@pytest.fixture
def sandbox_down():
    from whmcs_gateway import conf
    from whmcs_gateway.sandbox.faults import parse_fault_plan

    faults = conf.sandbox_app().faults
    yield lambda: faults.replace(parse_fault_plan({"down": True}))
    faults.replace(parse_fault_plan({}))


@pytest.mark.django_db
def test_with_whmcs_down_the_catalog_is_served_from_the_cache(client, sandbox_down):
    for page in ("/", "/store/1/shared-hosting/"):
        client.get(page)
    sandbox_down()
    assert "Shared Hosting" in text_of(client.get("/"))
    assert "From $3.99 USD /mo" in text_of(client.get("/store/1/shared-hosting/"))


@pytest.mark.django_db
def test_with_whmcs_down_a_day_old_catalog_is_still_served(client, sandbox_down):
    from whmcs_gateway import conf

    client.get("/store/1/shared-hosting/")
    reads = conf.cached_reads()
    an_hour_ago = reads._clock() - 3600
    for name in ("group:1:default", "bundles:1:default", "currencies"):
        entry = reads.cache.get(reads.key(name))
        if entry:
            reads.cache.set(reads.key(name), {**entry, "fetched_at": an_hour_ago}, None)
    sandbox_down()
    assert "From $3.99 USD /mo" in text_of(client.get("/store/1/shared-hosting/"))


@pytest.mark.django_db
def test_with_whmcs_down_the_cart_says_so_and_can_be_retried(client, sandbox_down):
    add_vps(client)
    sandbox_down()
    response = client.get("/cart/")
    assert response.status_code == 503
    page = text_of(response)
    assert "Our billing system is not answering right now" in page
    assert "This is temporary. Nothing you entered was lost." in page
    assert "Try again" in page


@pytest.mark.django_db
def test_an_htmx_change_while_whmcs_is_down_shows_the_problem_above_the_cart(client, sandbox_down):
    add_vps(client)
    sandbox_down()
    response = client.post("/cart/empty", HTTP_HX_REQUEST="true")
    assert response.status_code == 503
    assert response["HX-Retarget"] == "#problem-slot"
    assert "<html" not in response.content.decode()
    assert "not answering right now" in text_of(response)


FAULTS = {
    "seed": 11,
    "rules": [
        {
            "route": "*",
            "error_rate": 0.2,
            "timeout_rate": 0.1,
            "timeout_ms": 1500,
            "latency_ms": 20,
        }
    ],
}


@pytest.mark.slow
def test_buy_flows_against_a_failing_whmcs_end_well(tmp_path):
    sandbox_port, shop_port = free_port(), free_port()
    sandbox = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SANDBOX_")},
        "SANDBOX_FAULTS": json.dumps(FAULTS),
        "SANDBOX_SYSTEM_URL": f"http://127.0.0.1:{sandbox_port}/whmcs/",
    }
    shop = prepare_shop(tmp_path, sandbox_port, WHMCS_READ_TIMEOUT="0.8", GUNICORN_THREADS="8")
    with (
        running(sandbox_command(sandbox_port), sandbox_status_url(sandbox_port), sandbox),
        running(gunicorn_command(shop_port), f"http://127.0.0.1:{shop_port}/healthz", shop),
        ThreadPoolExecutor(max_workers=6) as pool,
    ):
        results = list(
            pool.map(lambda _: BuyFlow(f"http://127.0.0.1:{shop_port}").run(), range(24))
        )
    assert sum(r.server_errors for r in results) == 0
    assert [f for r in results for f in r.unexplained_failures] == []
    assert all(r.completed for r in results)
    assert [r.items_in_cart for r in results] == [1] * 24  # none lost, none doubled
    assert sum(r.retries for r in results) > 0  # the faults really happened

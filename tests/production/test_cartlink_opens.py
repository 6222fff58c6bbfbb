"""Cart-link counters across two shop processes on one PostgreSQL database.

Many visitors open the same links at the same time, spread over two gunicorn processes: every
open and every cart is counted (no update lost), and a link with a use limit makes exactly
that many carts, however the opens interleave.
"""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.harness import (
    ROOT,
    Browser,
    free_port,
    gunicorn_command,
    running,
    sandbox_command,
    sandbox_status_url,
    shop_env,
)
from tests.production.services import shared_services

pytestmark = pytest.mark.slow

MAKE_LINKS = """
from datetime import timedelta
from django.utils import timezone
from storefront.cartlinks.models import CartLink
from storefront.cartlinks.services import link_path
item = {"type": "domain_register", "name": "busy-link.com", "period": 1}
for name, limit in (("limited", 10), ("open", None)):
    link = CartLink.objects.create(kind="campaign", name=name, items=[item], currency="USD",
        expires_at=timezone.now() + timedelta(days=1), max_uses=limit)
    print("LINK", name, link_path(link))
"""

COUNTS = """
from storefront.cartlinks.models import CartLink
for link in CartLink.objects.order_by("name"):
    print("COUNT", link.name, link.opens, link.carts_created)
"""


def manage_shell(env: dict[str, str], code: str, mark: str) -> list[list[str]]:
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    # The shell may print more (its automatic imports): only the marked lines are ours.
    return [line.split()[1:] for line in result.stdout.splitlines() if line.startswith(mark)]


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("shop")
    with shared_services("cartlinks", workdir, CART_LINK_OPENS_PER_ADDRESS="1000") as env:
        yield env


def test_concurrent_opens_across_two_processes_are_all_counted(database):
    sandbox_port, port_a, port_b = free_port(), free_port(), free_port()
    sandbox_env = {k: v for k, v in os.environ.items() if not k.startswith("SANDBOX_")}
    shop = shop_env(sandbox_port, **database)
    links = dict(manage_shell(shop, MAKE_LINKS, "LINK "))
    shops = [f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{port_b}"]
    with (
        running(sandbox_command(sandbox_port), sandbox_status_url(sandbox_port), sandbox_env),
        running(gunicorn_command(port_a), shops[0] + "/healthz", shop),
        running(gunicorn_command(port_b), shops[1] + "/healthz", shop),
    ):

        def open_link(number: int, path: str) -> tuple[int, str]:
            response = Browser().request("GET", shops[number % 2] + path)
            return response.status_code, response.text

        with ThreadPoolExecutor(max_workers=8) as pool:
            limited = list(pool.map(lambda n: open_link(n, links["limited"]), range(24)))
            unlimited = list(pool.map(lambda n: open_link(n, links["open"]), range(20)))

    made = [status for status, _ in limited if status == 302]
    refused = [text for status, text in limited if status == 410]
    assert len(made) == 10 and len(refused) == 14
    assert all("This link has been used up" in text for text in refused)
    assert [status for status, _ in unlimited] == [302] * 20
    counts = {
        name: (int(opens), int(carts))
        for name, opens, carts in manage_shell(shop, COUNTS, "COUNT ")
    }
    assert counts == {"limited": (24, 10), "open": (20, 20)}

"""The full-size resilience run: 200 buy-flows against a WHMCS that fails and dawdles.

    python -m bench.resilience [--flows 200] [--concurrency 16]

A standalone sandbox answers 20% of calls with errors, lets 10% time out, and adds up to
2 s of latency (three latency bands, spread over the routes); the shop runs under gunicorn.
Every flow retries a step while the shop says the problem is temporary, as a person would.
The run passes when no page was a 500, every failure said it was temporary, every flow
finished, and every cart holds exactly the one item it was given.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.buyflow import BuyFlow
from bench.harness import (
    free_port,
    gunicorn_command,
    prepare_shop,
    running,
    sandbox_command,
    sandbox_status_url,
)

# Latency bands: the catalog is quick, carts are slower, checkout the slowest (up to 2 s).
FAULT_RULES = [
    {"route": "/store/*", "latency_ms": 300},
    {"route": "/cart*/items*", "latency_ms": 1200},
    {"route": "/cart/*/checkout", "latency_ms": 2000},
    {"route": "*", "error_rate": 0.2, "timeout_rate": 0.1, "timeout_ms": 6000},
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flows", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="shop-resilience-"))
    sandbox_port, shop_port = free_port(), free_port()
    sandbox_env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SANDBOX_")},
        "SANDBOX_SYSTEM_URL": f"http://127.0.0.1:{sandbox_port}/whmcs/",
        "SANDBOX_FAULTS": json.dumps({"seed": 2026, "rules": FAULT_RULES}),
    }
    shop_settings = prepare_shop(
        workdir,
        sandbox_port,
        GUNICORN_WORKERS="2",
        GUNICORN_THREADS=str(args.concurrency),
        WHMCS_READ_TIMEOUT="5",
        GUNICORN_TIMEOUT="60",
    )
    shop = f"http://127.0.0.1:{shop_port}"
    started = time.monotonic()
    with (
        running(sandbox_command(sandbox_port), sandbox_status_url(sandbox_port), sandbox_env),
        running(gunicorn_command(shop_port), shop + "/healthz", shop_settings),
        ThreadPoolExecutor(max_workers=args.concurrency) as pool,
    ):
        results = list(
            pool.map(lambda _: BuyFlow(shop, attempts=25, pause=0.5).run(), range(args.flows))
        )
    elapsed = time.monotonic() - started
    shutil.rmtree(workdir, ignore_errors=True)

    server_errors = sum(r.server_errors for r in results)
    unexplained = [f for r in results for f in r.unexplained_failures]
    unfinished = sum(not r.completed for r in results)
    wrong_carts = [r.items_in_cart for r in results if r.items_in_cart != 1]
    retries = sum(r.retries for r in results)
    print(f"{args.flows} buy-flows in {elapsed:.0f} s, {args.concurrency} at a time")
    print(f"  temporary failures shown and retried: {retries}")
    print(f"  500 pages:                            {server_errors}")
    print(f"  failures not shown as temporary:      {len(unexplained)} {unexplained[:5]}")
    print(f"  flows not finished:                   {unfinished}")
    print(f"  carts without exactly one item:       {len(wrong_carts)} {wrong_carts[:5]}")
    ok = not (server_errors or unexplained or unfinished or wrong_carts)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

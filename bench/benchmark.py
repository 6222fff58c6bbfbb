"""Benchmark: the buy-flow's own server time per step, and the cached catalog page's throughput.

    python -m bench.benchmark [--flows 40] [--latency-ms 80] [--seconds 10]

1. A standalone sandbox answers with realistic latency; the shop runs under gunicorn with
   Server-Timing on. Whole buy-flows are run one after another, and for every step the
   shop's own time (total minus the time spent waiting for WHMCS) is reported as p50 / p95,
   with the upstream calls and bytes sent to WHMCS.
2. wrk loads the cached group page under gunicorn, then a bare Django view serving the same
   HTML with the same gunicorn settings, in the same run on the same machine. The ratio of
   the two is the figure that matters: what the shop's own work costs.

Everything runs on 127.0.0.1 and stops by itself. Targets: own time p95 at most 25 ms per
step; the cached catalog page at least 50% of the bare-Django throughput.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import httpx

from bench.buyflow import BuyFlow
from bench.harness import (
    free_port,
    gunicorn_command,
    prepare_shop,
    running,
    sandbox_command,
    sandbox_status_url,
)

CATALOG_PAGE = "/store/1/shared-hosting/"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def buy_flow_report(shop: str, flows: int, warm_up: int = 4) -> list[dict]:
    for _ in range(warm_up):  # every worker's first requests compile templates: not measured
        BuyFlow(shop, every_step=True).run()
    timings: dict[str, list] = defaultdict(list)
    for _ in range(flows):
        result = BuyFlow(shop, every_step=True).run()
        if not result.completed:
            raise RuntimeError(f"a buy-flow failed: {result.unexplained_failures}")
        for timing in result.timings:
            timings[timing.step].append(timing)
    rows = []
    for step, samples in timings.items():
        own = [s.app_ms for s in samples if s.app_ms is not None]
        rows.append(
            {
                "step": step,
                "own_p50_ms": round(percentile(own, 0.50), 1),
                "own_p95_ms": round(percentile(own, 0.95), 1),
                "upstream_calls": round(statistics.mean(s.upstream_calls or 0 for s in samples), 2),
                "bytes_sent": round(statistics.mean(s.bytes_sent or 0 for s in samples)),
                "total_p50_ms": round(percentile([s.total_ms for s in samples], 0.5), 1),
            }
        )
    return rows


def requests_per_second(url: str, seconds: int, connections: int = 16) -> float:
    output = subprocess.run(  # noqa: S603 - wrk against our own loopback server
        [shutil.which("wrk") or "wrk", "-t2", f"-c{connections}", f"-d{seconds}s", url],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    if re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        raise RuntimeError(f"errors under load:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flows", type=int, default=40)
    parser.add_argument("--latency-ms", type=int, default=80)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed for the throughput part: apt-get install wrk")

    workdir = Path(tempfile.mkdtemp(prefix="shop-bench-"))
    sandbox_port, shop_port, bare_port = free_port(), free_port(), free_port()
    sandbox_env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SANDBOX_")},
        "SANDBOX_SYSTEM_URL": f"http://127.0.0.1:{sandbox_port}/whmcs/",
        "SANDBOX_FAULTS": json.dumps({"rules": [{"route": "*", "latency_ms": args.latency_ms}]}),
    }
    shop_settings = prepare_shop(
        workdir, sandbox_port, GUNICORN_WORKERS=str(args.workers), GUNICORN_THREADS="4"
    )
    shop = f"http://127.0.0.1:{shop_port}"
    with (
        running(sandbox_command(sandbox_port), sandbox_status_url(sandbox_port), sandbox_env),
        running(gunicorn_command(shop_port), shop + "/healthz", shop_settings),
    ):
        steps = buy_flow_report(shop, args.flows)
        page = httpx.get(shop + CATALOG_PAGE)  # warms the cache of this worker, saves the HTML
        (workdir / "page.html").write_bytes(page.content)
        for _ in range(args.workers * 4):
            httpx.get(shop + CATALOG_PAGE)
        shop_rps = requests_per_second(shop + CATALOG_PAGE, args.seconds)
    bare_env = {**shop_settings, "BARE_PAGE": str(workdir / "page.html")}
    bare_command = [*gunicorn_command(bare_port)]
    bare_command[bare_command.index("storefront.wsgi:application")] = (
        "bench.bare_django:application"
    )
    with running(bare_command, f"http://127.0.0.1:{bare_port}/", bare_env):
        bare_rps = requests_per_second(f"http://127.0.0.1:{bare_port}{CATALOG_PAGE}", args.seconds)

    print(f"Buy-flow, {args.flows} flows, WHMCS latency {args.latency_ms} ms per call")
    print(
        f"{'step':<16}{'own p50':>9}{'own p95':>9}{'calls':>7}{'bytes sent':>12}{'total p50':>11}"
    )
    for row in steps:
        print(
            f"{row['step']:<16}{row['own_p50_ms']:>8.1f} {row['own_p95_ms']:>8.1f}"
            f"{row['upstream_calls']:>7}{row['bytes_sent']:>12}{row['total_p50_ms']:>10.1f}"
        )
    print(f"\nCached catalog page ({CATALOG_PAGE}), gunicorn {args.workers} workers x 4 threads")
    print(f"  shop:        {shop_rps:8.1f} requests/s")
    print(f"  bare Django: {bare_rps:8.1f} requests/s")
    print(f"  ratio:       {shop_rps / bare_rps:8.1%}")
    worst = max(row["own_p95_ms"] for row in steps)
    step_target = "met" if worst <= 25 else "NOT met"
    catalog_target = "met" if shop_rps >= bare_rps / 2 else "NOT met"
    print(f"\nTargets: own p95 <= 25 ms per step (worst {worst} ms): {step_target}; ")
    print(f"         catalog >= 50% of bare Django: {catalog_target}")
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Lighthouse on the shop's customer pages (`make lighthouse`): mobile preset, Debian's Chromium.

Starts a standalone sandbox and the shop under gunicorn on 127.0.0.1 (production settings:
collected, compressed static files), puts a VPS in a visitor's cart so the cart page is
audited with an item in it, runs the pinned Lighthouse of tools/lighthouse/ on each page and
prints the scores as a Markdown table. The full reports go to test-artifacts/lighthouse/.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.buyflow import CHOICES, CONFIGURE
from bench.harness import (
    ROOT,
    Browser,
    free_port,
    gunicorn_command,
    prepare_shop,
    running,
    sandbox_command,
    sandbox_status_url,
)

LIGHTHOUSE = ROOT / "tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
REPORTS = ROOT / "test-artifacts" / "lighthouse"
PAGES = [
    ("store front", "/"),
    ("product group", "/store/3/vps/"),
    ("configure", CONFIGURE),
    ("domain search", "/domains/?domain=my-new-shop"),
    ("cart (one VPS)", "/cart/"),
]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}


def cart_cookie(shop: str) -> str:
    """The Cookie header of a visitor with a VPS in their cart."""
    visitor = Browser()
    visitor.request("GET", shop + CONFIGURE)
    once = secrets.token_urlsafe(12)
    added = visitor.post_form(shop + CONFIGURE, {**CHOICES, "once": once})
    if added.status_code != 302:
        sys.exit(f"could not fill a cart: {added.status_code}")
    return "; ".join(f"{name}={value}" for name, value in visitor.cookies.items())


def audit(url: str, report: Path, headers: dict[str, str] | None) -> dict[str, int]:
    command = [
        str(LIGHTHOUSE), url,
        "--quiet", "--output=json", f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run",
    ]  # fmt: skip
    if headers:
        command.append(f"--extra-headers={json.dumps(headers)}")
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    for attempt in range(3):
        # Lighthouse sometimes loses the trace on a busy machine (NO_NAVSTART): run it again.
        done = subprocess.run(command, check=False, env=env, cwd=ROOT)  # noqa: S603 - pinned tool
        if done.returncode == 0:
            break
        print(f"Lighthouse failed on {url} (attempt {attempt + 1})", file=sys.stderr)
    else:
        sys.exit(f"Lighthouse failed three times on {url}")
    result = json.loads(report.read_text())
    return {name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median is kept")
    parser.add_argument("--page", action="append", help="only the pages whose label has this")
    args = parser.parse_args()
    pages = [p for p in PAGES if not args.page or any(word in p[0] for word in args.page)]
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: cd tools/lighthouse && npm ci")
    if not Path(CHROMIUM).exists():
        sys.exit(f"Chromium is not at {CHROMIUM}: apt-get install chromium")

    workdir = Path(tempfile.mkdtemp(prefix="shop-lighthouse-"))
    sandbox_port, shop_port = free_port(), free_port()
    sandbox_env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SANDBOX_")},
        "SANDBOX_SYSTEM_URL": f"http://127.0.0.1:{sandbox_port}/whmcs/",
    }
    shop_settings = prepare_shop(workdir, sandbox_port)
    shop = f"http://127.0.0.1:{shop_port}"
    REPORTS.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        with (
            running(sandbox_command(sandbox_port), sandbox_status_url(sandbox_port), sandbox_env),
            running(gunicorn_command(shop_port), shop + "/healthz", shop_settings),
        ):
            cookie = cart_cookie(shop)
            for label, path in pages:
                headers = {"Cookie": cookie} if path == "/cart/" else None
                runs = []
                for run in range(args.runs):
                    slug = "".join(c if c.isalnum() else "-" for c in label).strip("-")
                    report = REPORTS / f"{slug}-{run + 1}.json"
                    runs.append(audit(shop + path, report, headers))
                scores = {
                    name: sorted(run[name] for run in runs)[len(runs) // 2] for name in CATEGORIES
                }
                rows.append((label, path, scores))
                print(f"{label}: {scores}", file=sys.stderr)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    print("| page | URL | performance | accessibility | best practices | SEO |")
    print("|---|---|---|---|---|---|")
    for label, path, scores in rows:
        cells = " | ".join(str(scores[name]) for name in CATEGORIES)
        print(f"| {label} | `{path}` | {cells} |")
    missed = [
        f"{label} {name} {scores[name]} < {TARGETS[name]}"
        for label, _, scores in rows
        for name in CATEGORIES
        if scores[name] < TARGETS[name]
    ]
    if missed:
        print("\nBelow target: " + "; ".join(missed))
        sys.exit(1)


if __name__ == "__main__":
    main()

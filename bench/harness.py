"""Real processes on loopback, shared by the benchmarks and the production-shaped tests:
a standalone sandbox, shop processes under gunicorn, and a browser-like client.

Every process listens on 127.0.0.1 only, and is stopped when its `with` block ends.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_answers(url: str, process: subprocess.Popen, log: Path, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited early:\n{log.read_text()[-3000:]}")
        try:
            httpx.get(url, timeout=1.0)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise TimeoutError(f"{url} did not answer in {timeout} s")


@contextmanager
def running(command: list[str], url: str, env: dict[str, str]):
    # Output goes to a file, not a pipe: a pipe nobody reads fills up and blocks the process.
    with tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False) as log:
        # Its own process group: stopping it stops gunicorn's workers too.
        process = subprocess.Popen(  # noqa: S603 - our own programs, fixed arguments
            command,
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
    log_path = Path(log.name)
    try:
        wait_until_answers(url, process, log_path)
        yield process
    finally:
        _stop(process)
        log_path.unlink(missing_ok=True)


def _stop(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)  # longer than gunicorn's graceful timeout
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def sandbox_command(port: int, *extra: str) -> list[str]:
    return [sys.executable, "-m", "whmcs_gateway.sandbox", "--port", str(port),
            "--prefix", "/whmcs/", *extra]  # fmt: skip


def sandbox_status_url(port: int) -> str:
    return f"http://127.0.0.1:{port}/whmcs/api/v2/status"


def shop_env(sandbox_port: int, **overrides: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "WHMCS_", "SANDBOX_")) and key != "DEBUG"
    }
    env.update(
        SECRET_KEY="production-shaped-test-secret-" + "x" * 20,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        WHMCS_URL=f"http://127.0.0.1:{sandbox_port}/whmcs",
        WHMCS_API_IDENTIFIER="sandbox-identifier",
        WHMCS_API_SECRET="sandbox-secret",  # noqa: S106 - the sandbox's public demo value
        GUNICORN_WORKERS="1",
        GUNICORN_THREADS="4",
    )
    env.update(overrides)
    return env


def gunicorn_command(port: int) -> list[str]:
    return [sys.executable, "-m", "gunicorn", "storefront.wsgi:application",
            "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
            "--access-logfile", "/dev/null"]  # fmt: skip


class Browser:
    """A cookie-keeping client that can talk to several shop processes as one visitor.

    Cookies are kept by hand: the shop's are `__Host-` and Secure, which a standard cookie
    jar will not send back over the plain-HTTP loopback these tests use.
    """

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}
        self.client = httpx.Client(timeout=30.0, follow_redirects=False)

    def _remember(self, response: httpx.Response) -> None:
        for header in response.headers.get_list("set-cookie"):
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]

    def request(self, method: str, url: str, **kwargs) -> httpx.Response:
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        headers = (
            {"Cookie": cookie, **kwargs.pop("headers", {})} if cookie else kwargs.pop("headers", {})
        )
        response = self.client.request(method, url, headers=headers, **kwargs)
        self._remember(response)
        return response

    def csrf(self) -> str:
        return next(v for k, v in self.cookies.items() if k.endswith("csrftoken"))

    def post_form(self, url: str, data: dict[str, str]) -> httpx.Response:
        return self.request("POST", url, data={**data, "csrfmiddlewaretoken": self.csrf()})


def cart_count(html: str) -> int:
    return int(re.search(r'id="cart-count"[^>]*>(\d+)<', html).group(1))


def prepare_shop(workdir: Path, sandbox_port: int, **overrides: str) -> dict[str, str]:
    """Environment for a shop process on its own SQLite file, migrated and with static files
    collected (production settings serve hashed, compressed files)."""
    settings = {
        "DATABASE_URL": f"sqlite:///{workdir / 'shop.sqlite3'}",
        "REDIS_URL": "",
        "STATIC_ROOT": str(workdir / "static"),
        "SERVER_TIMING": "true",
        "LOG_LEVEL": "WARNING",
        **overrides,
    }
    env = shop_env(sandbox_port, **settings)
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", *command, "-v0"],
            cwd=ROOT, env=env, check=True, capture_output=True,
        )  # fmt: skip
    return env

"""The only place in the project that does network I/O.

One pooled `httpx.Client` per process talks to WHMCS: over the network when `base_url` names a
real installation, or in-process through `httpx.WSGITransport` when a WSGI app (the embedded
sandbox) is given. It knows WHMCS's three friendly-URL modes, sets explicit timeouts, never
follows redirects, retries only safe requests, and logs every call without a token or secret.

It does not interpret answers beyond the network: HTTP errors come back as `ApiResponse` so the
caller can first store the new X-Api-State (WHMCS rotates it on error answers too) and then map
the status to a typed error (`errors.error_for`).
"""

from __future__ import annotations

import json as jsonlib
import logging
import random
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import quote

import httpx

from . import usage
from .breaker import CircuitBreaker
from .errors import Unavailable

logger = logging.getLogger("whmcs_gateway.transport")

UrlMode = Literal["rewrite", "pathinfo", "basic"]
URL_MODES: tuple[str, ...] = ("rewrite", "pathinfo", "basic")
STATE_HEADER = "X-Api-State"
REQUEST_ID_HEADER = "X-Request-ID"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class TransportConfig:
    """Where WHMCS is and how to talk to it. `base_url` is WHMCS's system URL."""

    base_url: str
    url_mode: UrlMode = "rewrite"
    connect_timeout: float = 2.0
    read_timeout: float = 10.0
    max_retries: int = 2
    backoff_base: float = 0.1
    api_identifier: str = ""
    api_secret: str = field(default="", repr=False)
    client_ip_header: str = "X-Forwarded-For"
    breaker_min_calls: int = 10
    breaker_failure_ratio: float = 0.6
    breaker_reset_after: float = 30.0
    wsgi_app: Callable[..., Any] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.url_mode not in URL_MODES:
            raise ValueError(f"url_mode must be one of {', '.join(URL_MODES)}")


@dataclass(frozen=True)
class ApiResponse:
    """One answer from WHMCS, parsed but not yet judged."""

    status: int
    body: Any
    headers: httpx.Headers
    request_id: str
    duration_ms: float

    @property
    def state(self) -> str | None:
        """The new X-Api-State WHMCS issued with this answer, if any."""
        return self.headers.get(STATE_HEADER)


def rest_location(
    base_url: str, url_mode: str, path: str, params: Mapping[str, Any] | None = None
) -> tuple[str, dict[str, Any]]:
    """URL and query parameters of a REST v2 `path` in the given friendly-URL mode.

    rewrite `{url}/api/v2/cart`, pathinfo `{url}/index.php/api/v2/cart`, basic
    `{url}/index.php?rp=/api/v2/cart` (the other parameters then join with `&`).
    """
    base = base_url.rstrip("/")
    api_path = "/api/v2/" + quote(path.lstrip("/"), safe="/")
    query = {key: value for key, value in (params or {}).items() if value is not None}
    if url_mode == "rewrite":
        return base + api_path, query
    if url_mode == "pathinfo":
        return base + "/index.php" + api_path, query
    return base + "/index.php", {"rp": api_path, **query}


class Transport:
    """A process-wide, thread-safe connection pool to one WHMCS installation."""

    def __init__(
        self,
        config: TransportConfig,
        *,
        sleep: Callable[[float], None] = time.sleep,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self.config = config
        self._sleep = sleep
        self._jitter = jitter
        self._client = self._build_client(config)
        self.breaker = CircuitBreaker(
            min_calls=config.breaker_min_calls,
            failure_ratio=config.breaker_failure_ratio,
            reset_after=config.breaker_reset_after,
        )

    @staticmethod
    def _build_client(config: TransportConfig) -> httpx.Client:
        timeout = httpx.Timeout(
            config.read_timeout, connect=config.connect_timeout, pool=config.connect_timeout
        )
        transport = httpx.WSGITransport(app=config.wsgi_app) if config.wsgi_app else None
        return httpx.Client(
            transport=transport,
            timeout=timeout,
            follow_redirects=False,
            headers={"Accept": "application/json", "User-Agent": "whmcs-storefront/1"},
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=20),
        )

    def close(self) -> None:
        self._client.close()

    # -- REST API v2 ----------------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        state: str | None = None,
        client_ip: str | None = None,
        request_id: str | None = None,
    ) -> ApiResponse:
        """Send one REST v2 request; `path` is relative to `/api/v2` (e.g. `/cart`)."""
        url, query = rest_location(self.config.base_url, self.config.url_mode, path, params)
        headers = self._headers(client_ip, request_id)
        if state:
            headers[STATE_HEADER] = state
        content = None
        if json is not None:
            headers["Content-Type"] = "application/json"
            content = jsonlib.dumps(json).encode()
        return self._send(method.upper(), url, path, query, headers, content=content)

    # -- classic api.php ------------------------------------------------------------------

    def classic(
        self,
        action: str,
        params: Mapping[str, Any] | None = None,
        *,
        client_ip: str | None = None,
        request_id: str | None = None,
    ) -> ApiResponse:
        """POST one classic API action, form-encoded, with the identifier/secret pair."""
        url = self.config.base_url.rstrip("/") + "/includes/api.php"
        form = {
            key: value
            for key, value in (params or {}).items()
            if value is not None and key not in ("identifier", "secret", "action")
        }
        form.update(
            action=action,
            identifier=self.config.api_identifier,
            secret=self.config.api_secret,
            responsetype="json",
        )
        headers = self._headers(client_ip, request_id)
        return self._send("POST", url, f"api.php:{action}", {}, headers, form=form)

    # -- shared machinery -----------------------------------------------------------------

    def _headers(self, client_ip: str | None, request_id: str | None) -> dict[str, str]:
        headers = {REQUEST_ID_HEADER: request_id or uuid.uuid4().hex}
        if client_ip and self.config.client_ip_header:
            headers[self.config.client_ip_header] = client_ip
        return headers

    def _send(
        self,
        method: str,
        url: str,
        log_path: str,
        query: Mapping[str, Any],
        headers: dict[str, str],
        *,
        content: bytes | None = None,
        form: Mapping[str, Any] | None = None,
    ) -> ApiResponse:
        request_id = headers[REQUEST_ID_HEADER]
        if not self.breaker.allow():
            self._log(method, log_path, None, 0.0, request_id, 0, "circuit open, not sent")
            raise Unavailable(
                "WHMCS has been failing; the shop is giving it a moment before trying again.",
                request_id=request_id,
            )
        try:
            response = self._attempts(method, url, log_path, query, headers, content, form)
        except BaseException:
            # Whatever ended the call, the breaker must hear of it: a half-open circuit whose
            # probe never reports back would stay closed to every call for good.
            self.breaker.record_failure()
            raise
        if response.status >= 500:
            self.breaker.record_failure()
        else:
            self.breaker.record_success()
        return response

    def _attempts(
        self,
        method: str,
        url: str,
        log_path: str,
        query: Mapping[str, Any],
        headers: dict[str, str],
        content: bytes | None,
        form: Mapping[str, Any] | None,
    ) -> ApiResponse:
        request_id = headers[REQUEST_ID_HEADER]
        attempts = 1 + (self.config.max_retries if method in SAFE_METHODS else 0)
        for attempt in range(1, attempts + 1):
            started = time.perf_counter()
            try:
                raw = self._client.request(
                    method, url, params=query, headers=headers, content=content, data=form
                )
                raw.content  # noqa: B018 - decoding happens here; its failure is the network's
            except (httpx.RequestError, OSError) as exc:
                duration = _ms_since(started)
                usage.record(duration, _size(content, form), 0)
                self._log(method, log_path, None, duration, request_id, attempt, repr(exc))
                if attempt < attempts:
                    self._backoff(attempt)
                    continue
                raise Unavailable(
                    f"Could not reach WHMCS ({type(exc).__name__}).",
                    request_id=request_id,
                    state=headers.get(STATE_HEADER) if attempt > 1 else None,
                ) from exc
            except Exception as exc:
                if self.config.wsgi_app is None:
                    raise
                # The in-process WHMCS failed inside: to the shop that is WHMCS failing.
                logger.exception("in-process WHMCS raised on %s %s", method, log_path)
                raise Unavailable(
                    f"WHMCS failed ({type(exc).__name__}).", request_id=request_id
                ) from exc
            duration = _ms_since(started)
            usage.record(duration, _size(content, form), len(raw.content))
            self._log(method, log_path, raw.status_code, duration, request_id, attempt)
            if raw.status_code >= 500 and attempt < attempts:
                # WHMCS issues a state with a failure too; the retry carries it, so the call
                # goes on from the state WHMCS left behind (and a latest-token-only test
                # server sees no older token).
                if new_state := raw.headers.get(STATE_HEADER):
                    headers[STATE_HEADER] = new_state
                self._backoff(attempt)
                continue
            return ApiResponse(
                status=raw.status_code,
                body=_parse_json(raw),
                headers=raw.headers,
                request_id=request_id,
                duration_ms=duration,
            )
        raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover

    def _backoff(self, attempt: int) -> None:
        # Full jitter: spreads the retries of many visitors hit by the same blip.
        self._sleep(self.config.backoff_base * (2 ** (attempt - 1)) * (0.5 + self._jitter()))

    @staticmethod
    def _log(
        method: str,
        path: str,
        status: int | None,
        duration_ms: float,
        request_id: str,
        attempt: int,
        failure: str = "",
    ) -> None:
        # Only the path: query values, bodies and headers may carry personal data or tokens.
        logger.info(
            "whmcs %s %s -> %s in %.1f ms (request %s, attempt %d)%s",
            method,
            path,
            status if status is not None else "no answer",
            duration_ms,
            request_id,
            attempt,
            f": {failure}" if failure else "",
            extra={
                "whmcs_method": method,
                "whmcs_path": path,
                "whmcs_status": status,
                "whmcs_duration_ms": round(duration_ms, 1),
                "request_id": request_id,
            },
        )


def _size(content: bytes | None, form: Mapping[str, Any] | None) -> int:
    if content is not None:
        return len(content)
    return sum(len(str(key)) + len(str(value)) + 2 for key, value in (form or {}).items())


def _ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _parse_json(response: httpx.Response) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return None

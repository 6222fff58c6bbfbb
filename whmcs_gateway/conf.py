"""Process-wide gateway objects built from Django settings.

One Transport (one connection pool) per process; with no WHMCS_URL it talks in-process to
the embedded sandbox, the same instance the WSGI entry point mounts for browsers.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import caches

from .catalog_cache import CachedReads
from .state import VisitorStateStore
from .transport import Transport, TransportConfig

# The host part is never resolved: the in-process transport hands requests straight to the
# sandbox's WSGI app.
EMBEDDED_SANDBOX_ORIGIN = "http://sandbox.internal"


def is_embedded() -> bool:
    return not settings.WHMCS_URL


@cache
def sandbox_app() -> Any:
    """The embedded sandbox's WSGI app, or None when this build has none."""
    try:
        from .sandbox import SandboxConfig, create_app
    except ImportError:
        return None
    # Relative URLs: the browser follows the checkout hand-off to the sandbox mounted on the
    # shop's own origin, and the sandbox's "back to the shop" link returns to it. SANDBOX_*
    # variables apply (SANDBOX_CONTROL_TOKEN for a test harness, the ban settings...).
    app = create_app(
        SandboxConfig.from_env().with_changes(
            prefix=settings.WHMCS_SANDBOX_PREFIX,
            system_url=settings.WHMCS_SANDBOX_PREFIX,
            shop_return_url="/",
        )
    )
    if settings.DEBUG and "SANDBOX_CONTROL_TOKEN" not in os.environ:
        # For the developer at the terminal only; in a demo deployment the endpoints stay
        # closed unless SANDBOX_CONTROL_TOKEN is given.
        print(
            f"Embedded WHMCS sandbox: control endpoints under {settings.WHMCS_SANDBOX_PREFIX}"
            f"__sandbox__/ take the header X-Sandbox-Control-Token: {app.config.control_token}",
            file=sys.stderr,
        )
    return app


def browser_url(url: str) -> str | None:
    """A URL WHMCS gave us for the browser (checkout hand-off), if it really leads to WHMCS.

    Embedded: a path under the sandbox's mount. Real: an address on WHMCS_URL's origin. A
    compromised or misconfigured answer must never turn the shop into an open redirect.
    """
    if is_embedded():
        prefix = settings.WHMCS_SANDBOX_PREFIX
        if url.startswith(EMBEDDED_SANDBOX_ORIGIN + prefix):
            url = url[len(EMBEDDED_SANDBOX_ORIGIN) :]
        return url if url.startswith(prefix) and "//" not in url else None
    origin = urlsplit(settings.WHMCS_URL)
    target = urlsplit(url)
    same_origin = (target.scheme, target.netloc) == (origin.scheme, origin.netloc)
    return url if same_origin else None


def transport_config() -> TransportConfig:
    common = {
        "connect_timeout": settings.WHMCS_CONNECT_TIMEOUT,
        "read_timeout": settings.WHMCS_READ_TIMEOUT,
        "client_ip_header": settings.WHMCS_CLIENT_IP_HEADER,
    }
    if not is_embedded():
        return TransportConfig(
            base_url=settings.WHMCS_URL,
            url_mode=settings.WHMCS_URL_MODE,
            api_identifier=settings.WHMCS_API_IDENTIFIER,
            api_secret=settings.WHMCS_API_SECRET,
            **common,
        )
    app = sandbox_app()
    sandbox_config = getattr(app, "config", None)
    return TransportConfig(
        base_url=EMBEDDED_SANDBOX_ORIGIN + settings.WHMCS_SANDBOX_PREFIX.rstrip("/"),
        url_mode="rewrite",
        api_identifier=getattr(sandbox_config, "classic_api_identifier", ""),
        api_secret=getattr(sandbox_config, "classic_api_secret", ""),
        wsgi_app=app,
        **common,
    )


@cache
def transport() -> Transport:
    return Transport(transport_config())


@cache
def state_store() -> VisitorStateStore:
    config = transport_config()
    # Longer than the slowest call can take: every attempt at its full timeouts, plus backoff.
    slowest_call = (config.connect_timeout + config.read_timeout) * (1 + config.max_retries)
    return VisitorStateStore(caches["default"], lock_ttl=max(45.0, slowest_call + 15))


@cache
def cached_reads() -> CachedReads:
    return CachedReads(caches["default"], local_seconds=settings.CATALOG_LOCAL_SECONDS)


def reset() -> None:
    """Forget the process-wide objects (tests that change settings)."""
    for factory in (sandbox_app, transport, state_store, cached_reads):
        factory.cache_clear()

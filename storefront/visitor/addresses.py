"""The visitor's network address: the one helper for the login throttles, the audit log and
the client-IP header sent to WHMCS.

Without a proxy it is the connection's peer (`REMOTE_ADDR`). Behind a proxy the peer is the
proxy, and the visitor's address is in `X-Forwarded-For`, which anyone can send: it is read
only when the peer is a proxy the settings trust, and only the hops those proxies appended.

- `TRUSTED_PROXIES` (addresses or networks): a peer in them is a proxy; walking
  `X-Forwarded-For` from the right, every hop in them is skipped, and the first other one is
  the visitor.
- `BEHIND_TLS_PROXY` alone: the peer is the one proxy, and the last hop it appended is the
  visitor. Anything further left was sent by the visitor and means nothing.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(configured: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(one, strict=False) for one in configured)


def trusted_proxies() -> tuple[Network, ...]:
    return _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))


def parse_address(value: str) -> Address | None:
    """An address as proxies write it: bare, `[v6]:port` or `v4:port`; None if unreadable."""
    value = value.strip()
    if value.startswith("[") and "]" in value:
        value = value[1 : value.index("]")]
    elif value.count(":") == 1 and "." in value:
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The visitor's address as text ("" when the server gave none)."""
    peer = parse_address(request.META.get("REMOTE_ADDR", ""))
    if peer is None:
        return ""
    proxies = trusted_proxies()
    one_proxy = not proxies and settings.BEHIND_TLS_PROXY
    if not one_proxy and not any(peer in network for network in proxies):
        return str(peer)
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = parse_address(hop)
        if address is None:
            break  # a hop no proxy of ours wrote: nothing to its left can be believed
        if one_proxy or not any(address in network for network in proxies):
            return str(address)
    return str(peer)

"""What the cross-cutting pages need from WHMCS."""

from __future__ import annotations

from dataclasses import dataclass

from whmcs_gateway import conf
from whmcs_gateway.errors import WhmcsError
from whmcs_gateway.visitor import stateless_call


@dataclass(frozen=True)
class ConnectionReport:
    """Whether the configured WHMCS answers, for the home page and `check_whmcs`."""

    reachable: bool
    embedded: bool
    server_time: str = ""
    timezone: str = ""
    currencies: tuple[str, ...] = ()
    problem: str = ""


def whmcs_connection() -> ConnectionReport:
    embedded = conf.is_embedded()
    if embedded and conf.sandbox_app() is None:
        return ConnectionReport(
            reachable=False, embedded=True, problem="The embedded WHMCS sandbox is not built yet."
        )
    try:
        response = stateless_call(conf.transport())("GET", "/status")
    except WhmcsError as error:
        return ConnectionReport(reachable=False, embedded=embedded, problem=error.message)
    data = (response.body or {}).get("data") or {}
    return ConnectionReport(
        reachable=True,
        embedded=embedded,
        server_time=str(data.get("server_time", "")),
        timezone=str(data.get("timezone", "")),
        currencies=tuple(str(c.get("code", "")) for c in data.get("currencies") or []),
    )

"""What the cross-cutting pages and commands need from WHMCS."""

from __future__ import annotations

from dataclasses import dataclass

from storefront.visitor import clients
from whmcs_gateway import conf
from whmcs_gateway.errors import WhmcsError


@dataclass(frozen=True)
class ConnectionReport:
    """Whether the configured WHMCS answers, for the status page and `check_whmcs`."""

    embedded: bool
    url: str
    url_mode: str
    rest_ok: bool = False
    classic_ok: bool = False
    server_time: str = ""
    timezone: str = ""
    currencies: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()

    @property
    def reachable(self) -> bool:
        return self.rest_ok

    @property
    def problem(self) -> str:
        return " ".join(self.problems)


def whmcs_connection() -> ConnectionReport:
    embedded = conf.is_embedded()
    config = conf.transport_config() if not embedded or conf.sandbox_app() else None
    if config is None:
        return ConnectionReport(
            embedded=True,
            url="",
            url_mode="",
            problems=("The embedded WHMCS sandbox is not part of this build.",),
        )
    problems: list[str] = []
    report: dict = {}
    try:
        status = clients.stateless_rest().status.get()
        report = {
            "rest_ok": True,
            "server_time": status.server_time.isoformat(),
            "timezone": status.timezone,
            "currencies": tuple(c.code or "?" for c in status.currencies),
        }
    except WhmcsError as error:
        problems.append(f"REST API v2: {error.message}")
    try:
        clients.classic_api().get_order_statuses()
        report["classic_ok"] = True
    except WhmcsError as error:
        problems.append(f"Classic API (includes/api.php): {error.message}")
    return ConnectionReport(
        embedded=embedded,
        url=config.base_url,
        url_mode=config.url_mode,
        problems=tuple(problems),
        **report,
    )

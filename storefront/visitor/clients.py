"""The only place that builds WHMCS clients for the shop.

Every client carries the same things WHMCS needs to see (the visitor's address, the request
id, the currency asked for), so a new header is one edit here. Tests and the pattern library
pass their own transport (a private sandbox); everything else uses the process-wide one.
"""

from __future__ import annotations

from collections.abc import Callable

from whmcs_gateway import conf
from whmcs_gateway.catalog import Catalog, with_currency
from whmcs_gateway.catalog_cache import CachedReads
from whmcs_gateway.classic import ClassicApi
from whmcs_gateway.rest import RestApi
from whmcs_gateway.state import VisitorStateStore
from whmcs_gateway.transport import Transport
from whmcs_gateway.visitor import VisitorGateway, stateless_call


def visitor_gateway(
    visitor_id: Callable[[], str],
    *,
    address: str | None = None,
    request_id: str | None = None,
    currency: Callable[[], str | None] | None = None,
    transport: Transport | None = None,
    store: VisitorStateStore | None = None,
) -> VisitorGateway:
    """A WHMCS API session bound to one visitor id (a browser, or a staff console)."""
    return VisitorGateway(
        transport or conf.transport(),
        store or conf.state_store(),
        visitor_id,
        client_ip=address,
        request_id=request_id,
        currency=currency,
    )


def stateless_rest(
    *,
    address: str | None = None,
    request_id: str | None = None,
    currency: str | None = None,
    transport: Transport | None = None,
) -> RestApi:
    """A REST client without any visitor's X-Api-State (lookups, status), in `currency`."""
    call = stateless_call(transport or conf.transport(), client_ip=address, request_id=request_id)
    return RestApi(with_currency(call, currency) if currency else call)


def catalog(
    currency: str | None = None,
    *,
    reads: CachedReads | None = None,
    transport: Transport | None = None,
) -> Catalog:
    """The cached catalog (the same for every visitor of a currency)."""
    return Catalog(reads or conf.cached_reads(), transport or conf.transport(), currency)


def classic_api(transport: Transport | None = None) -> ClassicApi:
    """The classic `includes/api.php` client (staff actions, products, orders)."""
    return ClassicApi(transport or conf.transport())

"""One visitor's WHMCS API session: what views reach as `request.whmcs`.

Every call goes through `call()`: take the visitor's lock, send the latest X-Api-State, store
the new one WHMCS returns (on error answers too), release the lock, and only then turn an
error status into a typed error. `rest` is the typed REST v2 client bound to this visitor.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .errors import Unauthorized, Unavailable, error_for
from .state import VisitorStateStore
from .transport import ApiResponse, Transport

if TYPE_CHECKING:
    from .rest import RestApi

logger = logging.getLogger("whmcs_gateway.visitor")

# Calls that check credentials: never sent twice, a second failure would count twice
# towards WHMCS banning the shop's IP.
CREDENTIAL_PATHS = frozenset(
    {"/user/session", "/user/session/verify", "/admin/session", "/admin/session/verify"}
)


class VisitorGateway:
    """The gateway bound to one visitor (a browser session, or a staff console)."""

    def __init__(
        self,
        transport: Transport,
        store: VisitorStateStore,
        visitor_id: Callable[[], str],
        *,
        client_ip: str | None = None,
        request_id: str | None = None,
        currency: Callable[[], str | None] | None = None,
    ) -> None:
        self.transport = transport
        self.store = store
        self._currency = currency
        # A callable, so that a visitor who only browses the cached catalog never needs an id
        # (and so never gets a session cookie).
        self._visitor_id = visitor_id
        self.client_ip = client_ip
        self.request_id = request_id

    @cached_property
    def visitor_id(self) -> str:
        return self._visitor_id()

    @property
    def currency(self) -> str | None:
        """The currency the visitor chose (new guest carts are made in it), if any."""
        return self._currency() if self._currency else None

    @cached_property
    def stateless_rest(self) -> RestApi:
        """The REST client without this visitor's state: carts it makes belong to no user."""
        from .rest import RestApi

        return RestApi(
            stateless_call(self.transport, client_ip=self.client_ip, request_id=self.request_id)
        )

    @cached_property
    def rest(self) -> RestApi:
        from .rest import RestApi

        return RestApi(self.call)

    def call(
        self, method: str, path: str, *, params: dict[str, Any] | None = None, json: Any = None
    ) -> ApiResponse:
        """Send one REST v2 request as this visitor; raise the typed error of a failure."""
        response = self._send(method, path, params, json)
        if response.status == 401 and response.state and path not in CREDENTIAL_PATHS:
            # Refused with a newer state in hand: typically our last call timed out after
            # WHMCS had already rotated the token, so this one went out with the old one.
            # A refused request was not carried out, so sending it again is safe.
            response = self._send(method, path, params, json)
        error = error_for(response.status, response.body, response.request_id)
        if error is not None:
            if isinstance(error, Unauthorized):
                logger.info("WHMCS refused the visitor's state: %s", error.message)
            raise error
        return response

    def _send(
        self, method: str, path: str, params: dict[str, Any] | None, json: Any
    ) -> ApiResponse:
        with self.store.locked(self.visitor_id) as stored:
            try:
                response = self.transport.request(
                    method,
                    path,
                    params=params,
                    json=json,
                    state=stored.token,
                    client_ip=self.client_ip,
                    request_id=self.request_id,
                )
            except Unavailable as failure:
                if failure.state:
                    self.store.store_token(self.visitor_id, failure.state, read=stored)
                raise
            if response.state:
                self.store.store_token(self.visitor_id, response.state, read=stored)
            elif response.status == 401 and stored.token:
                # WHMCS no longer accepts this state (expired, or logged out elsewhere): the
                # next call starts a fresh one instead of failing forever.
                self.store.store_token(self.visitor_id, None, read=stored)
        return response

    # -- the visitor's cart ----------------------------------------------------------------

    @property
    def cart_id(self) -> str | None:
        return self.store.cart_id(self.visitor_id)

    @cart_id.setter
    def cart_id(self, value: str | None) -> None:
        self.store.set_cart_id(self.visitor_id, value)

    def forget(self) -> None:
        self.store.forget(self.visitor_id)


def stateless_call(
    transport: Transport, *, client_ip: str | None = None, request_id: str | None = None
) -> Callable[..., ApiResponse]:
    """A `call` for requests that need no visitor state (the shared catalog)."""

    def call(
        method: str, path: str, *, params: dict[str, Any] | None = None, json: Any = None
    ) -> ApiResponse:
        response = transport.request(
            method, path, params=params, json=json, client_ip=client_ip, request_id=request_id
        )
        error = error_for(response.status, response.body, response.request_id)
        if error is not None:
            raise error
        return response

    return call

"""One visitor's WHMCS API session: what views reach as `request.whmcs`.

Every call goes through `call()`: take the visitor's lock, send the latest X-Api-State, store
the new one WHMCS returns (on error answers too), release the lock, and only then turn an
error status into a typed error. `rest` is the typed REST v2 client bound to this visitor.

WHMCS accepts any valid, unexpired X-Api-State and acts on the state that token carries, so
nothing upstream stops a race: two calls of one visitor sent with one token, and the answer
stored last, made from the older state, silently logs the customer out or puts them back on
the other client. The lock (and the store's sequence fence) is what keeps every call of a
visitor on the latest state.
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
        # A 401 is never sent again: WHMCS accepts any valid, unexpired X-Api-State, so a 401
        # means the state itself is not allowed to do this (no login, expired), and the same
        # call with the state of that answer would only be refused again, or act as a guest.
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

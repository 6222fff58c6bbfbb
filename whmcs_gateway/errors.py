"""Typed errors for every way a WHMCS call can fail.

Views catch these by kind, not by status code: `Unavailable` is temporary and retry-able,
`Unauthorized` means the visitor's WHMCS session is gone, `InvalidInput` carries WHMCS's own
words for the user, and so on. Every error keeps the status, WHMCS's message, the parsed body
and the request id we sent, so a log line or a support ticket can be matched to WHMCS's logs.
"""

from __future__ import annotations

from typing import Any


class WhmcsError(Exception):
    """Base of every gateway error."""

    default_message = "WHMCS returned an error."

    def __init__(
        self,
        message: str | None = None,
        *,
        status: int | None = None,
        body: Any = None,
        request_id: str = "",
        state: str | None = None,
    ) -> None:
        self.message = message or self.default_message
        self.status = status
        self.body = body
        self.request_id = request_id
        # A newer X-Api-State WHMCS issued before the failure (a 5xx whose retry then failed):
        # the caller must still store it, or the visitor's next call goes out stale.
        self.state = state
        super().__init__(self.message)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status={self.status!r}, message={self.message!r}, "
            f"request_id={self.request_id!r})"
        )


class Unavailable(WhmcsError):
    """Network failure, timeout, 5xx or an open circuit: temporary, worth a retry later."""

    default_message = "WHMCS is temporarily unavailable. Please try again in a moment."


class Unauthorized(WhmcsError):
    """401: missing, expired or stale X-Api-State, or wrong credentials."""

    default_message = "Your session with the billing system has expired."


class Banned(WhmcsError):
    """403: WHMCS banned the caller's IP after too many failed logins."""

    default_message = "The billing system is refusing logins for a while."


class NotFound(WhmcsError):
    """404: no such cart, item, product, service..."""

    default_message = "Not found."


class NotImplementedByWhmcs(WhmcsError):
    """501: the installation does not offer this (e.g. no domain lookup provider)."""

    default_message = "This feature is not available."


class SecondFactorRequired(WhmcsError):
    """202 from user login or 412 from admin login: a second factor must be verified.

    `challenge` holds the SecondFactorChallenge data (its `fields` say what to ask for).
    """

    default_message = "A second authentication factor is required."

    def __init__(self, message: str | None = None, *, challenge: Any = None, **kwargs: Any):
        super().__init__(message, **kwargs)
        self.challenge = challenge or {}


class InvalidInput(WhmcsError):
    """400 or 422: WHMCS refused what we sent (bad promo code, invalid item id...)."""

    default_message = "WHMCS refused the request."


class CheckoutRejected(InvalidInput):
    """400 with per-item `validation_errors` from `POST /cart/{id}/checkout`."""

    default_message = "The cart is not ready for checkout."

    def __init__(self, message: str | None = None, *, validation_errors: Any = None, **kwargs: Any):
        super().__init__(message, **kwargs)
        self.validation_errors = validation_errors or []


class SchemaMismatch(WhmcsError):
    """WHMCS answered with a body that does not match the contract; `field` names where."""

    default_message = "WHMCS sent an unexpected answer."

    def __init__(self, message: str | None = None, *, field: str = "", **kwargs: Any):
        super().__init__(message, **kwargs)
        self.field = field


class ClassicApiError(WhmcsError):
    """The classic api.php answered `result: error`."""

    default_message = "The WHMCS API refused the request."


def _message_of(body: Any) -> str | None:
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        return body["message"]
    return None


def _data_of(body: Any) -> Any:
    return body.get("data") if isinstance(body, dict) else None


def error_for(status: int, body: Any, request_id: str = "") -> WhmcsError | None:
    """The typed error a REST v2 answer stands for, or None when it is a success."""
    common = {"status": status, "body": body, "request_id": request_id}
    message = _message_of(body)
    if status == 202 or status == 412:
        return SecondFactorRequired(message, challenge=_data_of(body), **common)
    if status < 300:
        return None
    if status == 400:
        data = _data_of(body)
        if isinstance(data, dict) and "validation_errors" in data:
            return CheckoutRejected(
                message, validation_errors=data.get("validation_errors"), **common
            )
        return InvalidInput(message, **common)
    error_class = {
        401: Unauthorized,
        403: Banned,
        404: NotFound,
        422: InvalidInput,
        501: NotImplementedByWhmcs,
    }.get(status)
    if error_class is not None:
        return error_class(message, **common)
    if status >= 500:
        return Unavailable(None, **common)
    return WhmcsError(message, **common)

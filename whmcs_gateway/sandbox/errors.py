"""Errors a handler raises; the app turns each into a WHMCS-shaped JSON response.

A handler never builds an error response by hand: it raises, e.g. ``raise NotFound("Product not
found")``, and the client sees ``404 {"message": "Product not found"}``.
"""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    status = 500
    default_message = "Internal error"

    def __init__(self, message: str | None = None, *, body: Any = None) -> None:
        self.message = message or self.default_message
        # Some WHMCS errors are not {"message"} (a 412 second-factor challenge, checkout's
        # 400 validation_errors); those pass their own body.
        self.body = body if body is not None else {"message": self.message}
        super().__init__(self.message)


class BadRequest(ApiError):
    status = 400
    default_message = "Bad request"


class Unauthorized(ApiError):
    status = 401
    default_message = "Access not authorized"


class Forbidden(ApiError):
    status = 403
    default_message = "Forbidden"


class NotFound(ApiError):
    status = 404
    default_message = "Not Found"


class PreconditionFailed(ApiError):
    status = 412
    default_message = "Precondition failed"


class Unprocessable(ApiError):
    status = 422
    default_message = "Invalid input"


class NotImplementedByProvider(ApiError):
    status = 501
    default_message = "Functionality not implemented"


class ServiceUnavailable(ApiError):
    status = 503
    default_message = "Service unavailable"


class ConnectionDropped(ConnectionResetError):
    """Raised to simulate a dropped connection (fault injection, "refuse" mode).

    The standalone server closes the socket without an answer; an in-process WSGI client sees
    this exception, the same way it would see a connection reset.
    """

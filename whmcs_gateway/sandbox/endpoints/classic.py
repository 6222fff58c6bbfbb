"""The classic API: {prefix}/includes/api.php, ``action=<Name>``, as WHMCS answers it.

Parameters are PHP's ``$_REQUEST``: the query string and a form-encoded or multipart body
together (php_input.py), so ``?action=GetOrders`` with the credentials in the body works, and
so does a GET. Answers are HTTP 200, ``{"result": "success", ...}`` or ``{"result": "error",
"message"}``, in the ``responsetype`` asked for: json (the default), xml or nvp.

Credentials, as WHMCS checks them: an API ``identifier`` + ``secret``; or ``username`` +
``password``, being that same pair or an admin's username with the MD5 hash of the admin's
password (WHMCS refuses a plain password).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Callable
from typing import Any

from ..classic_formats import FormatRefused, chosen_format, render
from ..errors import ApiError
from ..passwords import verify_password
from ..php_input import InputTooLarge, request_params
from ..request import Request
from ..responses import Response
from ..routing import route
from .classic_catalog import add_product, get_products, get_promotions
from .classic_common import ClassicError, text
from .classic_orders import (
    LIFECYCLE,
    add_order,
    get_order_statuses,
    get_orders,
    order_fraud_check,
)

Action = Callable[[Request, dict[str, Any]], dict[str, Any]]

# -- users ------------------------------------------------------------------------------------


def validate_login(request: Request, form: dict[str, Any]) -> dict[str, Any]:
    """ValidateLogin: `email` + `password2`, checked for the API caller.

    WHMCS's IP ban counts failed logins to the client area, the admin area and the REST
    API's sessions. ValidateLogin is none of these: an API call made with the API credential
    from an allowed address, answered "Email or Password Invalid" when wrong. So a wrong
    password here records nothing against the caller's address.
    """
    email, password = form.get("email"), form.get("password2")
    user = request.world.accounts.user_by_email(email) if isinstance(email, str) else None
    if user is None or not isinstance(password, str) or not password:
        raise ClassicError("Email or Password Invalid")
    if not verify_password(password, user.password_hash):
        raise ClassicError("Email or Password Invalid")
    answer: dict[str, Any] = {"userid": user.id, "twoFactorEnabled": bool(user.totp_secret)}
    if not user.totp_secret:
        answer["passwordhash"] = secrets.token_hex(32)
    return answer


ACTIONS: dict[str, Action] = {
    "getproducts": get_products,
    "addproduct": add_product,
    "addorder": add_order,
    "getorders": get_orders,
    "getorderstatuses": get_order_statuses,
    "getpromotions": get_promotions,
    "orderfraudcheck": order_fraud_check,
    **LIFECYCLE,
    "validatelogin": validate_login,
}
_MD5 = re.compile(r"^[0-9a-f]{32}$")
# The admin the sandbox's API credential belongs to (WHMCS ties each credential to one).
CREDENTIAL_ADMIN_ID = 1


def md5_hex(value: str) -> str:
    # WHMCS's documented admin API password form; a format, not a protection.
    return hashlib.md5(value.encode(), usedforsecurity=False).hexdigest()


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


def authenticate(request: Request, params: dict[str, Any]) -> int:
    """The id of the admin the credentials belong to; ClassicError with WHMCS's message."""
    config = request.config
    identifier = text(params.get("identifier"))
    if identifier:
        if not _same(identifier, config.classic_api_identifier):
            raise ClassicError("Invalid or missing credentials")
        if not _same(text(params.get("secret")), config.classic_api_secret):
            raise ClassicError("Authentication Failed")
        return CREDENTIAL_ADMIN_ID
    username, password = text(params.get("username")), text(params.get("password"))
    if username and _same(username, config.classic_api_identifier):
        secret = config.classic_api_secret
        if _same(password, secret) or _same(password.lower(), md5_hex(secret)):
            return CREDENTIAL_ADMIN_ID
    admin = request.world.accounts.admin_by_username(username) if username else None
    if admin is None:
        raise ClassicError("Authentication Failed")
    if not _MD5.match(password.lower()):
        raise ClassicError("Invalid password provided")
    if not admin.api_password_md5 or not _same(password.lower(), admin.api_password_md5):
        raise ClassicError("Authentication Failed")
    return admin.id


def _answer(request: Request, params: dict[str, Any], action_name: str) -> dict[str, Any]:
    request.params["admin_id"] = authenticate(request, params)
    action = ACTIONS.get(action_name.lower())
    if action is None:
        raise ClassicError("Command Not Found")
    return {"result": "success", **action(request, params)}


def classic_api(request: Request) -> Response:
    query = str(request.environ.get("QUERY_STRING") or "")
    try:
        params = request_params(query, request.raw_body, request.header("content-type"))
    except InputTooLarge as error:
        return render({"result": "error", "message": str(error)}, "json", "")
    params.pop("rp", None)  # the basic URL mode's route, not a parameter
    action_name = text(params.get("action"))
    try:
        response_format = chosen_format(params.get("responsetype"), action_name)
    except FormatRefused as error:
        # WHMCS answers a refused format as plain name=value pairs.
        return render({"result": "error", "message": str(error)}, "nvp", action_name)
    try:
        body = _answer(request, params, action_name)
    except ClassicError as error:
        body = {"result": "error", "message": str(error)}
    except ApiError as error:
        body = {"result": "error", "message": error.message}
    return render(body, response_format, action_name)


# WHMCS answers api.php whatever the method: a GET (or any other) gets its error shape too.
for _method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
    route(_method, "/includes/api.php", kind="root")(classic_api)

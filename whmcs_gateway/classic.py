"""The classic WHMCS API (`includes/api.php`): products, the Orders actions, ValidateLogin.

    classic = ClassicApi(transport)
    classic.get_products(gid=1).items          -> [{"pid": 1, "name": ..., "pricing": ...}]
    classic.add_product("Starter", gid=1, pricing={1: {"monthly": "4.99"}})   -> new pid
    classic.accept_order(42, autosetup=True)   -> WHMCS's answer as a dict

Server to server only: the transport adds `identifier`/`secret` and `responsetype=json`.
Arguments carry WHMCS's documented parameter names (`gid`, `paytype`, `isFeatured`...);
lists and mappings are encoded the way PHP's `http_build_query` does (`pid[0]=1`,
`pricing[1][monthly]=4.99`), booleans as 1/0. Answers keep WHMCS's field names.

Failures: `result: error` (often with HTTP 200) raises ClassicApiError with WHMCS's message;
a network failure or 5xx raises Unavailable; a body that is not a JSON object with a `result`
raises SchemaMismatch.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from .errors import ClassicApiError, SchemaMismatch, Unavailable
from .transport import ApiResponse, Transport

Scalar = str | int | bool | Decimal | float


def php_form(params: Mapping[str, Any]) -> dict[str, str]:
    """Flatten parameters into form fields the way PHP's `http_build_query` names them.

    None is left out; True/False become "1"/"0"; sequences become `name[0]`, `name[1]`...;
    mappings become `name[key]`, nested as deep as they go.
    """
    form: dict[str, str] = {}
    for name, value in params.items():
        _flatten(form, name, value)
    return form


def _flatten(form: dict[str, str], name: str, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            _flatten(form, f"{name}[{key}]", item)
    elif isinstance(value, Sequence) and not isinstance(value, str | bytes):
        for index, item in enumerate(value):
            _flatten(form, f"{name}[{index}]", item)
    elif isinstance(value, bool):
        form[name] = "1" if value else "0"
    else:
        form[name] = str(value)


@dataclass(frozen=True)
class ClassicList:
    """A list answer: WHMCS's counters and the records under e.g. `products.product`."""

    totalresults: int
    startnumber: int
    numreturned: int
    items: list[dict[str, Any]]
    raw: dict[str, Any]


@dataclass(frozen=True)
class AddOrderResult:
    """What AddOrder created. WHMCS sends the id lists as comma-separated strings."""

    orderid: int
    invoiceid: int | None
    serviceids: list[int]
    addonids: list[int]
    domainids: list[int]
    raw: dict[str, Any]


@dataclass(frozen=True)
class ValidatedLogin:
    """ValidateLogin's answer for a right email and password."""

    userid: int
    two_factor: bool


# WHMCS's answer to ValidateLogin for an unknown email or a wrong password.
WRONG_LOGIN = "Email or Password Invalid"


class ClassicApi:
    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    # -- users --------------------------------------------------------------------------

    def validate_login(self, email: str, password: str) -> ValidatedLogin | None:
        """ValidateLogin: whether `password` is the user's, checked server to server.

        None for an unknown email or a wrong password. Other refusals (bad API credentials,
        an address not allowed) raise ClassicApiError. The password is sent as `password2`,
        WHMCS's name for it (`password` is the API credential); the transport logs no form.
        """
        try:
            body = self._action("ValidateLogin", {"email": email, "password2": password})
        except ClassicApiError as error:
            if WRONG_LOGIN.lower() in (error.message or "").lower():
                return None
            raise
        two_factor = body.get("twoFactorEnabled")
        return ValidatedLogin(
            userid=_int_or_none(body.get("userid")) or 0,
            two_factor=two_factor is True or str(two_factor).lower() in ("1", "true"),
        )

    # -- products -----------------------------------------------------------------------

    def get_products(
        self,
        *,
        pid: int | Sequence[int] | None = None,
        gid: int | None = None,
        module: str | None = None,
    ) -> ClassicList:
        """GetProducts. `pid` may be several ids (sent comma separated, as documented)."""
        if pid is not None and not isinstance(pid, int):
            pid = ",".join(str(one) for one in pid)
        body = self._action("GetProducts", {"pid": pid, "gid": gid, "module": module})
        return _list_of(body, "products", "product")

    def add_product(
        self,
        name: str,
        gid: int,
        *,
        slug: str | None = None,
        type: Literal["hostingaccount", "reselleraccount", "server", "other"] | None = None,
        stockcontrol: bool | None = None,
        qty: int | None = None,
        paytype: Literal["free", "onetime", "recurring"] | None = None,
        hidden: bool | None = None,
        showdomainoptions: bool | None = None,
        tax: bool | None = None,
        isFeatured: bool | None = None,
        proratabilling: bool | None = None,
        description: str | None = None,
        shortdescription: str | None = None,
        tagline: str | None = None,
        color: str | None = None,
        welcomeemail: int | None = None,
        proratadate: int | None = None,
        proratachargenextmonth: int | None = None,
        subdomain: str | None = None,
        autosetup: Literal["", "on", "payment", "order"] | None = None,
        module: str | None = None,
        servergroupid: int | None = None,
        configoption1: Scalar | None = None,
        configoption2: Scalar | None = None,
        configoption3: Scalar | None = None,
        configoption4: Scalar | None = None,
        configoption5: Scalar | None = None,
        configoption6: Scalar | None = None,
        order: int | None = None,
        pricing: Mapping[int, Mapping[str, Scalar]] | None = None,
        recommendations: Sequence[Mapping[str, int]] | None = None,
        ondemandrenewalconfigurationoverride: bool | None = None,
        ondemandrenewalsenabled: bool | None = None,
        ondemandrenewalperiodmonthly: int | None = None,
        ondemandrenewalperiodquarterly: int | None = None,
        ondemandrenewalperiodsemiannually: int | None = None,
        ondemandrenewalperiodannually: int | None = None,
        ondemandrenewalperiodbiennially: int | None = None,
        ondemandrenewalperiodtriennially: int | None = None,
    ) -> int | None:
        """AddProduct; returns the new product's `pid`.

        `pricing` is `{currency id: {"monthly": "4.99", "msetupfee": "0.00", ...}}` and
        `recommendations` is `[{"id": product id, "order": 0}, ...]`, as documented.
        """
        # The arguments are named exactly like WHMCS's parameters: send them as they are.
        params = dict(locals())
        del params["self"]
        body = self._action("AddProduct", params)
        return _int_or_none(body.get("pid"))

    # -- orders -------------------------------------------------------------------------

    def accept_order(
        self,
        orderid: int,
        *,
        serverid: int | None = None,
        serviceusername: str | None = None,
        servicepassword: str | None = None,
        registrar: str | None = None,
        sendregistrar: bool | None = None,
        autosetup: bool | None = None,
        sendemail: bool | None = None,
    ) -> dict[str, Any]:
        """AcceptOrder: accept a pending order."""
        params = dict(locals())
        del params["self"]
        return self._action("AcceptOrder", params)

    def add_order(
        self,
        clientid: int,
        paymentmethod: str,
        *,
        pid: Sequence[int] | None = None,
        domain: Sequence[str] | None = None,
        billingcycle: Sequence[str] | None = None,
        domaintype: Sequence[Literal["register", "transfer"]] | None = None,
        regperiod: Sequence[int] | None = None,
        eppcode: Sequence[str] | None = None,
        nameserver1: str | None = None,
        nameserver2: str | None = None,
        nameserver3: str | None = None,
        nameserver4: str | None = None,
        nameserver5: str | None = None,
        customfields: Sequence[str] | None = None,
        configoptions: Sequence[str] | None = None,
        priceoverride: Sequence[Scalar] | None = None,
        promocode: str | None = None,
        promooverride: bool | None = None,
        affid: int | None = None,
        noinvoice: bool | None = None,
        noinvoiceemail: bool | None = None,
        noemail: bool | None = None,
        addons: Sequence[str] | None = None,
        hostname: Sequence[str] | None = None,
        ns1prefix: Sequence[str] | None = None,
        ns2prefix: Sequence[str] | None = None,
        rootpw: Sequence[str] | None = None,
        contactid: int | None = None,
        dnsmanagement: Sequence[bool] | None = None,
        domainfields: Sequence[str] | None = None,
        emailforwarding: Sequence[bool] | None = None,
        idprotection: Sequence[bool] | None = None,
        domainpriceoverride: Sequence[Scalar] | None = None,
        domainrenewoverride: Sequence[Scalar] | None = None,
        domainrenewals: Mapping[str, int] | None = None,
        clientip: str | None = None,
        addonid: int | None = None,
        serviceid: int | None = None,
        addonids: Sequence[int] | None = None,
        serviceids: Sequence[int] | None = None,
    ) -> AddOrderResult:
        """AddOrder. Per-product lists (`pid`, `domain`, `billingcycle`...) line up by index.

        `customfields`, `configoptions` and `domainfields` are, as WHMCS documents, base64 of
        PHP-serialized arrays, one per product or domain; `addons` holds one comma-separated
        list of addon ids per product.
        """
        params = dict(locals())
        del params["self"]
        body = self._action("AddOrder", params)
        orderid = _int_or_none(body.get("orderid"))
        if orderid is None:
            raise SchemaMismatch(
                "AddOrder answered without an order id.", field="orderid", body=body
            )
        return AddOrderResult(
            orderid=orderid,
            invoiceid=_int_or_none(body.get("invoiceid")),
            serviceids=_id_list(body.get("serviceids"), "serviceids"),
            addonids=_id_list(body.get("addonids"), "addonids"),
            domainids=_id_list(body.get("domainids"), "domainids"),
            raw=body,
        )

    def cancel_order(
        self, orderid: int, *, cancelsub: bool | None = None, noemail: bool | None = None
    ) -> dict[str, Any]:
        """CancelOrder: cancel a pending order."""
        return self._action(
            "CancelOrder", {"orderid": orderid, "cancelsub": cancelsub, "noemail": noemail}
        )

    def delete_order(self, orderid: int) -> dict[str, Any]:
        """DeleteOrder: remove an order and everything it created. Cannot be undone."""
        return self._action("DeleteOrder", {"orderid": orderid})

    def fraud_order(self, orderid: int, *, cancelsub: bool | None = None) -> dict[str, Any]:
        """FraudOrder: mark an order as fraudulent."""
        return self._action("FraudOrder", {"orderid": orderid, "cancelsub": cancelsub})

    def get_orders(
        self,
        *,
        limitstart: int | None = None,
        limitnum: int | None = None,
        id: int | None = None,
        userid: int | None = None,
        status: str | None = None,
    ) -> ClassicList:
        """GetOrders (WHMCS's defaults: limitstart 0, limitnum 25)."""
        params = {
            "limitstart": limitstart,
            "limitnum": limitnum,
            "id": id,
            "userid": userid,
            "status": status,
        }
        return _list_of(self._action("GetOrders", params), "orders", "order")

    def get_order_statuses(self) -> ClassicList:
        """GetOrderStatuses: each status's `title` and `count`."""
        return _list_of(self._action("GetOrderStatuses", {}), "statuses", "status")

    def get_promotions(self, *, code: str | None = None) -> ClassicList:
        """GetPromotions: every promotion, or the one with `code`."""
        return _list_of(self._action("GetPromotions", {"code": code}), "promotions", "promotion")

    def order_fraud_check(self, orderid: int, *, ipaddress: str | None = None) -> dict[str, Any]:
        """OrderFraudCheck: run the fraud module on an order."""
        return self._action("OrderFraudCheck", {"orderid": orderid, "ipaddress": ipaddress})

    def pending_order(self, orderid: int) -> dict[str, Any]:
        """PendingOrder: set an order and its items back to Pending."""
        return self._action("PendingOrder", {"orderid": orderid})

    # -- one call -----------------------------------------------------------------------

    def _action(self, action: str, params: Mapping[str, Any]) -> dict[str, Any]:
        response = self._transport.classic(action, php_form(params))
        return _successful_body(action, response)


def _successful_body(action: str, response: ApiResponse) -> dict[str, Any]:
    common = {"status": response.status, "body": response.body, "request_id": response.request_id}
    body = response.body
    if isinstance(body, dict) and body.get("result") == "error":
        message = body.get("message")
        raise ClassicApiError(
            f"{action}: {message}" if isinstance(message, str) else None, **common
        )
    if response.status >= 500:
        raise Unavailable(None, **common)
    if not isinstance(body, dict):
        raise SchemaMismatch(f"{action} did not answer with a JSON object.", field="", **common)
    if body.get("result") != "success" or response.status >= 400:
        raise SchemaMismatch(f"{action} answered without result=success.", field="result", **common)
    return body


def _list_of(body: dict[str, Any], outer: str, inner: str) -> ClassicList:
    """WHMCS's `{"products": {"product": [...]}}`, which is `""` or absent when empty."""
    wrapper = body.get(outer)
    items = wrapper.get(inner, []) if isinstance(wrapper, dict) else []
    if isinstance(items, dict):  # one record sometimes arrives unwrapped
        items = [items]
    return ClassicList(
        totalresults=_int_or_none(body.get("totalresults")) or len(items),
        startnumber=_int_or_none(body.get("startnumber")) or 0,
        numreturned=_int_or_none(body.get("numreturned")) or len(items),
        items=list(items),
        raw=body,
    )


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return None


def _id_list(value: Any, field: str = "ids") -> list[int]:
    """WHMCS's id lists: a JSON list, one number, or "1,2,3"; anything else is a mismatch."""
    if isinstance(value, list):
        parts: list[Any] = value
    elif isinstance(value, int) and not isinstance(value, bool):
        parts = [value]
    else:
        parts = [part for part in str(value or "").split(",") if part.strip()]
    ids = [_int_or_none(part) if not isinstance(part, float) else None for part in parts]
    if any(one is None for one in ids):
        raise SchemaMismatch(f"WHMCS sent an unreadable id list in {field}.", field=field)
    return [one for one in ids if one is not None]

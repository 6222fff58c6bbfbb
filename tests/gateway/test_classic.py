"""The classic api.php client through the real transport, with WHMCS mocked by respx."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
import respx

from whmcs_gateway import errors
from whmcs_gateway.classic import ClassicApi, php_form
from whmcs_gateway.transport import Transport, TransportConfig

API_PHP = "https://whmcs.test/includes/api.php"
IDENTIFIER = "api-identifier-123"
SECRET = "api-secret-do-not-log"


@pytest.fixture
def transport() -> Iterator[Transport]:
    config = TransportConfig(
        base_url="https://whmcs.test", api_identifier=IDENTIFIER, api_secret=SECRET
    )
    transport = Transport(config, sleep=lambda seconds: None)
    yield transport
    transport.close()


@pytest.fixture
def classic(transport: Transport) -> ClassicApi:
    return ClassicApi(transport)


def sent_form(route: respx.Route) -> dict[str, str]:
    request = route.calls.last.request
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    return dict(parse_qsl(request.content.decode(), keep_blank_values=True))


def success(**fields: Any) -> httpx.Response:
    return httpx.Response(200, json={"result": "success", **fields})


GET_PRODUCTS_ANSWER = {
    "result": "success",
    "totalresults": 1,
    "products": {
        "product": [
            {
                "pid": 1,
                "gid": 1,
                "type": "hostingaccount",
                "name": "Best Hosting Plan",
                "paytype": "recurring",
                "pricing": {"USD": {"prefix": "$", "suffix": " USD", "monthly": "25.99"}},
            }
        ]
    },
}


@respx.mock
def test_get_products_posts_the_action_with_credentials_form_encoded(
    classic: ClassicApi,
) -> None:
    route = respx.post(API_PHP).mock(return_value=httpx.Response(200, json=GET_PRODUCTS_ANSWER))

    products = classic.get_products(pid=[1, 2], gid=1)

    assert sent_form(route) == {
        "action": "GetProducts",
        "identifier": IDENTIFIER,
        "secret": SECRET,
        "responsetype": "json",
        "pid": "1,2",
        "gid": "1",
    }
    assert products.totalresults == 1
    assert products.items[0]["name"] == "Best Hosting Plan"
    assert products.items[0]["pricing"]["USD"]["monthly"] == "25.99"


@respx.mock
def test_get_products_with_nothing_found_is_an_empty_list(classic: ClassicApi) -> None:
    respx.post(API_PHP).mock(return_value=success(totalresults=0, products=""))

    assert classic.get_products(gid=99).items == []


@respx.mock
def test_add_product_encodes_pricing_and_recommendations_like_php(classic: ClassicApi) -> None:
    route = respx.post(API_PHP).mock(return_value=success(pid=17))

    pid = classic.add_product(
        "Sample Product",
        1,
        type="other",
        paytype="recurring",
        welcomeemail=5,
        hidden=False,
        isFeatured=True,
        pricing={1: {"monthly": Decimal("1.00"), "msetupfee": Decimal("1.99")}},
        recommendations=[{"id": 1, "order": 0}, {"id": 2, "order": 1}],
    )

    assert pid == 17
    form = sent_form(route)
    assert form["action"] == "AddProduct"
    assert {key: value for key, value in form.items() if key not in ("identifier", "secret")} == {
        "action": "AddProduct",
        "responsetype": "json",
        "name": "Sample Product",
        "gid": "1",
        "type": "other",
        "paytype": "recurring",
        "welcomeemail": "5",
        "hidden": "0",
        "isFeatured": "1",
        "pricing[1][monthly]": "1.00",
        "pricing[1][msetupfee]": "1.99",
        "recommendations[0][id]": "1",
        "recommendations[0][order]": "0",
        "recommendations[1][id]": "2",
        "recommendations[1][order]": "1",
    }


@respx.mock
def test_add_order_sends_array_params_and_parses_the_created_ids(classic: ClassicApi) -> None:
    route = respx.post(API_PHP).mock(
        return_value=success(
            orderid=42, invoiceid=1001, serviceids="7,8", addonids="", domainids="9"
        )
    )

    result = classic.add_order(
        3,
        "banktransfer",
        pid=[1, 1],
        domain=["example.com", "example.net"],
        billingcycle=["monthly", "annually"],
        domaintype=["register", "transfer"],
        eppcode=["", "EPP-123"],
        idprotection=[True, False],
        domainrenewals={"old.com": 2},
        promocode="SAVE5",
        noemail=True,
    )

    form = sent_form(route)
    assert form["action"] == "AddOrder"
    assert form["clientid"] == "3"
    assert form["paymentmethod"] == "banktransfer"
    assert form["pid[0]"] == "1"
    assert form["pid[1]"] == "1"
    assert form["domain[1]"] == "example.net"
    assert form["billingcycle[1]"] == "annually"
    assert form["domaintype[1]"] == "transfer"
    assert form["eppcode[1]"] == "EPP-123"
    assert form["idprotection[0]"] == "1"
    assert form["idprotection[1]"] == "0"
    assert form["domainrenewals[old.com]"] == "2"
    assert form["promocode"] == "SAVE5"
    assert form["noemail"] == "1"
    assert "affid" not in form
    assert (result.orderid, result.invoiceid) == (42, 1001)
    assert result.serviceids == [7, 8]
    assert result.addonids == []
    assert result.domainids == [9]


@pytest.mark.parametrize(
    ("call", "action", "expected"),
    [
        (
            lambda api: api.accept_order(42, serverid=3, autosetup=True, sendemail=False),
            "AcceptOrder",
            {"orderid": "42", "serverid": "3", "autosetup": "1", "sendemail": "0"},
        ),
        (
            lambda api: api.cancel_order(42, cancelsub=True),
            "CancelOrder",
            {"orderid": "42", "cancelsub": "1"},
        ),
        (lambda api: api.delete_order(42), "DeleteOrder", {"orderid": "42"}),
        (
            lambda api: api.fraud_order(42, cancelsub=False),
            "FraudOrder",
            {"orderid": "42", "cancelsub": "0"},
        ),
        (lambda api: api.pending_order(42), "PendingOrder", {"orderid": "42"}),
        (
            lambda api: api.order_fraud_check(42, ipaddress="203.0.113.9"),
            "OrderFraudCheck",
            {"orderid": "42", "ipaddress": "203.0.113.9"},
        ),
        (
            lambda api: api.get_orders(limitstart=25, limitnum=25, status="Pending"),
            "GetOrders",
            {"limitstart": "25", "limitnum": "25", "status": "Pending"},
        ),
        (lambda api: api.get_order_statuses(), "GetOrderStatuses", {}),
        (lambda api: api.get_promotions(code="SAVE5"), "GetPromotions", {"code": "SAVE5"}),
    ],
)
@respx.mock
def test_order_actions_send_their_documented_parameters(
    classic: ClassicApi, call: Any, action: str, expected: dict[str, str]
) -> None:
    route = respx.post(API_PHP).mock(return_value=success())

    call(classic)

    form = sent_form(route)
    for credential in ("identifier", "secret", "responsetype"):
        form.pop(credential)
    assert form == {"action": action, **expected}


@respx.mock
def test_list_actions_unwrap_whmcs_records(classic: ClassicApi) -> None:
    respx.post(API_PHP).mock(
        side_effect=[
            success(
                totalresults=30,
                startnumber=25,
                numreturned=1,
                orders={"order": [{"id": 42, "ordernum": "123", "status": "Pending"}]},
            ),
            success(totalresults=1, statuses={"status": [{"title": "Pending", "count": 3}]}),
            success(totalresults=1, promotions={"promotion": [{"code": "SAVE5", "value": "5.00"}]}),
        ]
    )

    orders = classic.get_orders(limitstart=25)
    statuses = classic.get_order_statuses()
    promotions = classic.get_promotions()

    assert (orders.totalresults, orders.startnumber, orders.numreturned) == (30, 25, 1)
    assert orders.items[0]["status"] == "Pending"
    assert statuses.items == [{"title": "Pending", "count": 3}]
    assert promotions.items[0]["code"] == "SAVE5"


@respx.mock
def test_result_error_raises_classic_api_error_with_whmcs_message(classic: ClassicApi) -> None:
    respx.post(API_PHP).mock(
        return_value=httpx.Response(
            200, json={"result": "error", "message": "You must supply a valid Product Group ID"}
        )
    )

    with pytest.raises(errors.ClassicApiError) as caught:
        classic.add_product("Sample", 999)

    assert "You must supply a valid Product Group ID" in caught.value.message
    assert caught.value.status == 200
    assert caught.value.body["result"] == "error"


@respx.mock
def test_refused_credentials_raise_classic_api_error(classic: ClassicApi) -> None:
    respx.post(API_PHP).mock(
        return_value=httpx.Response(403, json={"result": "error", "message": "Invalid IP 10.0.0.1"})
    )

    with pytest.raises(errors.ClassicApiError, match="Invalid IP"):
        classic.get_order_statuses()


@respx.mock
def test_server_errors_raise_unavailable_and_are_not_retried(classic: ClassicApi) -> None:
    route = respx.post(API_PHP).mock(return_value=httpx.Response(503, text="Maintenance"))

    with pytest.raises(errors.Unavailable):
        classic.accept_order(42)
    assert route.call_count == 1


@respx.mock
def test_network_failure_raises_unavailable(classic: ClassicApi) -> None:
    respx.post(API_PHP).mock(side_effect=httpx.ConnectTimeout("timed out"))

    with pytest.raises(errors.Unavailable):
        classic.get_products()


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(200, text="<html>Login</html>"),
        httpx.Response(200, json=["not", "an", "object"]),
        httpx.Response(200, json={"products": {}}),
    ],
)
@respx.mock
def test_answers_that_are_not_whmcs_json_raise_schema_mismatch(
    classic: ClassicApi, answer: httpx.Response
) -> None:
    respx.post(API_PHP).mock(return_value=answer)

    with pytest.raises(errors.SchemaMismatch):
        classic.get_products()


@respx.mock
def test_the_secret_never_reaches_the_logs(
    classic: ClassicApi, caplog: pytest.LogCaptureFixture
) -> None:
    respx.post(API_PHP).mock(return_value=success(orderid=1))

    with caplog.at_level(logging.DEBUG):
        classic.accept_order(1, servicepassword="root-pass-123")

    logged = caplog.text + " ".join(str(record.__dict__) for record in caplog.records)
    assert "AcceptOrder" in caplog.text
    for secret in (SECRET, IDENTIFIER, "root-pass-123"):
        assert secret not in logged


def test_php_form_flattens_like_http_build_query() -> None:
    assert php_form(
        {
            "pid": [1, 2],
            "pricing": {1: {"monthly": "1.00"}, 2: {"monthly": "0.90"}},
            "flag": True,
            "off": False,
            "skipped": None,
            "name": "A & B",
        }
    ) == {
        "pid[0]": "1",
        "pid[1]": "2",
        "pricing[1][monthly]": "1.00",
        "pricing[2][monthly]": "0.90",
        "flag": "1",
        "off": "0",
        "name": "A & B",
    }


@pytest.mark.parametrize("ids", [[None], "12,abc", 12.0, [1e999]])
def test_an_unreadable_id_list_is_a_typed_mismatch(ids):
    from whmcs_gateway.classic import _id_list
    from whmcs_gateway.errors import SchemaMismatch

    with pytest.raises(SchemaMismatch) as raised:
        _id_list(ids, "serviceids")
    assert raised.value.field == "serviceids"


# -- ValidateLogin ------------------------------------------------------------------------------


@respx.mock
def test_validate_login_sends_the_password_as_password2_and_reads_the_user(classic, caplog):
    route = respx.post(API_PHP).respond(
        200, json={"result": "success", "userid": 7, "twoFactorEnabled": True}
    )
    with caplog.at_level(logging.DEBUG):
        validated = classic.validate_login("dana@example.com", "secret-pass-99")
    assert validated is not None
    assert (validated.userid, validated.two_factor) == (7, True)
    form = sent_form(route)
    assert (form["action"], form["email"], form["password2"]) == (
        "ValidateLogin",
        "dana@example.com",
        "secret-pass-99",
    )
    assert "secret-pass-99" not in caplog.text


@respx.mock
def test_validate_login_answers_none_for_a_wrong_password(classic):
    respx.post(API_PHP).respond(
        200, json={"result": "error", "message": "Email or Password Invalid"}
    )
    assert classic.validate_login("dana@example.com", "wrong") is None


@respx.mock
def test_validate_login_refused_for_the_shop_raises(classic):
    respx.post(API_PHP).respond(200, json={"result": "error", "message": "Invalid IP 10.1.1.1"})
    with pytest.raises(errors.ClassicApiError, match="Invalid IP"):
        classic.validate_login("dana@example.com", "secret-pass-99")

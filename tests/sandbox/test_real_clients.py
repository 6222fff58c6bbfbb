"""Published client libraries of the classic API, unchanged, against the standalone sandbox.

Three clients no one here wrote: PyPI's ``whmcspy`` and ``whmcs-api-client``, and npm's
``@dojnaz/whmcs`` (installed by ``.ci/run`` into tests/clients/node). Each answer is checked
against the fields WHMCS documents for the action. Where a library is broken whatever the
server does, the comment says so and that call is left out.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
import whmcs_client
from whmcs_client.api.default_api import DefaultApi
from whmcspy import WHMCS
from whmcspy.exceptions import Error as WhmcspyError

from whmcs_gateway.sandbox.php_serialize import dumps_array

IDENTIFIER, SECRET = "sandbox-identifier", "sandbox-secret"
ADMIN_MD5 = hashlib.md5(b"admin-password-1", usedforsecurity=False).hexdigest()
NODE_CLIENT = Path(__file__).resolve().parents[1] / "clients" / "node"

# The fields WHMCS documents for each answer (developers.whmcs.com/api-reference/...).
PRODUCT_FIELDS = {
    "pid",
    "gid",
    "type",
    "name",
    "slug",
    "product-url",
    "description",
    "module",
    "paytype",
    "allowqty",
    "quantity_available",
    "pricing",
    "customfields",
    "configoptions",
}
PRICE_COLUMNS = {
    "prefix",
    "suffix",
    *(f"{letter}setupfee" for letter in "mqsabt"),
    *("monthly", "quarterly", "semiannually", "annually", "biennially", "triennially"),
}
PROMOTION_FIELDS = {
    "id",
    "code",
    "type",
    "recurring",
    "value",
    "cycles",
    "appliesto",
    "requires",
    "requiresexisting",
    "startdate",
    "expirationdate",
    "maxuses",
    "uses",
    "lifetimepromo",
    "applyonce",
    "newsignups",
    "existingclient",
    "onceperclient",
    "recurfor",
    "upgrades",
    "upgradeconfig",
    "notes",
}
ORDER_FIELDS = {
    "id",
    "ordernum",
    "userid",
    "contactid",
    "requestor_id",
    "admin_requestor_id",
    "date",
    "nameservers",
    "transfersecret",
    "renewals",
    "renewalsByType",
    "promocode",
    "promotype",
    "promovalue",
    "orderdata",
    "amount",
    "paymentmethod",
    "invoiceid",
    "status",
    "ipaddress",
    "fraudmodule",
    "fraudoutput",
    "notes",
    "paymentmethodname",
    "paymentstatus",
    "name",
    "currencyprefix",
    "currencysuffix",
    "frauddata",
    "validationdata",
    "lineitems",
}
LINE_FIELDS = {
    "type",
    "relid",
    "producttype",
    "product",
    "domain",
    "billingcycle",
    "amount",
    "status",
}
ADD_ORDER_FIELDS = {"result", "orderid", "serviceids", "addonids", "domainids", "invoiceid"}
NOT_PENDING = "Order ID not found or Status not Pending"


def b64(values: dict) -> str:
    return base64.b64encode(dumps_array(values)).decode()


def loopback_only_env() -> dict[str, str]:
    """The environment without proxies, so every client talks to loopback directly."""
    proxies = {"http_proxy", "https_proxy", "all_proxy"}
    env = {k: v for k, v in os.environ.items() if k.lower() not in proxies}
    return {k: v for k, v in env.items() if not k.startswith("SANDBOX_")} | {
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
    }


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, str]]:
    """``python -m whmcs_gateway.sandbox --port 0``: its system URL is the one it serves, and
    the control token it prints at start-up."""
    process = subprocess.Popen(
        [sys.executable, "-m", "whmcs_gateway.sandbox", "--host", "127.0.0.1", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=loopback_only_env(),
    )
    try:
        first_line = process.stdout.readline() if process.stdout else ""
        found = re.search(r"http://127\.0\.0\.1:\d+/", first_line)
        assert found, f"the sandbox did not start: {first_line!r}"
        second_line = process.stdout.readline() if process.stdout else ""
        token = re.search(r"X-Sandbox-Control-Token: (\S+)", second_line)
        assert token, f"the sandbox printed no control token: {second_line!r}"
        yield found[0], token[1]
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def base(server: tuple[str, str], monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh sandbox world for each test."""
    server_url, control_token = server
    for name, value in loopback_only_env().items():
        monkeypatch.setenv(name, value)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    reset = httpx.post(
        f"{server_url}__sandbox__/reset",
        headers={"X-Sandbox-Control-Token": control_token},
        timeout=30,
    )
    assert reset.status_code == 200, reset.text
    return server_url


def assert_order_documented(order: dict) -> None:
    assert set(order) >= ORDER_FIELDS, ORDER_FIELDS - set(order)
    for line in order["lineitems"]["lineitem"]:
        assert set(line) >= LINE_FIELDS, LINE_FIELDS - set(line)
        Decimal(line["amount"])  # a money string, never a float


def assert_products_documented(products: list[dict], base_url: str) -> None:
    assert products
    for product in products:
        assert set(product) >= PRODUCT_FIELDS, PRODUCT_FIELDS - set(product)
        assert product["product-url"].startswith(f"{base_url}store/")
        assert product["product-url"].endswith(f"/{product['slug']}")
        for columns in product["pricing"].values():
            assert set(columns) == PRICE_COLUMNS


# -- whmcspy (PyPI) ---------------------------------------------------------------------


@pytest.fixture
def whmcspy_client(base: str) -> WHMCS:
    return WHMCS(f"{base}includes/api.php", IDENTIFIER, SECRET)


def test_whmcspy_reads_the_catalog_and_promotions(whmcspy_client: WHMCS, base: str):
    products = whmcspy_client.call("GetProducts")["products"]["product"]
    assert_products_documented(products, base)
    starter = next(p for p in products if p["pid"] == 1)
    assert starter["product-url"] == f"{base}store/shared-hosting/starter"
    assert starter["pricing"]["USD"]["monthly"] == "3.99"
    promotions = whmcspy_client.call("GetPromotions")["promotions"]["promotion"]
    assert all(set(p) >= PROMOTION_FIELDS for p in promotions)
    assert {p["code"] for p in promotions} >= {"VPS5", "SAVE10"}
    statuses = whmcspy_client.call("GetOrderStatuses")
    assert statuses["totalresults"] == 4
    assert [s["title"] for s in statuses["statuses"]["status"]] == [
        "Pending",
        "Active",
        "Fraud",
        "Cancelled",
    ]


def test_whmcspy_places_and_lists_orders(whmcspy_client: WHMCS, base: str):
    # whmcspy's add_order sends domain[i]/domaintype[i] for its `domains` and then domain[i]
    # for its `products` with the same i, so a product and a registration pair by index; its
    # domains always carry domainpriceoverride[i]=0 (a free registration), by design.
    added = whmcspy_client.add_order(
        1,
        paymentmethod="stripe",
        products=[{"id": 6, "domain": "vps-host.com"}],
        domains=["vps-host.com"],
        billingcycle=["annually"],
        configoptions=[b64({1: 13})],
        promocode="VPS5",  # monthly only: not recorded on an annual order
        clientip="203.0.113.7",
    )
    assert set(added) >= ADD_ORDER_FIELDS
    second = whmcspy_client.add_order(1, paymentmethod="paypal", products=[{"id": 1, "domain": ""}])
    # get_orders pages with limitstart/numreturned until an empty page.
    orders = list(whmcspy_client.get_orders(limitnum=1))
    assert [o["id"] for o in orders] == [second["orderid"], added["orderid"]]
    for order in orders:
        assert_order_documented(order)
    first = orders[1]
    assert (first["ipaddress"], first["promocode"]) == ("203.0.113.7", "")
    lines = {line["type"]: line for line in first["lineitems"]["lineitem"]}
    assert lines["product"]["billingcycle"] == "Annually"
    # VPS S annually (132.00) with Windows Server 2022 (180.00 a year) from configoptions[0].
    assert lines["product"]["amount"] == "312.00"
    assert lines["product"]["product"] == "VPS - VPS S"
    assert (lines["domain"]["domain"], lines["domain"]["amount"]) == ("vps-host.com", "0.00")


def test_whmcspy_drives_the_order_life_cycle(whmcspy_client: WHMCS):
    order_id = whmcspy_client.add_order(
        1, paymentmethod="stripe", products=[{"id": 6, "domain": ""}]
    )["orderid"]
    check = whmcspy_client.call("OrderFraudCheck", orderid=order_id)
    assert check["status"] == "Pass" and isinstance(check["results"], str)
    with pytest.raises(WhmcspyError, match="must be in Cancelled or Fraud"):
        whmcspy_client.delete_order(order_id)
    assert whmcspy_client.accept_order(order_id)["result"] == "success"
    with pytest.raises(WhmcspyError, match=NOT_PENDING):
        whmcspy_client.accept_order(order_id)
    with pytest.raises(WhmcspyError, match=NOT_PENDING):
        whmcspy_client.cancel_order(order_id)
    whmcspy_client.pending_order(order_id)
    whmcspy_client.cancel_order(order_id)
    whmcspy_client.call("FraudOrder", orderid=order_id)
    status = whmcspy_client.call("GetOrders", id=order_id)["orders"]["order"][0]["status"]
    assert status == "Fraud"
    whmcspy_client.delete_order(order_id)
    assert whmcspy_client.call("GetOrders", id=order_id)["totalresults"] == 0
    again = whmcspy_client.add_order(1, paymentmethod="stripe", products=[{"id": 6, "domain": ""}])
    assert again["orderid"] > order_id  # a deleted order's id is not handed out again


def test_whmcspy_adds_a_product(whmcspy_client: WHMCS, base: str):
    # whmcspy only flattens lists: a nested `pricing` mapping would be sent unflattened, so
    # the documented pricing[currency][cycle] names are passed as they are.
    pid = whmcspy_client.add_product(
        "From whmcspy",
        3,
        slug="from-whmcspy",
        paytype="recurring",
        **{"pricing[1][monthly]": "7.50", "pricing[1][msetupfee]": "1.00"},
    )
    product = whmcspy_client.call("GetProducts", pid=pid)["products"]["product"][0]
    assert (product["slug"], product["product-url"]) == (
        "from-whmcspy",
        f"{base}store/vps/from-whmcspy",
    )
    assert (product["pricing"]["USD"]["monthly"], product["pricing"]["USD"]["msetupfee"]) == (
        "7.50",
        "1.00",
    )
    with pytest.raises(WhmcspyError, match="Product slug must be unique"):
        whmcspy_client.add_product("Again", 3, slug="from-whmcspy")


# -- whmcs-api-client (PyPI): action in the query string, credentials in the body ------------


@pytest.fixture
def generated_api(base: str) -> DefaultApi:
    configuration = whmcs_client.Configuration(host=f"{base}includes")
    return DefaultApi(whmcs_client.ApiClient(configuration))


AUTH = {"username": IDENTIFIER, "password": SECRET, "responsetype": "json"}


def test_whmcs_api_client_posts_the_action_in_the_query_string(generated_api, base):
    products = generated_api.get_products(**AUTH, gid=3)
    assert products.result == "success"
    assert {p["gid"] for p in products.products["product"]} == {3}
    assert_products_documented(products.products["product"], base)
    # Its array parameters are sent comma separated (pid=6,1), which PHP reads as one string:
    # a multi-product order cannot be placed with this library whatever the server does.
    added = generated_api.add_order(
        **AUTH, clientid=1, paymentmethod="stripe", pid=[6], billingcycle=["quarterly"]
    )
    assert added.result == "success" and added.orderid
    listed = generated_api.get_orders(**AUTH, id=int(added.orderid))
    order = listed.orders["order"][0]
    assert_order_documented(order)
    assert order["lineitems"]["lineitem"][0]["billingcycle"] == "Quarterly"
    refused = generated_api.delete_order(**AUTH, orderid=int(added.orderid))
    assert (refused.result, refused.message) == (
        "error",
        "The order status must be in Cancelled or Fraud to be deleted",
    )
    assert generated_api.cancel_order(**AUTH, orderid=int(added.orderid)).result == "success"
    assert generated_api.delete_order(**AUTH, orderid=int(added.orderid)).result == "success"


def test_whmcs_api_client_pages_orders(generated_api):
    for _ in range(3):
        generated_api.add_order(**AUTH, clientid=3, paymentmethod="paypal", pid=[8])
    first = generated_api.get_orders(**AUTH, limitstart=0, limitnum=2)
    rest = generated_api.get_orders(**AUTH, limitstart=2, limitnum=2)
    assert (first.totalresults, first.numreturned, rest.numreturned) == (3, 2, 1)
    ids = [o["id"] for o in first.orders["order"] + rest.orders["order"]]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == 3


# -- @dojnaz/whmcs (npm) ------------------------------------------------------------------


def node_call(base: str, config: dict, area: str, method: str, params: dict) -> dict:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed (CI installs it: see .ci/run)")
    assert (NODE_CLIENT / "node_modules" / "@dojnaz" / "whmcs").is_dir(), (
        "run `npm ci --prefix tests/clients/node` first (.ci/run does)"
    )
    done = subprocess.run(  # noqa: S603 - node, our own script, JSON arguments
        [node, "call.js", base.rstrip("/"), json.dumps(config), area, method, json.dumps(params)],
        cwd=NODE_CLIENT,
        capture_output=True,
        text=True,
        timeout=120,
        env=loopback_only_env(),
        check=True,
    )
    return json.loads(done.stdout)


API_KEY = {"apiIdentifier": IDENTIFIER, "apiSecret": SECRET}
ADMIN = {"username": "admin", "password": ADMIN_MD5}


def ok(answer: dict) -> dict:
    assert answer["ok"], answer
    return answer["data"]


def test_node_client_reads_catalog_promotions_and_statuses(base):
    products = ok(node_call(base, API_KEY, "orders", "getProducts", {}))
    assert_products_documented(products["products"]["product"], base)
    promotions = ok(node_call(base, API_KEY, "orders", "getPromotions", {"code": "SAVE10"}))
    [promotion] = promotions["promotions"]["promotion"]
    assert set(promotion) >= PROMOTION_FIELDS
    assert (promotion["code"], promotion["type"], promotion["maxuses"]) == (
        "SAVE10",
        "Fixed Amount",
        100,
    )
    statuses = ok(node_call(base, ADMIN, "orders", "getOrderStatuses", {}))
    assert [s["count"] for s in statuses["statuses"]["status"]] == [0, 0, 0, 0]


def test_node_client_orders_with_admin_md5_login_and_paired_arrays(base):
    # The library sends parameters with Node's querystring, which writes an array as
    # pid=6&pid=1 (PHP keeps the last): PHP array names are passed as flat keys instead.
    added = ok(
        node_call(
            base,
            ADMIN,
            "orders",
            "addOrder",
            {
                "clientid": 2,
                "paymentmethod": "paypal",
                "pid[1]": 1,
                "billingcycle[1]": "annually",
                "pid[0]": 6,
                "qty[0]": 1,
                "priceoverride[0]": "9.00",
                "domaintype[0]": "register",
                "domain[0]": "node-client.org",
                "regperiod[0]": 3,
                "promocode": "NEWCLIENT15",
            },
        )
    )
    assert set(added) >= ADD_ORDER_FIELDS
    assert len(added["serviceids"].split(",")) == 2
    orders = ok(node_call(base, API_KEY, "orders", "getOrders", {"id": added["orderid"]}))
    [order] = orders["orders"]["order"]
    assert_order_documented(order)
    assert (order["promocode"], order["admin_requestor_id"]) == ("NEWCLIENT15", 1)
    lines = order["lineitems"]["lineitem"]
    # PHP keeps array keys in the order they arrived: pid[1] was sent first.
    assert [(line["type"], line["product"], line["billingcycle"]) for line in lines] == [
        ("product", "Shared Hosting - Starter", "Annually"),
        ("product", "VPS - VPS S", "Monthly"),
        ("domain", "Register", 3),
    ]
    assert lines[1]["amount"] == "9.00"  # priceoverride[0] went with pid[0]
    # The client has an order now: a new-signups-only code no longer applies.
    again = ok(
        node_call(
            base,
            API_KEY,
            "orders",
            "addOrder",
            {"clientid": 2, "paymentmethod": "paypal", "pid[0]": 6, "promocode": "NEWCLIENT15"},
        )
    )
    listed = ok(node_call(base, API_KEY, "orders", "getOrders", {"id": again["orderid"]}))
    assert listed["orders"]["order"][0]["promocode"] == ""


def test_node_client_drives_the_life_cycle_and_reads_xml(base):
    added = ok(
        node_call(
            base,
            API_KEY,
            "orders",
            "addOrder",
            {"clientid": 1, "paymentmethod": "stripe", "pid": 6},
        )
    )
    order_id = added["orderid"]
    check = ok(node_call(base, API_KEY, "orders", "orderFraudCheck", {"orderid": order_id}))
    assert check["status"] == "Pass"
    assert ok(node_call(base, API_KEY, "orders", "fraudOrder", {"orderid": order_id})) == {
        "result": "success"
    }
    refused = node_call(base, API_KEY, "orders", "acceptOrder", {"orderid": order_id})
    assert refused == {"ok": False, "error": f"WHMCS Error (200): {NOT_PENDING}"}
    ok(node_call(base, API_KEY, "orders", "pendingOrder", {"orderid": order_id}))
    ok(node_call(base, API_KEY, "orders", "acceptOrder", {"orderid": order_id}))
    # The library parses XML answers itself (xml2js): the same order, read as XML.
    as_xml = ok(
        node_call(base, API_KEY | {"responseType": "xml"}, "orders", "getOrders", {"id": order_id})
    )
    assert (as_xml["action"], as_xml["result"], as_xml["totalresults"]) == (
        "getorders",
        "success",
        "1",
    )
    assert as_xml["orders"]["order"]["status"] == "Active"
    assert as_xml["orders"]["order"]["lineitems"]["lineitem"]["product"] == "VPS - VPS S"
    cancel = node_call(base, API_KEY, "orders", "cancelOrder", {"orderid": order_id})
    assert cancel["error"].endswith(NOT_PENDING)
    ok(node_call(base, API_KEY, "orders", "fraudOrder", {"orderid": order_id}))
    ok(node_call(base, API_KEY, "orders", "deleteOrder", {"orderid": order_id}))
    gone = ok(node_call(base, API_KEY, "orders", "getOrders", {"id": order_id}))
    assert gone["totalresults"] == 0


def test_node_client_adds_a_product(base):
    added = ok(
        node_call(
            base,
            ADMIN,
            "products",
            "addProduct",
            {"name": "From Node", "gid": 2, "slug": "from-node", "paytype": "free", "qty": 5},
        )
    )
    [product] = ok(node_call(base, API_KEY, "orders", "getProducts", {"pid": added["pid"]}))[
        "products"
    ]["product"]
    assert (product["slug"], product["product-url"]) == (
        "from-node",
        f"{base}store/wordpress-hosting/from-node",
    )
    assert (product["paytype"], product["quantity_available"]) == ("free", 5)
    refused = node_call(
        base, API_KEY, "products", "addProduct", {"name": "X", "gid": 2, "color": "red"}
    )
    assert refused["error"].endswith("The color must be a valid hexadecimal value.")

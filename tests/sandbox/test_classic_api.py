"""The classic API (includes/api.php) as WHMCS answers it: how parameters arrive, the three
answer formats, both kinds of credentials, PHP arrays, promotions, ids and WHMCS's fields."""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from .conftest import SandboxClient

CREDENTIALS = {"identifier": "sandbox-identifier", "secret": "sandbox-secret"}
API = "/includes/api.php"


def md5(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def call(client: SandboxClient, action: str, **params: str) -> dict:
    response = client.http.post(API, data={"action": action, **CREDENTIALS, **params})
    assert response.status_code == 200
    return response.json()


def xml_root(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 - the sandbox's own answer, not outside input


def order_of(client: SandboxClient, order_id: int) -> dict:
    return call(client, "GetOrders", id=str(order_id))["orders"]["order"][0]


def add_order(client: SandboxClient, client_id: int = 1, **params: str) -> dict:
    added = call(client, "AddOrder", clientid=str(client_id), paymentmethod="stripe", **params)
    assert added["result"] == "success", added
    return added


# -- how parameters arrive ($_REQUEST) --------------------------------------------------------


def test_action_in_the_query_string_with_credentials_in_the_body(client):
    response = client.http.post(
        f"{API}?action=GetOrderStatuses&responsetype=json", data=CREDENTIALS
    )
    body = response.json()
    assert body["result"] == "success"
    assert [status["title"] for status in body["statuses"]["status"]] == [
        "Pending",
        "Active",
        "Fraud",
        "Cancelled",
    ]


def test_get_products_pid_is_read_as_whmcs_casts_it(app, client):
    listed = call(client, "GetProducts", pid="8, 6,x")["products"]["product"]
    assert [p["pid"] for p in listed] == [6, 8]  # catalog order, the word dropped
    everything = call(client, "GetProducts", pid="x")
    assert everything["totalresults"] == len(app.world.catalog.products)


def test_the_body_wins_over_the_query_string_for_the_same_name(client):
    response = client.http.post(
        f"{API}?action=GetProducts&pid=6", data={**CREDENTIALS, "action": "GetProducts", "pid": "8"}
    )
    assert [p["pid"] for p in response.json()["products"]["product"]] == [8]


def test_a_multipart_body_is_read(client):
    response = client.http.post(
        API,
        files={"upload": ("notes.txt", b"ignored", "text/plain")},
        data={**CREDENTIALS, "action": "GetProducts", "pid": "6"},
    )
    assert response.request.headers["content-type"].startswith("multipart/form-data")
    products = response.json()["products"]["product"]
    assert [(p["pid"], p["name"]) for p in products] == [(6, "VPS S")]


def test_get_is_answered_in_whmcs_error_shape_and_works_with_query_credentials(client):
    bare = client.http.get(API)
    assert (bare.status_code, bare.json()) == (
        200,
        {"result": "error", "message": "Authentication Failed"},
    )
    for method in ("PUT", "DELETE"):
        other = client.http.request(method, API)
        assert other.json() == {"result": "error", "message": "Authentication Failed"}
    full = client.http.get(API, params={**CREDENTIALS, "action": "GetPromotions", "code": "VPS5"})
    assert [p["code"] for p in full.json()["promotions"]["promotion"]] == ["VPS5"]


# -- responsetype -----------------------------------------------------------------------


def test_json_is_the_default_answer(client):
    response = client.http.post(API, data={**CREDENTIALS, "action": "GetOrderStatuses"})
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["result"] == "success"


def test_xml_answers_are_whmcs_documents_with_list_items_repeated(client):
    response = client.http.post(
        API, data={**CREDENTIALS, "action": "GetProducts", "pid": "6,7", "responsetype": "xml"}
    )
    assert response.headers["content-type"].startswith("application/xml")
    root = xml_root(response.content)
    assert root.tag == "whmcsapi" and root.get("version")
    assert (root.findtext("action"), root.findtext("result")) == ("getproducts", "success")
    products = root.findall("products/product")
    assert [(p.findtext("pid"), p.findtext("name")) for p in products] == [
        ("6", "VPS S"),
        ("7", "VPS M"),
    ]
    assert products[0].findtext("pricing/monthly") == "12.00"


def test_an_xml_error_has_no_version(client):
    response = client.http.post(API, data={"action": "GetProducts", "responsetype": "xml"})
    root = xml_root(response.content)
    assert (root.get("version"), root.findtext("result")) == ("", "error")
    assert root.findtext("message") == "Authentication Failed"


def test_nvp_answers_flat_actions_and_is_refused_for_lists(client):
    added = client.http.post(
        API,
        data={
            **CREDENTIALS,
            "action": "AddProduct",
            "name": "NVP",
            "gid": "1",
            "responsetype": "nvp",
        },
    )
    assert added.headers["content-type"].startswith("text/plain")
    pairs = dict(part.split("=", 1) for part in added.text.split(";"))
    assert pairs["result"] == "success" and pairs["pid"].isdigit()
    refused = client.http.post(
        API, data={**CREDENTIALS, "action": "GetOrders", "responsetype": "nvp"}
    )
    assert refused.text == (
        "result=error;message=This API action only supports the XML or JSON response type formats"
    )
    unknown = client.http.post(
        API, data={**CREDENTIALS, "action": "GetOrders", "responsetype": "yaml"}
    )
    assert 'Unsupported API response type format "yaml"' in unknown.text


# -- credentials ------------------------------------------------------------------------


def test_admin_username_with_the_md5_of_the_password(client):
    as_admin = {"username": "admin", "password": md5("admin-password-1")}
    answer = client.http.post(API, data={"action": "GetOrderStatuses", **as_admin}).json()
    assert answer["result"] == "success"
    for password, message in (
        ("admin-password-1", "Invalid password provided"),
        (md5("wrong"), "Authentication Failed"),
    ):
        refused = client.http.post(
            API, data={"action": "GetOrderStatuses", "username": "admin", "password": password}
        ).json()
        assert refused == {"result": "error", "message": message}


def test_the_api_credential_also_works_as_username_and_password(client):
    pair = {"username": "sandbox-identifier", "password": "sandbox-secret"}
    assert client.http.post(API, data={"action": "GetOrders", **pair}).json()["result"] == "success"


def test_orders_placed_through_the_api_name_the_admin_and_the_client_user(client):
    as_admin = {"username": "admin", "password": md5("admin-password-1")}
    added = client.http.post(
        API,
        data={
            "action": "AddOrder",
            **as_admin,
            "clientid": "1",
            "paymentmethod": "stripe",
            "pid[0]": "6",
        },
    ).json()
    order = order_of(client, added["orderid"])
    assert (order["requestor_id"], order["admin_requestor_id"]) == (1, 1)


# -- PHP arrays pair by key ------------------------------------------------------------------


def test_array_keys_pair_by_index_whatever_their_order(app, client):
    added = call(
        client,
        "AddOrder",
        clientid="1",
        paymentmethod="stripe",
        **{
            "billingcycle[1]": "annually",
            "pid[0]": "1",
            "pid[1]": "6",
            "priceoverride[1]": "5.00",
            "domain[0]": "first-site.com",
        },
    )
    services = [app.world.accounts.services[int(i)] for i in added["serviceids"].split(",")]
    assert [(s.product_id, s.cycle, s.domain) for s in services] == [
        (1, "monthly", "first-site.com"),
        (6, "annually", None),
    ]
    assert services[1].recurring == Decimal("5.00")  # priceoverride[1] is the second product's
    assert services[0].recurring == Decimal("3.99")


def test_domain_arrays_pair_by_index_and_domainpriceoverride_takes_effect(client):
    added = add_order(
        client,
        **{
            "domaintype[1]": "register",
            "domain[1]": "second-name.com",
            "regperiod[1]": "2",
            "domainpriceoverride[1]": "1.00",
            "domaintype[0]": "register",
            "domain[0]": "first-name.net",
        },
    )
    lines = order_of(client, added["orderid"])["lineitems"]["lineitem"]
    by_domain = {line["domain"]: line for line in lines}
    assert by_domain["second-name.com"]["billingcycle"] == 2
    assert by_domain["second-name.com"]["amount"] == "1.00"
    assert by_domain["first-name.net"]["billingcycle"] == 1


def test_qty_takes_effect(app, client):
    product_id = next(p.id for p in app.world.catalog.products if p.multiple_quantities)
    added = add_order(client, **{"pid[0]": str(product_id), "qty[0]": "3"})
    service_ids = added["serviceids"].split(",")
    units = sum(app.world.accounts.services[int(i)].quantity for i in service_ids)
    assert units == 3


# -- promotions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("client_id", "params", "code"),
    [
        (1, {"pid[0]": "6", "billingcycle[0]": "annually"}, "VPS5"),  # monthly only
        (1, {"pid[0]": "1", "billingcycle[0]": "monthly"}, "VPS5"),  # another product
        (1, {"pid[0]": "1"}, "FREESETUP"),  # expired
        (1, {"pid[0]": "6", "billingcycle[0]": "quarterly"}, "NEWCLIENT15"),  # has services
        (1, {"pid[0]": "6", "billingcycle[0]": "quarterly"}, "NOSUCHCODE"),
    ],
)
def test_a_code_that_does_not_apply_is_not_recorded(client, client_id, params, code):
    added = add_order(client, client_id, promocode=code, **params)
    order = order_of(client, added["orderid"])
    assert (order["promocode"], order["promotype"], order["promovalue"]) == ("", "", "")


def test_a_code_within_its_rules_is_recorded_once_per_client(client):
    first = order_of(client, add_order(client, promocode="VPS5", **{"pid[0]": "6"})["orderid"])
    assert (first["promocode"], first["promotype"]) == ("VPS5", "Price Override")
    again = order_of(client, add_order(client, promocode="VPS5", **{"pid[0]": "6"})["orderid"])
    assert again["promocode"] == ""  # once per client
    assert Decimal(again["amount"]) > Decimal(first["amount"])


def test_a_code_at_its_maximum_uses_is_not_recorded(client):
    params = {"pid[0]": "7", "billingcycle[0]": "quarterly", "promocode": "SAVE10"}
    first = order_of(client, add_order(client, 1, **params)["orderid"])
    assert first["promocode"] == "SAVE10"  # the 100th of 100 uses
    second = order_of(client, add_order(client, 3, **params)["orderid"])
    assert second["promocode"] == ""


def test_promooverride_records_a_code_outside_its_products(client):
    params = {"pid[0]": "1", "promocode": "VPS5", "promooverride": "1"}
    assert order_of(client, add_order(client, **params)["orderid"])["promocode"] == "VPS5"


# -- ids and the life cycle -------------------------------------------------------------------


def test_ids_are_never_handed_out_twice_also_after_delete_order(client):
    params = {"pid[0]": "6", "addons[0]": "2", "domaintype[0]": "register", "domain[0]": "a1.com"}
    first = add_order(client, **params)
    assert call(client, "FraudOrder", orderid=str(first["orderid"]))["result"] == "success"
    assert call(client, "DeleteOrder", orderid=str(first["orderid"]))["result"] == "success"
    second = add_order(client, **{**params, "domain[0]": "a2.com"})
    for name in ("orderid", "invoiceid"):
        assert second[name] > first[name], name
    for name in ("serviceids", "addonids", "domainids"):
        assert int(second[name]) > int(first[name]), name


def test_accept_and_cancel_act_on_pending_orders_only(client):
    order_id = str(add_order(client, **{"pid[0]": "6"})["orderid"])
    assert call(client, "AcceptOrder", orderid=order_id) == {"result": "success"}
    for action in ("AcceptOrder", "CancelOrder"):
        assert call(client, action, orderid=order_id) == {
            "result": "error",
            "message": "Order ID not found or Status not Pending",
        }
    assert call(client, "DeleteOrder", orderid=order_id)["message"] == (
        "The order status must be in Cancelled or Fraud to be deleted"
    )
    assert order_of(client, int(order_id))["status"] == "Active"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"clientid": "999"}, "Client ID Not Found"),
        ({"paymentmethod": "cash"}, "Invalid Payment Method. Valid options include "),
        ({"clientip": "not-an-ip"}, "Invalid IP address provided for 'clientip'"),
        ({"pid[0]": ""}, "No items added to cart so order cannot proceed"),
        ({"domaintype[0]": "register", "domain": "x.com"}, "Expecting parameter 'domain'"),
        ({"pid[0]": "999"}, "Invalid Product ID: 999"),
        ({"pid[0]": "6", "billingcycle[0]": "weekly"}, "Invalid billingcycle[0]: weekly"),
        (
            {"domaintype[0]": "register", "domain[0]": "ok-name.com", "regperiod[0]": "99"},
            "The regperiod may not be greater than 10",
        ),
        (
            {"domaintype[0]": "register", "domain[0]": "not a domain"},
            "The domain must be a valid domain name",
        ),
    ],
)
def test_add_order_refuses_in_the_classic_api_wording(app, client, params, message):
    orders = len(app.world.orders)
    body = {"clientid": "1", "paymentmethod": "stripe", **params}
    answer = call(client, "AddOrder", **body)
    assert answer["result"] == "error" and answer["message"].startswith(message), answer
    assert len(app.world.orders) == orders


# -- AddProduct and GetProducts ---------------------------------------------------------


def test_add_product_honours_slug_and_get_products_builds_the_url_from_the_system_url(app, client):
    added = call(client, "AddProduct", name="Launch Pad", gid="3", slug="launch-pad-2026")
    product = call(client, "GetProducts", pid=str(added["pid"]))["products"]["product"][0]
    system_url = app.config.system_url.rstrip("/")
    assert product["slug"] == "launch-pad-2026"
    assert product["product-url"] == f"{system_url}/store/vps/launch-pad-2026"
    assert product["paytype"] == "free"  # WHMCS's default pay type
    again = call(client, "AddProduct", name="Other", gid="3", slug="launch-pad-2026")
    assert again == {"result": "error", "message": "Product slug must be unique"}
    odd = call(client, "AddProduct", name="Other", gid="3", slug="a/b c")
    assert odd["message"] == "The slug may only contain lowercase letters, numbers and hyphens"
    generated = call(client, "AddProduct", name="Launch Pad", gid="3")
    listed = call(client, "GetProducts", pid=str(generated["pid"]))["products"]["product"][0]
    assert listed["slug"] == "launch-pad"
    starter = call(client, "GetProducts", pid="1")["products"]["product"][0]
    assert starter["product-url"] == f"{system_url}/store/shared-hosting/starter"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"welcomeemail": "999"}, "You must supply a valid welcome email ID"),
        (
            {"autosetup": "always"},
            'Invalid autosetup value. Must be one of "", "on", "order" or "payment"',
        ),
        ({"color": "blue"}, "The color must be a valid hexadecimal value."),
        (
            {"recommendations[0][id]": "999", "recommendations[0][order]": "0"},
            "The recommendation product ID is invalid. This must be an existing product ID.",
        ),
        ({"gid": "0"}, "You must supply a valid Product Group ID"),
        (
            {"paytype": "weekly"},
            'Invalid pay type. Must be one of "free", "onetime" or "recurring"',
        ),
    ],
)
def test_add_product_validations_change_nothing(app, client, params, message):
    products = len(app.world.catalog.products)
    answer = call(client, "AddProduct", **{"name": "Checked", "gid": "1", **params})
    assert answer == {"result": "error", "message": message}
    assert len(app.world.catalog.products) == products


def test_add_product_takes_documented_values(app, client):
    added = call(
        client,
        "AddProduct",
        name="Colourful",
        gid="1",
        welcomeemail="5",
        autosetup="payment",
        color="#A1B2C3",
        qty="7",
        paytype="recurring",
        **{
            "recommendations[0][id]": "2",
            "recommendations[0][order]": "1",
            "recommendations[1][id]": "1",
            "recommendations[1][order]": "0",
            "pricing[1][monthly]": "4.00",
        },
    )
    product = app.world.catalog.product(added["pid"])
    assert product.cross_sell_ids == (1, 2)
    shown = call(client, "GetProducts", pid=str(added["pid"]))["products"]["product"][0]
    assert (shown["stockcontrol"], shown["stocklevel"], shown["quantity_available"]) == (
        "true",
        7,
        7,
    )
    assert shown["pricing"]["USD"]["monthly"] == "4.00"


# -- GetOrders' fields -------------------------------------------------------------------


def test_get_orders_lines_carry_whmcs_fields_and_labels(client):
    added = add_order(
        client,
        **{
            "pid[0]": "6",
            "billingcycle[0]": "annually",
            "addons[0]": "2",
            "pid[1]": "1",
            "domaintype[2]": "transfer",
            "domain[2]": "moving-in.com",
            "eppcode[2]": "EPP-123",
        },
    )
    order = order_of(client, added["orderid"])
    for field in ("requestor_id", "admin_requestor_id", "renewalsByType", "frauddata"):
        assert field in order, field
    lines = {(line["type"], line["producttype"]): line for line in order["lineitems"]["lineitem"]}
    vps = lines[("product", "Dedicated/VPS Server")]
    assert (vps["product"], vps["billingcycle"], vps["status"]) == (
        "VPS - VPS S",
        "Annually",
        "Pending",
    )
    starter = lines[("product", "Hosting Account")]
    assert (starter["product"], starter["billingcycle"]) == ("Shared Hosting - Starter", "Monthly")
    addon = lines[("addon", "Addon")]
    assert addon["product"] and addon["status"] == "Pending"
    domain = lines[("domain", "Domain")]
    assert (domain["product"], domain["domain"], domain["billingcycle"]) == (
        "Transfer",
        "moving-in.com",
        1,
    )
    assert {"dnsmanagement", "emailforwarding", "idprotection"} <= set(domain)
    assert all(Decimal(line["amount"]) >= 0 for line in lines.values())

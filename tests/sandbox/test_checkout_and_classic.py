"""Checkout page (order placed exactly once) and the classic API, incl. the order life cycle."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .conftest import SandboxClient
from .test_cart import add, new_cart

CREDENTIALS = {"identifier": "sandbox-identifier", "secret": "sandbox-secret"}


def classic(client: SandboxClient, action: str, **params) -> dict:
    response = client.http.post(
        "/includes/api.php",
        data={"action": action, "responsetype": "json", **CREDENTIALS, **params},
    )
    assert response.status_code == 200
    return response.json()


def start_checkout(client: SandboxClient, cart_id: str) -> str:
    response = client.post(f"/cart/{cart_id}/checkout")
    assert response.status_code == 200, response.text
    url = urlsplit(response.json()["data"]["url"])
    return f"{url.path.removeprefix('/whmcs')}?{url.query}"


def form_of(html: str) -> dict[str, str]:
    return dict(re.findall(r"name='(token|nonce)' value='([^']+)'", html))


def test_guest_checkout_places_one_order_and_accept_activates(app, user_client):
    cart_id = new_cart(user_client)
    add(user_client, cart_id, {"type": "product", "product_id": 8, "billing_cycle": "monthly"})
    page = user_client.http.get(start_checkout(user_client, cart_id))
    assert page.status_code == 200 and "Complete Order" in page.text
    assert "script" not in page.text and "style=" not in page.text
    assert "default-src 'none'" in page.headers["Content-Security-Policy"]
    form = {**form_of(page.text), "paymentmethod": app.world.catalog.gateways[0].name}
    first = user_client.http.post("/cart.php?a=checkout", data=form)
    again = user_client.http.post("/cart.php?a=checkout", data=form)
    assert first.status_code == again.status_code == 200
    assert "Thank you for your order" in again.text
    assert len(app.world.orders) == 1
    order = app.world.orders[0]
    assert order.order_number in first.text
    assert user_client.get(f"/cart/{cart_id}").status_code == 404  # the cart is closed
    pending = classic(user_client, "GetOrders", status="Pending")
    assert pending["totalresults"] == 1 and pending["orders"]["order"][0]["amount"] == "51.00"
    assert classic(user_client, "AcceptOrder", orderid=str(order.id))["result"] == "success"
    services = user_client.get("/user/services").json()["data"]
    new_service = next(s for s in services if s["id"] == order.service_ids[0])
    assert new_service["status"].lower() == "active"
    again = classic(user_client, "AcceptOrder", orderid=str(order.id))
    assert again["result"] == "error"


def test_guest_must_give_valid_details(app, client):
    cart_id = new_cart(client)
    add(client, cart_id, {"type": "domain_register", "name": "fresh-name.com", "period": 1})
    page = client.http.get(start_checkout(client, cart_id))
    form = {**form_of(page.text), "paymentmethod": app.world.catalog.gateways[0].name}
    refused = client.http.post("/cart.php?a=checkout", data={**form, "email": "nope"})
    assert refused.status_code == 400 and "not a valid email" in refused.text
    details = {"firstname": "Gus", "lastname": "Guest", "email": "gus@example.net", "country": "DE"}
    placed = client.http.post(
        "/cart.php?a=checkout",
        data={**form_of(refused.text), **details, "paymentmethod": form["paymentmethod"]},
    )
    assert placed.status_code == 200 and "Thank you" in placed.text
    order = app.world.orders[0]
    client_record = app.world.accounts.clients[order.client_id]
    assert client_record.email == "gus@example.net" and order.amount == order.amount.quantize(
        order.amount
    )
    assert app.world.accounts.domains[order.domain_ids[0]].status == "Pending"
    assert client.http.get("/cart.php?a=checkout&token=unknown").status_code == 404


def test_classic_order_actions(app, client):
    assert classic(client, "GetOrders", identifier="x")["message"] == (
        "Invalid or missing credentials"
    )
    assert classic(client, "GetOrders", secret="x")["message"] == "Authentication Failed"
    assert classic(client, "NoSuchAction") == {"result": "error", "message": "Command Not Found"}
    added = classic(
        client,
        "AddOrder",
        clientid="3",
        paymentmethod="stripe",
        **{
            "pid[0]": "8",
            "billingcycle[0]": "monthly",
            "domain[0]": "agency-more.com",
            "domaintype[0]": "register",
            "regperiod[0]": "1",
        },
    )
    assert added["result"] == "success", added
    order_id = str(added["orderid"])
    assert added["serviceids"] and added["domainids"] and added["invoiceid"]
    statuses = classic(client, "GetOrderStatuses")["statuses"]["status"]
    assert {"title": "Pending", "count": 1} in statuses
    assert classic(client, "OrderFraudCheck", orderid=order_id)["status"] == "Pass"
    refused = classic(client, "DeleteOrder", orderid=order_id)
    assert refused["message"] == "The order status must be in Cancelled or Fraud to be deleted"
    assert classic(client, "FraudOrder", orderid=order_id)["result"] == "success"
    assert classic(client, "GetOrders", status="Fraud")["totalresults"] == 1
    assert classic(client, "CancelOrder", orderid=order_id)["message"] == (
        "Order ID not found or Status not Pending"
    )
    assert classic(client, "PendingOrder", orderid=order_id)["result"] == "success"
    assert classic(client, "CancelOrder", orderid=order_id)["result"] == "success"
    service_id = int(added["serviceids"])
    assert app.world.accounts.services[service_id].status == "Cancelled"
    assert classic(client, "DeleteOrder", orderid=order_id)["result"] == "success"
    assert service_id not in app.world.accounts.services
    assert classic(client, "GetOrders")["totalresults"] == 0
    for order_id in ("999", "abc"):
        answer = classic(client, "AcceptOrder", orderid=order_id)
        assert answer == {"result": "error", "message": "Order ID not found or Status not Pending"}
    assert classic(client, "DeleteOrder", orderid="999")["message"] == "Order ID not found"
    assert classic(client, "PendingOrder", orderid="999")["message"] == "Order ID Not Found"
    # WHMCS casts paging with (int): a word is 0, which means the default page.
    paged = classic(client, "GetOrders", limitstart="0", limitnum="abc")
    assert (paged["result"], paged["numreturned"]) == ("success", 0)


def test_classic_products_and_promotions(client):
    products = classic(client, "GetProducts", pid="1,6")["products"]["product"]
    assert [p["pid"] for p in products] == [1, 6]
    assert products[0]["pricing"]["USD"]["monthly"] == "3.99"
    assert products[1]["configoptions"]["configoption"][0]["type"] == "1"
    assert all(
        p["gid"] == 3 for p in classic(client, "GetProducts", gid="3")["products"]["product"]
    )
    added = classic(
        client,
        "AddProduct",
        name="Sample Product",
        gid="1",
        type="other",
        paytype="recurring",
        module="autorelease",
        **{
            "pricing[1][monthly]": "1.00",
            "pricing[1][msetupfee]": "1.99",
            "pricing[1][annually]": "-1",
        },
    )
    assert added["result"] == "success"
    listed = client.get("/store/products").json()["data"]
    assert any(p["id"] == added["pid"] and p["name"] == "Sample Product" for p in listed)
    by_module = classic(client, "GetProducts", module="autorelease")["products"]["product"]
    assert [p["pid"] for p in by_module] == [added["pid"]]
    assert classic(client, "AddProduct", name="", gid="1")["result"] == "error"
    assert classic(client, "AddProduct", name="X", gid="999")["result"] == "error"
    assert classic(client, "AddProduct", name="X", gid="1", type="boat")["result"] == "error"
    promotions = classic(client, "GetPromotions")["promotions"]["promotion"]
    assert {p["code"] for p in promotions} >= {"WELCOME20", "SAVE10", "VPS5", "FREESETUP"}
    assert classic(client, "GetPromotions", code="VPS5")["totalresults"] == 1


def test_the_checkout_page_names_what_a_renewal_renews():
    from types import SimpleNamespace

    from whmcs_gateway.sandbox import create_app
    from whmcs_gateway.sandbox.cart_json import renewal_name

    world = create_app().world
    domain = next(iter(world.accounts.domains.values()))
    item = SimpleNamespace(type="domain_renewal", target_id=domain.id)
    assert renewal_name(world, item) == domain.domain

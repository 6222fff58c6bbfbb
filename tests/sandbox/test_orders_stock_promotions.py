"""Orders and stock, GetPromotions per currency, AddOrder's extras (addons, custom fields, config
options, price override, no invoice, domain renewals) and new-signup-only promotions."""

from __future__ import annotations

import base64
from dataclasses import replace
from decimal import Decimal

import pytest

from whmcs_gateway.sandbox.php_serialize import (
    PhpSerializeError,
    dumps_array,
    loads_array,
    loads_base64_array,
)

from .conftest import DEMO_USER, FakeClock, SandboxClient
from .test_cart import add, new_cart
from .test_checkout_and_classic import classic, form_of, start_checkout
from .test_gaps import two_factor_login

EPYC = 10  # stock controlled, 3 in stock in the demo data


def stock_of(client: SandboxClient, product_id: int = EPYC) -> int | None:
    return client.get(f"/store/products/{product_id}").json()["data"]["stock_quantity"]


def classic_stock(client: SandboxClient, product_id: int = EPYC) -> int:
    products = classic(client, "GetProducts", pid=str(product_id))["products"]["product"]
    return products[0]["quantity_available"]


def order_epyc(client: SandboxClient, units: int = 1, **extra: str) -> dict:
    params = {f"pid[{i}]": str(EPYC) for i in range(units)}
    params |= {f"billingcycle[{i}]": "monthly" for i in range(units)}
    return classic(client, "AddOrder", clientid="1", paymentmethod="stripe", **params, **extra)


def scalable_epyc(app) -> None:
    """Let the EPYC server be ordered in quantities (the demo data sells it one at a time)."""
    catalog = app.world.catalog
    products = tuple(
        replace(p, multiple_quantities=2) if p.id == EPYC else p for p in catalog.products
    )
    app.world.catalog = replace(catalog, products=products)


def b64(values: dict) -> str:
    return base64.b64encode(dumps_array(values)).decode()


# -- stock ------------------------------------------------------------------------------------


def test_orders_take_stock_and_cancelling_or_deleting_gives_it_back(client) -> None:
    assert (stock_of(client), classic_stock(client)) == (3, 3)
    first = order_epyc(client)
    assert first["result"] == "success", first
    assert (stock_of(client), classic_stock(client)) == (2, 2)
    second = order_epyc(client, units=2)
    assert second["result"] == "success", second
    assert stock_of(client) == 0  # sold out
    refused = order_epyc(client)
    assert refused == {"result": "error", "message": "EPYC 7443P is out of stock"}
    sold_out_cart = new_cart(client)
    add(client, sold_out_cart, {"type": "product", "product_id": EPYC, "billing_cycle": "monthly"})
    errors = client.post(f"/cart/{sold_out_cart}/validate").json()["data"]["validation_errors"]
    assert errors[0]["errors"] == [
        {"id": EPYC, "type": "product", "error": "EPYC 7443P is out of stock"}
    ]

    # Cancel gives the units back; deleting the cancelled order does not give them twice.
    first_id, second_id = str(first["orderid"]), str(second["orderid"])
    assert classic(client, "CancelOrder", orderid=first_id)["result"] == "success"
    assert stock_of(client) == 1
    assert classic(client, "DeleteOrder", orderid=first_id)["result"] == "success"
    assert stock_of(client) == 1
    # Back to Pending takes them again; a fraud order keeps them until it is deleted.
    assert classic(client, "CancelOrder", orderid=second_id)["result"] == "success"
    assert stock_of(client) == 3
    assert classic(client, "PendingOrder", orderid=second_id)["result"] == "success"
    assert stock_of(client) == 1
    assert classic(client, "FraudOrder", orderid=second_id)["result"] == "success"
    assert stock_of(client) == 1
    assert classic(client, "DeleteOrder", orderid=second_id)["result"] == "success"
    assert (stock_of(client), classic_stock(client)) == (3, 3)
    assert stock_of(client, 1) is None  # products without stock control are untouched


def test_a_cart_beyond_the_stock_is_refused_by_validation_checkout_and_the_page(
    app, client
) -> None:
    scalable_epyc(app)
    epyc = {"type": "product", "product_id": EPYC, "billing_cycle": "monthly"}
    too_many = new_cart(client)
    add(client, too_many, {**epyc, "quantity": 2}, {**epyc, "quantity": 2})
    expected = {
        "id": EPYC,
        "type": "product",
        "error": "EPYC 7443P: only 3 left in stock (4 in the cart)",
    }
    errors = client.post(f"/cart/{too_many}/validate").json()["data"]["validation_errors"]
    assert [entry["errors"] for entry in errors] == [[expected], [expected]]
    refused = client.post(f"/cart/{too_many}/checkout")
    assert refused.status_code == 400
    assert refused.json()["data"]["validation_errors"] == errors

    # Two buyers reach the checkout page; the first takes two units, the second is refused.
    late, early = new_cart(client), new_cart(client)
    add(client, late, {**epyc, "quantity": 2})
    late_page = client.http.get(start_checkout(client, late))
    add(client, early, {**epyc, "quantity": 2})
    early_page = client.http.get(start_checkout(client, early))
    details = {
        "paymentmethod": "stripe",
        "firstname": "Ann",
        "lastname": "Buyer",
        "country": "DE",
    }
    placed = client.http.post(
        "/cart.php?a=checkout",
        data={**form_of(early_page.text), **details, "email": "ann@example.net"},
    )
    assert placed.status_code == 200 and "Thank you" in placed.text
    service = app.world.accounts.services[app.world.orders[0].service_ids[0]]
    assert service.quantity == 2
    assert stock_of(client) == 1
    page = client.http.post(
        "/cart.php?a=checkout",
        data={**form_of(late_page.text), **details, "email": "bob@example.net"},
    )
    assert page.status_code == 400
    assert "EPYC 7443P: only 1 left in stock (2 in the cart)" in page.text
    assert len(app.world.orders) == 1 and stock_of(client) == 1


# -- GetPromotions ------------------------------------------------------------------------------


def test_get_promotions_shows_the_default_currency_value_and_keeps_the_others(client) -> None:
    answer = classic(client, "GetPromotions")
    assert answer["result"] == "success"
    by_code = {p["code"]: p for p in answer["promotions"]["promotion"]}
    assert answer["totalresults"] == len(by_code) == 5
    save10 = by_code["SAVE10"]
    assert save10["value"] == "10.00"
    assert save10["currencyvalues"] == {"USD": "10.00", "EUR": "9.00", "GBP": "8.00"}
    assert {key: save10[key] for key in ("id", "type", "recurring", "cycles", "appliesto")} == {
        "id": 2,
        "type": "Fixed Amount",
        "recurring": 0,
        "cycles": "quarterly,semiannually,annually",
        "appliesto": "6,7,8",
    }
    assert (save10["maxuses"], save10["uses"], save10["onceperclient"]) == (100, 99, 0)
    assert save10["expirationdate"] == "2026-04-01"
    assert by_code["VPS5"]["value"] == "5.00" and by_code["VPS5"]["recurfor"] == 3
    welcome = by_code["WELCOME20"]
    assert (welcome["value"], welcome["currencyvalues"], welcome["newsignups"]) == ("20.00", {}, 0)
    assert by_code["NEWCLIENT15"]["newsignups"] == 1
    assert by_code["FREESETUP"]["expirationdate"] == "2026-03-01"
    for field in ("requires", "startdate", "lifetimepromo", "applyonce", "existingclient"):
        assert field in welcome
    # The REST cart shows the value in the cart's currency.
    cart_id = new_cart(client, currency="EUR")
    add(client, cart_id, {"type": "product", "product_id": 6, "billing_cycle": "quarterly"})
    client.post(f"/cart/{cart_id}/promotions", json={"code": "SAVE10"})
    assert client.get(f"/cart/{cart_id}/promotions").json()["data"][0]["value"] == 9.0


def test_get_promotions_counts_uses_made_in_the_sandbox(client) -> None:
    added = classic(
        client,
        "AddOrder",
        clientid="3",
        paymentmethod="stripe",
        promocode="VPS5",
        **{"pid[0]": "6", "billingcycle[0]": "monthly"},
    )
    assert added["result"] == "success", added
    vps5 = classic(client, "GetPromotions", code="vps5")["promotions"]["promotion"]
    assert [p["uses"] for p in vps5] == [1]


# -- AddOrder extras ------------------------------------------------------------------------------


def test_add_order_honours_addons_custom_fields_config_options_and_price_override(
    app, client
) -> None:
    added = classic(
        client,
        "AddOrder",
        clientid="1",
        paymentmethod="stripe",
        noinvoice="true",
        **{
            "pid[0]": "6",
            "billingcycle[0]": "monthly",
            "addons[0]": "2,3",
            "customfields[0]": b64({7: "host1.example.com"}),
            "configoptions[0]": b64({1: 13, 3: "on", 4: "2"}),
            "priceoverride[0]": "20.00",
        },
    )
    assert added["result"] == "success", added
    assert "invoiceid" not in added  # noinvoice: WHMCS leaves it out
    service_id = int(added["serviceids"])
    assert len(added["addonids"].split(",")) == 2
    assert classic(client, "AcceptOrder", orderid=str(added["orderid"]))["result"] == "success"
    listed = classic(client, "GetOrders", id=str(added["orderid"]))["orders"]["order"][0]
    assert (listed["invoiceid"], listed["paymentstatus"]) == (0, "")

    owner = SandboxClient(app)
    owner.login(*DEMO_USER)
    fields = owner.get(f"/user/services/{service_id}/customfields").json()["data"]
    assert [(f["custom_field"]["id"], f["value"]) for f in fields] == [(7, "host1.example.com")]
    options = owner.get(f"/user/services/{service_id}/configoptions").json()["data"]
    assert {o["config_option"]["id"]: o["option"]["value"] for o in options} == {
        1: 13,
        3: True,
        4: 2,
    }
    addons = owner.get(f"/user/services/{service_id}/addons").json()["data"]
    assert len(addons) == 2 and all(a["status"].lower() == "active" for a in addons)
    service = app.world.accounts.services[service_id]
    assert service.status == "Active"
    # The override replaces the product's price (and its setup fee); options are added on top.
    plain = classic(
        client,
        "AddOrder",
        clientid="1",
        paymentmethod="stripe",
        **{
            "pid[0]": "6",
            "billingcycle[0]": "monthly",
            "addons[0]": "2,3",
            "customfields[0]": b64({7: "host2.example.com"}),
            "configoptions[0]": b64({1: 13, 3: 1, 4: 2}),
        },
    )
    plain_service = app.world.accounts.services[int(plain["serviceids"])]
    product_price = Decimal("12.00")  # VPS S monthly, USD
    assert plain_service.recurring - service.recurring == product_price - Decimal("20.00")
    assert plain["invoiceid"] > 0


def test_add_order_renews_the_clients_own_domains(app, client) -> None:
    added = classic(
        client,
        "AddOrder",
        clientid="3",
        paymentmethod="paypal",
        **{"domainrenewals[agency-client.com]": "2"},
    )
    assert added["result"] == "success", added
    order = classic(client, "GetOrders", id=str(added["orderid"]))["orders"]["order"][0]
    lines = order["lineitems"]["lineitem"]
    assert [(line["type"], line["producttype"], line["product"]) for line in lines] == [
        ("renewal", "Domain", "Renewal")
    ]
    assert (lines[0]["domain"], lines[0]["billingcycle"]) == ("agency-client.com", 2)
    assert order["renewals"] == f"{lines[0]['relid']}=2"
    assert Decimal(order["amount"]) > 0
    other = classic(
        client,
        "AddOrder",
        clientid="3",
        paymentmethod="paypal",
        **{"domainrenewals[danademo.com]": "1"},  # client 1's domain
    )
    assert other == {
        "result": "error",
        "message": "Domain not owned by Client ID provided",
    }


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("customfields[0]", "%%%not base64", "Invalid customfields[0]: the value is not valid"),
        (
            "customfields[0]",
            base64.b64encode(b'O:8:"stdClass":0:{}').decode(),
            "Invalid customfields[0]: a serialized array was expected",
        ),
        (
            "configoptions[0]",
            base64.b64encode(b"a:1:{i:1;a:0:{}}").decode(),
            "Invalid configoptions[0]: only integer, string and boolean values",
        ),
        (
            "configoptions[0]",
            base64.b64encode(b"a:1:{i:1;d:1.5;}").decode(),
            "Invalid configoptions[0]: only integer",
        ),
        ("configoptions[0]", b64({"os": 13}), "Invalid configoptions[0]: the keys must be ids"),
        ("configoptions[0]", b64({99: 1}), "Invalid Config Option ID: 99"),
        ("customfields[0]", b64({1: "x"}), "Invalid Custom Field ID: 1"),
        ("addons[0]", "2,x", "Invalid addons[0]"),
        ("addons[0]", "5", "Invalid Addon ID: 5"),
        ("priceoverride[0]", "cheap", "The priceoverride[0] price must be a number"),
        ("priceoverride[0]", "-1", "The priceoverride[0] price must not be negative"),
    ],
)
def test_add_order_refuses_bad_extras(app, client, name: str, value: str, message: str) -> None:
    answer = classic(
        client,
        "AddOrder",
        clientid="1",
        paymentmethod="stripe",
        **{"pid[0]": "6", "billingcycle[0]": "monthly", name: value},
    )
    assert answer["result"] == "error" and answer["message"].startswith(message), answer
    assert app.world.orders == []


def test_the_php_serialize_reader_reads_flat_arrays_only() -> None:
    values = {1: "héllo", "k": 7, 3: True, 4: False, 5: -2}
    assert loads_array(dumps_array(values)) == values
    assert loads_array(b'a:1:{i:7;s:2:"a;";}') == {7: "a;"}
    assert loads_base64_array(base64.b64encode(b"a:0:{}").decode()) == {}
    for bad in [
        b'a:1:{i:1;s:9:"short";}',  # length mismatch
        b"a:2:{i:1;i:2;}",  # fewer entries than announced
        b"a:0:{}trailing",
        b"a:1:{i:1;N;}",
        b'a:1:{i:1;O:8:"stdClass":0:{}}',
        b"a:1:{i:1;r:1;}",
        b"a:1:{b:1;i:1;}",  # bool keys
        b's:3:"abc";',
        b"a:1001:{}",
        b"",
    ]:
        with pytest.raises(PhpSerializeError):
            loads_array(bad)


# -- new-signup-only promotions -------------------------------------------------------------------

NEW_SIGNUPS = "Invalid Promotion Code: This promotion code is only valid for new signups"
BUSINESS = {
    "type": "product",
    "product_id": 2,
    "billing_cycle": "monthly",
    "domain": "brand-new-site.com",
}


def test_new_signup_codes_are_for_guests_and_clients_without_services_or_orders(
    app, client, user_client, clock: FakeClock
) -> None:
    guest_cart = new_cart(client)
    add(client, guest_cart, BUSINESS)
    allowed = client.post(f"/cart/{guest_cart}/promotions", json={"code": "NEWCLIENT15"})
    assert allowed.status_code == 200
    assert allowed.json()["data"]["totals"]["discounts"][0]["amount"]["value"] == "1.20"

    existing_cart = new_cart(user_client)  # client 1 has a service
    add(user_client, existing_cart, BUSINESS)
    refused = user_client.post(f"/cart/{existing_cart}/promotions", json={"code": "NEWCLIENT15"})
    assert refused.status_code == 422 and refused.json()["message"] == NEW_SIGNUPS
    assert user_client.get(f"/cart/{existing_cart}/promotions").json()["data"] == []

    fresh = SandboxClient(app)  # client 2 has neither services nor orders
    assert two_factor_login(fresh, clock)[1].status_code == 200
    fresh_cart = new_cart(fresh)
    add(fresh, fresh_cart, BUSINESS)
    assert (
        fresh.post(f"/cart/{fresh_cart}/promotions", json={"code": "NEWCLIENT15"}).status_code
        == 200
    )
    # Once client 2 has an order (even one without services), the code is refused.
    domain_only = {"domaintype[0]": "register", "domain[0]": "fresh-client-name.com"}
    placed = classic(client, "AddOrder", clientid="2", paymentmethod="stripe", **domain_only)
    assert placed["result"] == "success", placed
    errors = fresh.post(f"/cart/{fresh_cart}/validate").json()["data"]["validation_errors"]
    assert errors == [{"item_id": "", "errors": [NEW_SIGNUPS]}]
    again = fresh.post(f"/cart/{fresh_cart}/promotions", json={"code": "NEWCLIENT15"})
    assert again.status_code == 422 and again.json()["message"] == NEW_SIGNUPS


def test_a_guest_code_is_refused_at_checkout_once_an_existing_client_logs_in(app) -> None:
    shopper = SandboxClient(app)
    cart_id = new_cart(shopper)
    add(shopper, cart_id, BUSINESS)
    assert shopper.post(f"/cart/{cart_id}/promotions", json={"code": "NEWCLIENT15"}).is_success
    shopper.login(*DEMO_USER)
    refused = shopper.post(f"/cart/{cart_id}/checkout")
    assert refused.status_code == 400
    assert {"item_id": "", "errors": [NEW_SIGNUPS]} in refused.json()["data"]["validation_errors"]
    shopper.delete(f"/cart/{cart_id}/promotions")
    assert shopper.post(f"/cart/{cart_id}/checkout").status_code == 200

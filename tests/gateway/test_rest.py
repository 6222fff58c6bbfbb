"""REST v2 operations through the real transport, with WHMCS mocked by respx.

The `call` adapter below stands in for the session layer: it sends through `Transport`,
carries the latest X-Api-State, and raises `errors.error_for(...)` for non-2xx answers.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import httpx
import pytest
import respx

from tests.gateway import openapi_requests
from whmcs_gateway import errors
from whmcs_gateway.models import CartItemTypeDomainRegister, CartItemTypeProduct, Page
from whmcs_gateway.rest import (
    AddonChoice,
    BundleItem,
    BundleProductItem,
    ConfigOptionInput,
    CustomFieldInput,
    DomainItemChange,
    DomainOptions,
    DomainRegisterItem,
    DomainRenewalItem,
    DomainTransferItem,
    ProductItem,
    ProductItemChange,
    RestApi,
    ServiceAddonItem,
    ServiceRenewalItem,
    all_items,
    iter_pages,
    segment,
)
from whmcs_gateway.transport import ApiResponse, Transport, TransportConfig

BASE = "https://whmcs.test"
API = f"{BASE}/api/v2"
CART_ID = "V8UH6nyaU6Hj8hCh"
ITEM_ID = "a1b2c3d4"
CLIENT_UUID = "11C2M72y-z54n-5721-nnF8-13492be5uHiu"

# -- contract-valid sample answers ------------------------------------------------------------


def amount(value: str) -> dict[str, str]:
    return {
        "value": value,
        "code": "USD",
        "display_value": f"${value} USD",
        "prefix": "$",
        "suffix": " USD",
    }


GROUP = {
    "id": 7,
    "name": "Shared Hosting",
    "description": "Hosting for small sites",
    "icon": None,
    "headline": "Fast and friendly",
    "tagline": None,
    "order": 1,
    "features": [{"id": 1, "name": "SSD storage", "order": 1}],
}
PRICING = {
    "is_free": False,
    "recurring": [
        {"cycle": "monthly", "setup": amount("0.00"), "amount": amount("4.99")},
        {"cycle": "annually", "setup": amount("0.00"), "amount": amount("49.90")},
    ],
}
PRODUCT = {
    "id": 1,
    "name": "Starter Hosting",
    "description": "One site, 10 GB",
    "tagline": "Start today",
    "allow_multiple_quantities": {"is_supported": False, "type": {"code": 0, "display": "No"}},
    "is_domain_required": True,
    "stock_control_enabled": False,
    "stock_quantity": None,
    "type": {"name": "hostingaccount", "display_name": "Hosting Account"},
    "order": 1,
    "group": GROUP,
}
PRODUCT_PRICING = {**PRODUCT, "pricing": PRICING}
CUSTOM_FIELD = {
    "id": 11,
    "name": "Site purpose",
    "description": None,
    "type": "text",
    "options": None,
    "validation": None,
    "required": True,
}
CONFIG_OPTION = {
    "id": 21,
    "name": "Disk",
    "type": "dropdown",
    "quantity_minimum": None,
    "quantity_maximum": None,
    "sort_order": 1,
    "options": [{"name": "10 GB", "value": 31, "sort_order": 1, "pricing": PRICING}],
}
LINE_BILLING = {
    "cycle": "monthly",
    "price": {
        "onetime": {"setup": amount("0.00"), "amount": amount("4.99")},
        "recurring": {"setup": amount("0.00"), "amount": amount("4.99")},
    },
}
CHOSEN_CONFIG_OPTION = {
    "id": 21,
    "name": "Disk",
    "type": "dropdown",
    "option": {"name": "10 GB", "value": 31},
    "billing": LINE_BILLING,
}
PRODUCT_ITEM = {
    "item_id": ITEM_ID,
    "type": "product",
    "quantity": 1,
    "domain": "example.com",
    "product": PRODUCT,
    "billing": LINE_BILLING,
    "addons": [
        {
            "item_id": "e5f6g7h8",
            "quantity": 1,
            "addon": {"id": 3, "name": "Backups"},
            "billing": LINE_BILLING,
        }
    ],
    "custom_fields": [{**CUSTOM_FIELD, "value": "Blog"}],
    "config_options": [CHOSEN_CONFIG_OPTION],
}
DOMAIN_ITEM = {
    "item_id": "i9j0k1l2",
    "type": "domain_register",
    "period": 1,
    "name": "example.com",
    "idn_language": None,
    "dns_management": True,
    "email_forwarding": False,
    "id_protection": True,
    "nameservers": None,
    "additional_fields": [],
    "billing": {
        "cycle": "annually",
        "price": {"onetime": {"setup": amount("0.00"), "amount": amount("12.00")}},
    },
}
CART_CONTENTS = {
    "items": [PRODUCT_ITEM, DOMAIN_ITEM],
    "promotions": [
        {
            "code": "SAVE5",
            "type": "Fixed Amount",
            "value": 5.0,
            "is_recurring": False,
            "number_of_recurring": None,
        }
    ],
    "totals": {
        "recurring": [{"cycle": "monthly", "amount": amount("4.99")}],
        "subtotal": amount("16.99"),
        "discounts": [{"type": "promotions", "amount": amount("5.00")}],
        "geolocation": {"country_code": "US", "state": "CA"},
        "taxes": [{"name": "Sales Tax", "percentage": 7.5, "amount": amount("0.90")}],
        "total": amount("12.89"),
    },
}
DOMAIN_PRICING = {
    "period": 1,
    "register": amount("12.00"),
    "transfer": amount("12.00"),
    "renew": amount("14.00"),
}
DOMAIN_STATUS = {
    "domain_name": "example.com",
    "idn_domain_name": "example.com",
    "tld": "com",
    "sld": "example",
    "idn_sld": "example",
    "status": "available for registration",
    "group": None,
    "pricing": [DOMAIN_PRICING],
    "shortest_period": DOMAIN_PRICING,
    "is_premium": False,
    # Null is what WHMCS sends for a regular name, but "nullable + allOf" in the contract only
    # validates an object under OpenAPI 3.0 rules (models accept null: see test_models).
    "premium_cost_pricing": DOMAIN_PRICING,
}
TLD_PRICING = {
    "tld": "com",
    "categories": ["Popular"],
    "group": "sale",
    "addons": {
        "dns_management": True,
        "email_forwarding": True,
        "id_protection": False,
        "epp_code_required": True,
    },
    "pricing": [DOMAIN_PRICING],
    "grace_period": {"days": 30, "price": amount("0.00")},
    "redemption_period": None,
}
META = {"total_items": 1, "page": 1, "total_pages": 1, "page_size": 50}
SERVICE_BILLING = {
    "cycle": "monthly",
    "price": {"first_payment": {"amount": amount("4.99")}, "recurring": {"amount": amount("4.99")}},
    "payment_gateway": {"name": "banktransfer", "description": "Bank Transfer"},
    "next_due_date": "2025-04-14",
}
SERVICE_ADDON = {
    "id": 456,
    "addon": {"id": 3, "name": "Backups"},
    "service": {"id": 789},
    "quantity": 1,
    "status": "Active",
    "registration_date": "2024-03-14",
    "billing": SERVICE_BILLING,
    "renewal": {
        "id": 456,
        "type": "addon",
        "is_renewable": False,
        "non_renewable_reason": "This addon is not renewable because it has been cancelled.",
        "price": amount("1.00"),
    },
}
SERVICE_CUSTOM_FIELD = {
    "id": 234,
    "custom_field": CUSTOM_FIELD,
    "service": {"id": 789},
    "value": "Blog",
}
SERVICE_CONFIG_OPTION = {
    "id": 89,
    "config_option": {"id": 21, "name": "Disk", "type": "dropdown"},
    "service": {"id": 789},
    "option": {"name": "10 GB", "value": 31},
    "billing": {"price": {"recurring": {"amount": amount("1.00")}}},
}
SERVICE = {
    "id": 789,
    "product": PRODUCT,
    "server": {"id": 5, "name": "web01", "groups": [{"id": 1, "name": "Shared servers"}]},
    "domain": "example.com",
    "status": "Active",
    "quantity": 1,
    "registration_date": "2024-03-14",
    "billing": {**SERVICE_BILLING, "promotions": []},
    "addons": [SERVICE_ADDON],
    "custom_fields": [SERVICE_CUSTOM_FIELD],
    "config_options": [SERVICE_CONFIG_OPTION],
    "renewal": {
        "id": 789,
        "type": "service",
        "is_renewable": True,
        "non_renewable_reason": None,
        "renewal_period": {"start": "2025-04-14", "end": "2025-05-14"},
        "price": amount("4.99"),
    },
}
DOMAIN_RENEWAL = {
    "domain_name": "example.com",
    "id": 123456,
    "status": "Active",
    "expiry_date": "2026-03-14",
    "days_to_expiry": 45,
    "is_expiring_soon": True,
    "eligible_for_renewal": True,
    "renewal_periods": [{"period": 1, "pricing": amount("14.00")}],
}
CLIENT = {"uuid": CLIENT_UUID, "company": "Doe Ltd", "selected": True}
USER = {"email": "jane@example.com", "firstname": "Jane", "lastname": "Doe", "clients": [CLIENT]}
ADMIN = {"email": "admin@example.com", "firstname": "Ada", "lastname": "Admin"}
CHALLENGE = {
    "condition": "twofa",
    "fields": [{"name": "key", "description": "Authenticator code", "type": "number"}],
}

# Every operation of the contract and a success answer for it.
SAMPLE_ANSWERS: dict[tuple[str, str], Any] = {
    ("GET", "/status"): {
        "data": {
            "server_time": "2025-02-06T21:04:45+00:00",
            "timezone": "UTC",
            "currencies": [{"code": "USD", "prefix": "$", "suffix": " USD", "default": True}],
        }
    },
    ("POST", "/keepalive"): None,
    ("GET", "/countries"): {"data": [{"code": "US", "name": "United States"}]},
    ("GET", "/countries/{country_code}"): {
        "data": {
            "code": "US",
            "name": "United States",
            "states": [{"code": "CA", "name": "California"}],
        }
    },
    ("GET", "/billing/currencies"): {
        "data": [{"code": "EUR", "prefix": "€", "suffix": "", "default": False}]
    },
    ("GET", "/billing/cycles"): {
        "data": [{"cycle": "monthly", "description": "Monthly", "months": 1}]
    },
    ("GET", "/store/billing/gateways"): {
        "data": [{"name": "banktransfer", "description": "Bank Transfer"}]
    },
    ("GET", "/store/domain/spotlight"): {"meta": META, "data": [DOMAIN_STATUS]},
    ("GET", "/store/domain/suggestions"): {
        "meta": [],
        "data": {
            "lookup_provider": "WhmcsDomains",
            "maximum_length_supported": True,
            "tld_override_supported": True,
            "sensitive_filter_override_supported": False,
            "maximum_term_length": 1500,
            "configured_suggestion_tlds": ["com", "net"],
        },
    },
    ("POST", "/store/domain/suggestions"): {"meta": META, "data": [DOMAIN_STATUS]},
    ("GET", "/store/domain/availability"): {
        "meta": [],
        "data": {"is_domain_available": True, "is_tld_available": True, "domain": DOMAIN_STATUS},
    },
    ("GET", "/store/domain/pricing"): {"meta": META, "data": [TLD_PRICING]},
    ("GET", "/store/domain/pricing/{tld_id}"): {"meta": [], "data": TLD_PRICING},
    ("GET", "/store/domain/pricing/spotlight"): {"meta": META, "data": [TLD_PRICING]},
    ("GET", "/store/domain/idnlanguages"): {
        "meta": META,
        "data": [{"code": "afr", "language": "Afrikaans"}],
    },
    ("GET", "/store/domain/additionalfields"): {
        "meta": [],
        "data": [
            {
                "name": "Nexus Category",
                "required": True,
                "type": "dropdown",
                "default": "C11",
                "options": [{"value": "C11", "display_name": "C11 - United States Citizen"}],
            }
        ],
    },
    ("GET", "/store/products"): {"data": [PRODUCT_PRICING]},
    ("GET", "/store/products/{product_id}"): {"data": PRODUCT_PRICING},
    ("GET", "/store/products/groups"): {"data": [GROUP]},
    ("GET", "/store/products/groups/{group_id}"): {
        "data": {**GROUP, "products": [PRODUCT_PRICING]}
    },
    ("GET", "/store/products/{product_id}/addons"): {
        "data": [{"id": 3, "name": "Backups", "description": None, "pricing": PRICING}]
    },
    ("GET", "/store/products/{product_id}/customfields"): {"data": [CUSTOM_FIELD]},
    ("GET", "/store/products/{product_id}/configoptions"): {"data": [CONFIG_OPTION]},
    ("GET", "/store/products/{product_id}/cross-sells"): {"data": [PRODUCT_PRICING]},
    ("GET", "/store/bundles/groups/{group_id}"): {
        "data": {
            **GROUP,
            "bundles": [
                {
                    "id": 2,
                    "name": "Site + domain",
                    "price": amount("9.99"),
                    "max_uses": 0,
                    "uses": 0,
                    "allow_promo": True,
                    "is_featured": False,
                    "bundle_items": {
                        "id": 1,
                        "name": "Starter Hosting",
                        "bundle_type": "product",
                        "billing_cycle": "monthly",
                        "price_override": True,
                        "price": amount("2.99"),
                    },
                }
            ],
        }
    },
    ("POST", "/cart"): {"data": {"id": CART_ID}},
    ("GET", "/cart"): {"data": [{"id": CART_ID}]},
    ("GET", "/cart/{cart_id}"): {"data": CART_CONTENTS},
    ("POST", "/cart/{cart_id}/validate"): {
        "data": {"validation_errors": [{"item_id": ITEM_ID, "errors": ["Domain is required"]}]}
    },
    ("GET", "/cart/{cart_id}/items/{item_id}/customfields/{custom_field_id}"): {
        "data": {**CUSTOM_FIELD, "value": "Blog"}
    },
    ("GET", "/cart/{cart_id}/items/{item_id}/configoptions/{config_option_id}"): {
        "data": CHOSEN_CONFIG_OPTION
    },
    ("GET", "/cart/{cart_id}/promotions"): {
        "data": [{"code": "SAVE5", "type": "Fixed Amount", "value": 5.0}]
    },
    ("GET", "/cart/{cart_id}/counter"): {"data": {"counter": 3}},
    ("POST", "/cart/{cart_id}/checkout"): {"data": {"url": f"{BASE}/cart.php?a=checkout"}},
    ("POST", "/user/session"): {"data": USER},
    ("DELETE", "/user/session"): None,
    ("POST", "/user/session/verify"): {"data": USER},
    ("GET", "/user/clients"): {"data": [CLIENT]},
    ("PUT", "/user/session/client/{client_uuid}"): None,
    ("GET", "/user/services"): {"data": [SERVICE]},
    ("GET", "/user/services/{service_id}"): {"data": SERVICE},
    ("GET", "/user/services/{service_id}/addons"): {"data": [SERVICE_ADDON]},
    ("GET", "/user/services/{service_id}/addons/{service_addon_id}"): {"data": SERVICE_ADDON},
    ("GET", "/user/services/{service_id}/customfields"): {"data": [SERVICE_CUSTOM_FIELD]},
    ("GET", "/user/services/{service_id}/customfields/{service_customfield_id}"): {
        "data": SERVICE_CUSTOM_FIELD
    },
    ("GET", "/user/services/{service_id}/configoptions"): {"data": [SERVICE_CONFIG_OPTION]},
    ("GET", "/user/services/{service_id}/configoptions/{service_configoption_id}"): {
        "data": SERVICE_CONFIG_OPTION
    },
    ("GET", "/user/domains"): {"data": [DOMAIN_RENEWAL]},
    ("GET", "/user/domains/{domain_id}"): {"data": DOMAIN_RENEWAL},
    ("POST", "/admin/session"): {"data": ADMIN},
    ("DELETE", "/admin/session"): None,
    ("POST", "/admin/session/verify"): {"data": ADMIN},
    ("GET", "/admin/system/status"): {"status": "ok"},
    ("GET", "/admin/clients/search"): {"data": [{**CLIENT, "id": 42}]},
    ("GET", "/admin/users/search"): {"data": [{**USER, "id": 12}]},
    ("POST", "/admin/clients/{client_id}/session"): {"data": {**USER, "id": 12}},
    ("POST", "/admin/users/{user_id}/session"): {"data": {**USER, "id": 12}},
}


def sample_answer(operation: tuple[str, str]) -> Any:
    # Every cart change not listed answers with the whole cart.
    if operation in SAMPLE_ANSWERS:
        return SAMPLE_ANSWERS[operation]
    assert operation[1].startswith("/cart/{cart_id}"), operation
    return {"data": CART_CONTENTS}


# -- the session layer's stand-in -------------------------------------------------------------


class SessionCall:
    """What the session layer does around each call: latest state in, new state out, raise."""

    def __init__(self, transport: Transport, state: str | None = None) -> None:
        self.transport = transport
        self.state = state

    def __call__(
        self, method: str, path: str, *, params: Any = None, json: Any = None
    ) -> ApiResponse:
        response = self.transport.request(method, path, params=params, json=json, state=self.state)
        self.state = response.state or self.state
        error = errors.error_for(response.status, response.body, response.request_id)
        if error is not None:
            raise error
        return response


def make_transport(url_mode: str = "rewrite", **config: Any) -> Transport:
    return Transport(
        TransportConfig(base_url=BASE, url_mode=url_mode, **config),  # type: ignore[arg-type]
        sleep=lambda seconds: None,
    )


@pytest.fixture
def transport() -> Transport:
    transport = make_transport()
    yield transport
    transport.close()


@pytest.fixture
def api(transport: Transport) -> RestApi:
    return RestApi(SessionCall(transport))


def answer_json(body: Any, status: int = 200) -> httpx.Response:
    return httpx.Response(status, json=body, headers={"X-Api-State": "next-state-token"})


def sent_json(route: respx.Route, index: int = -1) -> Any:
    return json.loads(route.calls[index].request.content)


# -- every operation against the contract ------------------------------------------------------

# (how to call it, the (METHOD, path template) it must produce)
EVERY_OPERATION: list[Callable[[RestApi], Any]] = [
    lambda api: api.status.get(),
    lambda api: api.status.keepalive(),
    lambda api: api.countries.list(page=1, page_size=100),
    lambda api: api.countries.get("US"),
    lambda api: api.billing.currencies(),
    lambda api: api.billing.cycles(),
    lambda api: api.billing.gateways(),
    lambda api: api.domains.spotlight("example", page=1, page_size=10),
    lambda api: api.domains.suggestion_options(),
    lambda api: api.domains.suggestions(
        "coffee shop in Leeds",
        tlds=["com", "co.uk"],
        maximum_length=20,
        filter_sensitive_content=True,
    ),
    lambda api: api.domains.availability("example.com"),
    lambda api: api.domains.pricing(page=2, page_size=100),
    lambda api: api.domains.tld_pricing("com"),
    lambda api: api.domains.spotlight_pricing(),
    lambda api: api.domains.idn_languages(),
    lambda api: api.domains.additional_fields("us"),
    lambda api: api.store.products(page=1, page_size=500),
    lambda api: api.store.product(1),
    lambda api: api.store.groups(),
    lambda api: api.store.group(7),
    lambda api: api.store.product_addons(1),
    lambda api: api.store.product_custom_fields(1),
    lambda api: api.store.product_config_options(1),
    lambda api: api.store.cross_sells(1),
    lambda api: api.store.bundle_group(7),
    lambda api: api.cart.create(),
    lambda api: api.cart.list(),
    lambda api: api.cart.get(CART_ID),
    lambda api: api.cart.validate(CART_ID),
    lambda api: api.cart.update_item(CART_ID, ITEM_ID, ProductItemChange("annually", quantity=2)),
    lambda api: api.cart.remove_item(CART_ID, ITEM_ID),
    lambda api: api.cart.add_addons(CART_ID, ITEM_ID, [AddonChoice(3, quantity=1)]),
    lambda api: api.cart.add_items(
        CART_ID,
        [
            ProductItem(1, "monthly", quantity=1, domain="example.com"),
            DomainRegisterItem("example.com", period=2),
        ],
    ),
    lambda api: api.cart.empty(CART_ID),
    lambda api: api.cart.remove_addons(CART_ID, ITEM_ID),
    lambda api: api.cart.remove_custom_fields(CART_ID, ITEM_ID),
    lambda api: api.cart.set_custom_fields(CART_ID, ITEM_ID, [CustomFieldInput(11, "Blog")]),
    lambda api: api.cart.set_domain(CART_ID, ITEM_ID, "example.org"),
    lambda api: api.cart.custom_field(CART_ID, ITEM_ID, 11),
    lambda api: api.cart.remove_custom_field(CART_ID, ITEM_ID, 11),
    lambda api: api.cart.set_custom_field(CART_ID, ITEM_ID, 12, True),
    lambda api: api.cart.reset_config_options(CART_ID, ITEM_ID),
    lambda api: api.cart.set_config_options(
        CART_ID, ITEM_ID, [ConfigOptionInput(21, 31), ConfigOptionInput(22, True)]
    ),
    lambda api: api.cart.config_option(CART_ID, ITEM_ID, 21),
    lambda api: api.cart.reset_config_option(CART_ID, ITEM_ID, 21),
    lambda api: api.cart.set_config_option(CART_ID, ITEM_ID, 23, 4),
    lambda api: api.cart.promotions(CART_ID),
    lambda api: api.cart.apply_promotion(CART_ID, "SAVE5"),
    lambda api: api.cart.remove_promotion(CART_ID),
    lambda api: api.cart.counter(CART_ID),
    lambda api: api.cart.set_geolocation(CART_ID, "US", "CA"),
    lambda api: api.cart.checkout(CART_ID),
    lambda api: api.user.login("jane@example.com", "correct horse"),
    lambda api: api.user.logout(),
    lambda api: api.user.verify_second_factor("123456"),
    lambda api: api.user.clients(),
    lambda api: api.user.select_client(CLIENT_UUID),
    lambda api: api.account.services(),
    lambda api: api.account.service(789),
    lambda api: api.account.service_addons(789),
    lambda api: api.account.service_addon(789, 456),
    lambda api: api.account.service_custom_fields(789),
    lambda api: api.account.service_custom_field(789, 234),
    lambda api: api.account.service_config_options(789),
    lambda api: api.account.service_config_option(789, 89),
    lambda api: api.account.domains(),
    lambda api: api.account.domain(123456),
    lambda api: api.admin.login("administrator", "admin-pass"),
    lambda api: api.admin.logout(),
    lambda api: api.admin.verify_second_factor("928364"),
    lambda api: api.admin.system_status(),
    lambda api: api.admin.search_clients("doe"),
    lambda api: api.admin.search_users("jane"),
    lambda api: api.admin.masquerade_client(42),
    lambda api: api.admin.masquerade_user(12),
]


@pytest.mark.slow
def test_every_operation_sends_a_contract_valid_request_and_parses_a_contract_valid_answer(
    api: RestApi,
) -> None:
    covered: list[tuple[str, str]] = []

    def whmcs(request: httpx.Request) -> httpx.Response:
        operation = openapi_requests.validate_request(request)
        covered.append(operation)
        body = sample_answer(operation)
        response = httpx.Response(200) if body is None else answer_json(body)
        response.request = request
        if body is not None and operation != ("GET", "/admin/system/status"):
            openapi_requests.validate_response(request, response)
        return response

    with respx.mock(assert_all_called=True) as mock:
        mock.route(host="whmcs.test").mock(side_effect=whmcs)
        for operation in EVERY_OPERATION:
            operation(api)

    contract_operations = openapi_requests.contract_operations()
    assert len(contract_operations) == 75
    assert len(covered) == len(EVERY_OPERATION), "one request per operation"
    assert set(covered) == contract_operations
    assert len(set(covered)) == len(covered), "no operation called twice"


# -- what the user sees: parsed content ----------------------------------------------------------


@respx.mock
def test_cart_prices_are_decimals_and_items_are_typed_by_their_type(api: RestApi) -> None:
    respx.get(f"{API}/cart/{CART_ID}").mock(return_value=answer_json({"data": CART_CONTENTS}))

    cart = api.cart.get(CART_ID)

    product_item, domain_item = cart.items
    assert isinstance(product_item, CartItemTypeProduct)
    assert isinstance(domain_item, CartItemTypeDomainRegister)
    assert product_item.product.name == "Starter Hosting"
    assert product_item.billing.price.recurring.amount.value == Decimal("4.99")
    assert product_item.config_options[0].option.value == 31
    assert domain_item.name == "example.com"
    assert cart.totals.total.value == Decimal("12.89")
    assert cart.totals.total.display_value == "$12.89 USD"
    assert cart.totals.taxes[0].percentage == Decimal("7.5")
    assert cart.promotions[0].code == "SAVE5"


@respx.mock
def test_a_changed_answer_raises_schema_mismatch_naming_the_field(api: RestApi) -> None:
    broken_item = {
        **PRODUCT_ITEM,
        "billing": {
            "cycle": "monthly",
            "price": {
                "recurring": {"setup": amount("0.00"), "amount": {**amount("1"), "value": "one"}}
            },
        },
    }
    body = {"data": {**CART_CONTENTS, "items": [broken_item]}}
    respx.get(f"{API}/cart/{CART_ID}").mock(return_value=answer_json(body))

    with pytest.raises(errors.SchemaMismatch) as caught:
        api.cart.get(CART_ID)

    assert caught.value.field == "data.items[0].billing.price.recurring.amount.value"
    assert caught.value.request_id


@respx.mock
def test_a_missing_required_field_raises_schema_mismatch_not_key_error(api: RestApi) -> None:
    respx.get(f"{API}/status").mock(return_value=answer_json({"data": {"timezone": "UTC"}}))

    with pytest.raises(errors.SchemaMismatch) as caught:
        api.status.get()

    assert caught.value.field == "data.server_time"


@respx.mock
def test_checkout_returns_the_url_to_send_the_browser_to(api: RestApi) -> None:
    respx.post(f"{API}/cart/{CART_ID}/checkout").mock(
        return_value=answer_json(
            {"data": {"url": "https://whmcs.test/cart.php?a=checkout&token=x"}}
        )
    )

    assert api.cart.checkout(CART_ID) == "https://whmcs.test/cart.php?a=checkout&token=x"


# -- request bodies, exactly --------------------------------------------------------------------


@respx.mock
def test_add_items_serialises_every_kind_of_item(api: RestApi) -> None:
    route = respx.post(f"{API}/cart/{CART_ID}/items").mock(
        return_value=answer_json({"data": CART_CONTENTS})
    )
    items = [
        ProductItem(
            1,
            "monthly",
            quantity=2,
            addons=[AddonChoice(3, 1)],
            custom_fields=[CustomFieldInput(11, "Blog"), CustomFieldInput(12, True)],
            config_options=[ConfigOptionInput(21, 31), ConfigOptionInput(22, False)],
        ),
        ServiceAddonItem(addon_id=3, service_id=789, billing_cycle="annually"),
        DomainRegisterItem(
            "example.com", 2, DomainOptions(id_protection=True, nameservers=["ns1.example.net"])
        ),
        DomainTransferItem("example.org", epp_code="AbC-123"),
        DomainRenewalItem(123456, period=3),
        ServiceRenewalItem(789),
        ServiceRenewalItem(456, kind="addon_renewal"),
        BundleItem(
            2,
            [
                BundleProductItem(1, "monthly", domain=DomainRegisterItem("bundle.com")),
                DomainTransferItem("bundle.net", epp_code="x1"),
            ],
        ),
    ]

    api.cart.add_items(CART_ID, items)

    assert sent_json(route) == {
        "items": [
            {
                "type": "product",
                "product_id": 1,
                "quantity": 2,
                "billing_cycle": "monthly",
                "addons": [{"id": 3, "quantity": 1}],
                "custom_fields": [{"id": 11, "value": "Blog"}, {"id": 12, "value": True}],
                "config_options": [{"id": 21, "value": 31}, {"id": 22, "value": False}],
            },
            {"type": "addon", "data": {"id": 3}, "service_id": 789, "billing_cycle": "annually"},
            {
                "type": "domain_register",
                "name": "example.com",
                "period": 2,
                "id_protection": True,
                "nameservers": ["ns1.example.net"],
            },
            {"type": "domain_transfer", "name": "example.org", "period": 1, "epp_code": "AbC-123"},
            {"type": "domain_renewal", "id": 123456, "period": 3},
            {"type": "service_renewal", "id": 789},
            {"type": "addon_renewal", "id": 456},
            {
                "type": "bundle",
                "id": 2,
                "items": [
                    {
                        "type": "product",
                        "product_id": 1,
                        "billing_cycle": "monthly",
                        "domain": {"type": "domain_register", "name": "bundle.com", "period": 1},
                    },
                    {
                        "type": "domain_transfer",
                        "name": "bundle.net",
                        "period": 1,
                        "epp_code": "x1",
                    },
                ],
            },
        ]
    }
    openapi_requests.validate_request(route.calls.last.request)


@respx.mock
def test_item_extras_use_the_contract_paths_and_bodies(api: RestApi) -> None:
    item = f"{API}/cart/{CART_ID}/items/{ITEM_ID}"
    cart = answer_json({"data": CART_CONTENTS})
    add_addon = respx.post(f"{item}/addon").mock(return_value=cart)
    remove_addons = respx.delete(f"{item}/addons").mock(return_value=cart)
    options = respx.post(f"{item}/configoptions").mock(return_value=cart)
    domain = respx.post(f"{item}/domain").mock(return_value=cart)
    update = respx.post(item).mock(return_value=cart)

    api.cart.add_addons(CART_ID, ITEM_ID, [AddonChoice(3), AddonChoice(4, quantity=2)])
    api.cart.remove_addons(CART_ID, ITEM_ID)
    api.cart.set_config_options(CART_ID, ITEM_ID, [ConfigOptionInput(22, True)])
    api.cart.set_domain(CART_ID, ITEM_ID, "example.org")
    api.cart.update_item(CART_ID, ITEM_ID, DomainItemChange("domain_register", 3))

    assert sent_json(add_addon) == {"addons": [{"id": 3}, {"id": 4, "quantity": 2}]}
    assert remove_addons.called
    assert sent_json(options) == {"config_options": [{"id": 22, "value": True}]}
    assert sent_json(domain) == {"domain_name": "example.org"}
    assert sent_json(update) == {"type": "domain_register", "period": 3}


@respx.mock
def test_promotion_geolocation_and_second_factor_bodies(api: RestApi) -> None:
    cart = answer_json({"data": CART_CONTENTS})
    promo = respx.post(f"{API}/cart/{CART_ID}/promotions").mock(return_value=cart)
    geo = respx.post(f"{API}/cart/{CART_ID}/geolocation").mock(return_value=cart)
    verify = respx.post(f"{API}/user/session/verify").mock(return_value=answer_json({"data": USER}))
    select = respx.put(f"{API}/user/session/client/{CLIENT_UUID}").mock(
        return_value=httpx.Response(200)
    )

    api.cart.apply_promotion(CART_ID, "SAVE5")
    api.cart.set_geolocation(CART_ID, "GB")
    user = api.user.verify_second_factor("123456")
    api.user.select_client(CLIENT_UUID)

    assert sent_json(promo) == {"code": "SAVE5"}
    assert sent_json(geo) == {"country_code": "GB"}
    assert sent_json(verify) == {"fields": {"key": "123456"}}
    assert select.calls.last.request.content == b""
    assert user.firstname == "Jane"
    assert user.clients[0].company == "Doe Ltd"


def test_path_segments_that_would_change_the_endpoint_are_refused(api: RestApi) -> None:
    for bad in ("../admin", "a/b", "", "..", "x?y=1", "x#y", "a%2Fb"):
        with pytest.raises(ValueError):
            segment(bad)
    with pytest.raises(ValueError):
        api.cart.get("../../admin/session")


def test_page_size_outside_what_whmcs_accepts_is_refused_before_sending(api: RestApi) -> None:
    with pytest.raises(ValueError):
        api.store.products(page_size=501)
    with pytest.raises(ValueError):
        api.store.products(page=0)


# -- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "body", "error_class", "message"),
    [
        (401, {"message": "Access Not Authorized"}, errors.Unauthorized, "Access Not Authorized"),
        (403, {"message": "Your IP has been banned"}, errors.Banned, "Your IP has been banned"),
        (404, {"message": "Entity Not Found"}, errors.NotFound, "Entity Not Found"),
        (422, {"message": "Invalid Promotion Code"}, errors.InvalidInput, "Invalid Promotion Code"),
        (400, {"message": "Bad request"}, errors.InvalidInput, "Bad request"),
        (501, {"message": "Not Implemented"}, errors.NotImplementedByWhmcs, "Not Implemented"),
        (500, {"message": "Boom"}, errors.Unavailable, errors.Unavailable.default_message),
        (503, None, errors.Unavailable, errors.Unavailable.default_message),
    ],
)
@respx.mock
def test_error_answers_raise_typed_errors(
    api: RestApi, status: int, body: Any, error_class: type[errors.WhmcsError], message: str
) -> None:
    respx.post(f"{API}/cart/{CART_ID}/promotions").mock(
        return_value=httpx.Response(status, json=body)
    )

    with pytest.raises(error_class) as caught:
        api.cart.apply_promotion(CART_ID, "NOPE")

    assert type(caught.value) is error_class
    assert caught.value.status == status
    assert caught.value.message == message
    assert caught.value.request_id


@respx.mock
def test_checkout_rejection_carries_each_items_errors(api: RestApi) -> None:
    problems = [
        {
            "item_id": ITEM_ID,
            "errors": [
                "Domain is required",
                {"id": 11, "type": "customfield", "error": "Site purpose is required"},
            ],
        }
    ]
    respx.post(f"{API}/cart/{CART_ID}/checkout").mock(
        return_value=httpx.Response(400, json={"data": {"validation_errors": problems}})
    )

    with pytest.raises(errors.CheckoutRejected) as caught:
        api.cart.checkout(CART_ID)

    assert caught.value.validation_errors == problems


@respx.mock
def test_validate_returns_each_items_messages(api: RestApi) -> None:
    problems = [
        {
            "item_id": ITEM_ID,
            "errors": [
                "Domain is required",
                {"id": 11, "type": "customfield", "error": "Site purpose is required"},
            ],
        }
    ]
    respx.post(f"{API}/cart/{CART_ID}/validate").mock(
        return_value=answer_json({"data": {"validation_errors": problems}})
    )

    (problem,) = api.cart.validate(CART_ID)

    assert problem.item_id == ITEM_ID
    assert problem.messages == ["Domain is required", "Site purpose is required"]


@respx.mock
def test_user_login_with_2fa_raises_second_factor_required_with_the_challenge(api: RestApi) -> None:
    respx.post(f"{API}/user/session").mock(
        return_value=answer_json({"data": CHALLENGE}, status=202)
    )

    with pytest.raises(errors.SecondFactorRequired) as caught:
        api.user.login("jane@example.com", "correct horse")

    assert caught.value.status == 202
    assert caught.value.challenge["condition"] == "twofa"
    assert caught.value.challenge["fields"][0]["name"] == "key"


@respx.mock
def test_admin_login_with_2fa_raises_second_factor_required_on_412(api: RestApi) -> None:
    respx.post(f"{API}/admin/session").mock(
        return_value=answer_json({"data": CHALLENGE}, status=412)
    )

    with pytest.raises(errors.SecondFactorRequired) as caught:
        api.admin.login("administrator", "admin-pass")

    assert caught.value.status == 412
    assert caught.value.challenge["fields"][0]["type"] == "number"


@respx.mock
def test_availability_without_a_lookup_provider_is_not_implemented(api: RestApi) -> None:
    respx.get(f"{API}/store/domain/availability").mock(
        return_value=httpx.Response(501, json={"message": "Functionality Not Implemented"})
    )

    with pytest.raises(errors.NotImplementedByWhmcs):
        api.domains.availability("example.com")


# -- retries -----------------------------------------------------------------------------------


@respx.mock
def test_get_is_retried_at_most_twice_on_5xx(api: RestApi) -> None:
    route = respx.get(f"{API}/cart/{CART_ID}/counter").mock(
        side_effect=[
            httpx.Response(502),
            httpx.Response(503),
            answer_json({"data": {"counter": 3}}),
        ]
    )

    assert api.cart.counter(CART_ID) == 3
    assert route.call_count == 3


@respx.mock
def test_get_gives_up_after_three_attempts(api: RestApi) -> None:
    route = respx.get(f"{API}/status").mock(return_value=httpx.Response(503))

    with pytest.raises(errors.Unavailable):
        api.status.get()
    assert route.call_count == 3


@respx.mock
def test_get_is_retried_on_connection_errors(api: RestApi) -> None:
    route = respx.get(f"{API}/status").mock(side_effect=httpx.ConnectError("refused"))

    with pytest.raises(errors.Unavailable):
        api.status.get()
    assert route.call_count == 3


@pytest.mark.parametrize(
    ("method", "operation"),
    [
        ("POST", lambda api: api.cart.apply_promotion(CART_ID, "SAVE5")),
        ("PUT", lambda api: api.user.select_client(CLIENT_UUID)),
        ("DELETE", lambda api: api.cart.empty(CART_ID)),
    ],
)
@pytest.mark.parametrize("failure", [httpx.Response(503), httpx.ConnectError("refused")])
@respx.mock
def test_unsafe_methods_are_never_retried(
    api: RestApi, method: str, operation: Callable[[RestApi], Any], failure: Any
) -> None:
    route = respx.route(method=method, host="whmcs.test").mock(
        side_effect=[failure, answer_json({})]
    )

    with pytest.raises(errors.Unavailable):
        operation(api)
    assert route.call_count == 1


# -- URL modes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url_mode", "path", "params"),
    [
        ("rewrite", "/api/v2/store/products", {"page": "2", "page_size": "10"}),
        ("pathinfo", "/index.php/api/v2/store/products", {"page": "2", "page_size": "10"}),
        ("basic", "/index.php", {"rp": "/api/v2/store/products", "page": "2", "page_size": "10"}),
    ],
)
@respx.mock
def test_url_modes(url_mode: str, path: str, params: dict[str, str]) -> None:
    route = respx.get(host="whmcs.test").mock(return_value=answer_json({"data": [PRODUCT_PRICING]}))
    api = RestApi(SessionCall(make_transport(url_mode)))

    page = api.store.products(page=2, page_size=10)

    request = route.calls.last.request
    assert request.url.path == path
    assert dict(request.url.params) == params
    assert page.items[0].name == "Starter Hosting"


@respx.mock
def test_basic_mode_joins_the_route_and_the_query_with_ampersands() -> None:
    route = respx.get(host="whmcs.test").mock(
        return_value=answer_json({"meta": META, "data": [DOMAIN_STATUS]})
    )
    api = RestApi(SessionCall(make_transport("basic")))

    api.domains.spotlight("example", page=2)

    assert str(route.calls.last.request.url) == (
        "https://whmcs.test/index.php?rp=%2Fapi%2Fv2%2Fstore%2Fdomain%2Fspotlight&domain=example&page=2"
    )


# -- secrets stay out of logs --------------------------------------------------------------------


@respx.mock
def test_no_token_password_or_query_value_reaches_the_logs(
    transport: Transport, caplog: pytest.LogCaptureFixture
) -> None:
    token = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXN0YXRl.c2lnbmF0dXJl"
    respx.post(f"{API}/user/session").mock(return_value=answer_json({"data": USER}))
    respx.get(f"{API}/admin/users/search").mock(return_value=answer_json({"data": []}))
    api = RestApi(SessionCall(transport, state=token))

    with caplog.at_level(logging.DEBUG):
        api.user.login("jane@example.com", "correct horse battery")
        api.admin.search_users("jane.secret.search")

    logged = caplog.text + " ".join(str(record.__dict__) for record in caplog.records)
    assert "/user/session" in caplog.text
    for secret in (token, "correct horse battery", "jane@example.com", "jane.secret.search"):
        assert secret not in logged


# -- walking pages -------------------------------------------------------------------------------


@respx.mock
def test_all_items_follows_meta_total_pages(api: RestApi) -> None:
    def pricing_page(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        meta = {"total_items": 3, "page": page, "total_pages": 3, "page_size": 1}
        return answer_json({"meta": meta, "data": [{**TLD_PRICING, "tld": f"tld{page}"}]})

    route = respx.get(f"{API}/store/domain/pricing").mock(side_effect=pricing_page)

    tlds = all_items(api.domains.pricing, page_size=1)

    assert [tld.tld for tld in tlds] == ["tld1", "tld2", "tld3"]
    assert [call.request.url.params["page_size"] for call in route.calls] == ["1", "1", "1"]


@respx.mock
def test_iter_pages_without_meta_stops_at_a_short_page(api: RestApi) -> None:
    pages = {
        "1": [{"code": "US", "name": "United States"}, {"code": "GB", "name": "United Kingdom"}],
        "2": [{"code": "FR", "name": "France"}],
    }
    route = respx.get(f"{API}/countries").mock(
        side_effect=lambda request: answer_json({"data": pages[request.url.params["page"]]})
    )

    walked = list(iter_pages(api.countries.list, page_size=2))

    assert [[country.name for country in page] for page in walked] == [
        ["United States", "United Kingdom"],
        ["France"],
    ]
    assert route.call_count == 2


@respx.mock
def test_iter_pages_stops_when_whmcs_ignores_paging(api: RestApi) -> None:
    everything = [{"code": f"C{n}", "name": f"Country {n}"} for n in range(5)]
    route = respx.get(f"{API}/countries").mock(return_value=answer_json({"data": everything}))

    assert len(all_items(api.countries.list, page_size=2)) == 5
    assert route.call_count == 1


@respx.mock
def test_iter_pages_passes_the_operations_own_arguments(api: RestApi) -> None:
    route = respx.get(f"{API}/store/products/1/addons").mock(return_value=answer_json({"data": []}))

    pages = list(iter_pages(api.store.product_addons, 1, page_size=50))

    assert pages == [Page(items=[], meta=None, page=1, page_size=50)]
    assert dict(route.calls.last.request.url.params) == {"page": "1", "page_size": "50"}


@respx.mock
def test_iter_pages_gives_up_after_max_pages(api: RestApi) -> None:
    full_page = [{"code": "US", "name": "United States"}]
    route = respx.get(f"{API}/countries").mock(return_value=answer_json({"data": full_page}))

    assert len(all_items(api.countries.list, page_size=1, max_pages=3)) == 3
    assert route.call_count == 3


@respx.mock
def test_null_promotions_are_left_out(api: RestApi) -> None:
    respx.get(f"{API}/cart/{CART_ID}/promotions").mock(
        return_value=answer_json({"data": [None, {"code": "SAVE5", "value": 5.0}]})
    )

    page = api.cart.promotions(CART_ID)

    assert [promotion.code for promotion in page] == ["SAVE5"]
    assert page.items[0].value == Decimal("5.0")

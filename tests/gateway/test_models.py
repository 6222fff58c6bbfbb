"""Models of WHMCS answers: money, tolerance, strictness, item types, error paths."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from whmcs_gateway import models
from whmcs_gateway.errors import SchemaMismatch
from whmcs_gateway.models import (
    Amount,
    Bundle,
    BundleItemDomain,
    BundleItemProduct,
    CartContents,
    CartItemTypeBundle,
    CartItemTypeBundleProduct,
    CartItemTypeDomainRenewal,
    CartItemTypeDomainTransfer,
    CartItemTypeServiceAddon,
    CartItemTypeServiceRenewal,
    CartItemValidationError,
    Country,
    DomainRenewal,
    DomainStatus,
    Envelope,
    ProductPricing,
    UnknownCartItem,
    parse,
)


def amount(value: Any, display: str | None = None) -> dict[str, Any]:
    return {
        "value": value,
        "code": "EUR",
        "display_value": display or f"€{value} EUR",
        "prefix": "€",
        "suffix": " EUR",
    }


BILLING = {
    "cycle": "annually",
    "price": {"onetime": {"setup": amount("0.00"), "amount": amount("9.00")}},
}


def cart(*items: dict[str, Any]) -> dict[str, Any]:
    return {"items": list(items), "promotions": [], "totals": {"total": amount("9.00")}}


# -- money ---------------------------------------------------------------------------------------


def test_amount_value_is_an_exact_decimal_and_display_is_whmcs_own_text() -> None:
    price = parse(Amount, amount("1234.10", "€1.234,10 EUR"))

    assert price.value == Decimal("1234.10")
    assert isinstance(price.value, Decimal)
    assert str(price) == "€1.234,10 EUR"
    assert (price.prefix, price.suffix, price.code) == ("€", " EUR", "EUR")


def test_amount_sums_stay_exact() -> None:
    prices = [parse(Amount, amount("0.10")) for _ in range(3)]

    assert sum(price.value for price in prices) == Decimal("0.30")


def test_a_float_value_goes_through_its_text_not_binary() -> None:
    assert parse(Amount, amount(19.99)).value == Decimal("19.99")


def test_amount_without_a_value_is_a_schema_mismatch() -> None:
    body = amount("1.00")
    del body["value"]

    with pytest.raises(SchemaMismatch) as caught:
        parse(Amount, body, request_id="req-1")

    assert caught.value.field == "value"
    assert caught.value.request_id == "req-1"


def test_tax_percentage_is_decimal() -> None:
    totals = parse(
        models.CartTotal,
        {"taxes": [{"name": "VAT", "percentage": 20.5, "amount": amount("1.85")}]},
    )

    assert totals.taxes[0].percentage == Decimal("20.5")


# -- tolerant of additions, strict about requirements ---------------------------------------------


def test_fields_whmcs_adds_are_kept() -> None:
    country = parse(Country, {"code": "DE", "name": "Germany", "eu_member": True})

    assert country.model_extra == {"eu_member": True}


def test_a_missing_required_field_in_a_list_names_its_index() -> None:
    with pytest.raises(SchemaMismatch) as caught:
        parse(list[Country], [{"code": "DE", "name": "Germany"}, {"code": "FR"}])

    assert caught.value.field == "[1].name"
    assert "Field required" in caught.value.message


def test_a_body_that_is_not_json_is_a_schema_mismatch_not_a_key_error() -> None:
    with pytest.raises(SchemaMismatch) as caught:
        parse(Envelope[Country], None)

    assert caught.value.field == ""


def test_nullable_fields_accept_null() -> None:
    status = parse(
        DomainStatus,
        {
            "domain_name": "example.de",
            "idn_domain_name": "example.de",
            "sld": "example",
            "idn_sld": "example",
            "status": "registered",
            "group": None,
            "pricing": [],
            "shortest_period": {"period": 1, "register": None, "transfer": None, "renew": None},
            "is_premium": False,
            "premium_cost_pricing": None,
        },
    )

    assert status.premium_cost_pricing is None
    assert status.shortest_period.register is None


def test_empty_meta_array_means_no_paging_data() -> None:
    envelope = parse(Envelope[list[Country]], {"meta": [], "data": []})

    assert envelope.meta is None


def test_meta_object_is_parsed() -> None:
    meta = {"total_items": 120, "page": 2, "total_pages": 3, "page_size": 50}

    envelope = parse(Envelope[list[Country]], {"meta": meta, "data": []})

    assert envelope.meta == models.Meta(**meta)


def test_whmcs_empty_dates_are_none() -> None:
    domain = parse(
        DomainRenewal,
        {
            "domain_name": "example.com",
            "id": 5,
            "status": "Pending",
            "expiry_date": "0000-00-00",
            "eligible_for_renewal": False,
            "renewal_periods": [],
        },
    )

    assert domain.expiry_date is None


def test_dates_are_dates() -> None:
    domain = parse(
        DomainRenewal,
        {
            "domain_name": "example.com",
            "id": 5,
            "status": "Active",
            "expiry_date": "2026-03-14",
            "eligible_for_renewal": True,
            "renewal_periods": [{"period": 1, "pricing": amount("14.00")}],
        },
    )

    assert domain.expiry_date == date(2026, 3, 14)
    assert domain.renewal_periods[0].pricing.value == Decimal("14.00")


# -- cart items by type ----------------------------------------------------------------------------


def test_every_cart_item_type_gets_its_model() -> None:
    items = parse(
        CartContents,
        cart(
            {
                "item_id": "addon001",
                "quantity": 1,
                "addon": {"id": 3, "name": "Backups"},
                "billing": BILLING,
                "service_id": 789,
            },
            {
                "item_id": "xfer0001",
                "type": "domain_transfer",
                "period": 1,
                "name": "example.org",
                "epp_code": "EPP-1",
                "billing": BILLING,
            },
            {
                "item_id": "renew001",
                "type": "domain_renewal",
                "id": 9,
                "period": 2,
                "name": "old.com",
                "billing": BILLING,
            },
            {
                "item_id": "renew002",
                "type": "service_renewal",
                "id": 789,
                "name": "Starter",
                "next_due_date": "2025-01-01",
                "billing": BILLING,
            },
            {
                "item_id": "renew003",
                "type": "addon_renewal",
                "id": 456,
                "name": "Backups",
                "billing": None,
            },
            {
                "type": "bundle",
                "id": 2,
                "items": [
                    {
                        "item_id": "bprod001",
                        "quantity": 1,
                        "product": {"id": 1},
                        "billing": BILLING,
                        "domain": "b.com",
                    },
                    {
                        "item_id": "bdom0001",
                        "type": "domain_register",
                        "period": 1,
                        "name": "b.com",
                        "billing": BILLING,
                    },
                ],
            },
            {"item_id": "future01", "type": "gift_card", "value": "10.00"},
        ),
    ).items

    assert [type(item) for item in items] == [
        CartItemTypeServiceAddon,
        CartItemTypeDomainTransfer,
        CartItemTypeDomainRenewal,
        CartItemTypeServiceRenewal,
        CartItemTypeServiceRenewal,
        CartItemTypeBundle,
        UnknownCartItem,
    ]
    addon, transfer, renewal, service_renewal, addon_renewal, bundle, unknown = items
    assert addon.addon.name == "Backups"
    assert transfer.epp_code == "EPP-1"
    assert renewal.period == 2
    assert service_renewal.next_due_date == date(2025, 1, 1)
    assert addon_renewal.billing is None
    assert isinstance(bundle.items[0], CartItemTypeBundleProduct)
    assert bundle.items[0].domain == "b.com"
    assert unknown.model_extra == {"value": "10.00"}


def test_an_error_inside_a_typed_item_names_the_data_path_not_the_union_member() -> None:
    product_item = {
        "item_id": "prod0001",
        "type": "product",
        "quantity": 1,
        "product": {"id": 1},
        "billing": {
            "cycle": "monthly",
            "price": {"recurring": {"setup": amount("0"), "amount": amount("x")}},
        },
    }

    with pytest.raises(SchemaMismatch) as caught:
        parse(Envelope[CartContents], {"data": cart(product_item)})

    assert caught.value.field == "data.items[0].billing.price.recurring.amount.value"


def test_a_transfer_item_without_its_epp_code_is_refused() -> None:
    with pytest.raises(SchemaMismatch) as caught:
        parse(
            CartContents,
            cart(
                {
                    "item_id": "xfer0001",
                    "type": "domain_transfer",
                    "period": 1,
                    "name": "e.org",
                    "billing": None,
                }
            ),
        )

    assert caught.value.field == "items[0].epp_code"


def test_null_promotions_are_dropped() -> None:
    contents = parse(CartContents, {**cart(), "promotions": [None, {"code": "SAVE5", "value": 5}]})

    assert [promotion.code for promotion in contents.promotions] == ["SAVE5"]
    assert contents.promotions[0].value == Decimal("5")


def test_validation_errors_read_as_messages() -> None:
    problem = parse(
        CartItemValidationError,
        {
            "item_id": "prod0001",
            "errors": [
                "Domain required",
                {"id": 4, "type": "configoption", "error": "Pick a size"},
            ],
        },
    )

    assert problem.messages == ["Domain required", "Pick a size"]


# -- catalog -----------------------------------------------------------------------------------


def test_product_pricing_exposes_recurring_cycles() -> None:
    product = parse(
        ProductPricing,
        {
            "id": 1,
            "name": "Starter",
            "pricing": {
                "is_free": False,
                "recurring": [
                    {"cycle": "monthly", "setup": amount("0.00"), "amount": amount("4.99")}
                ],
            },
        },
    )

    assert product.pricing.recurring[0].cycle == "monthly"
    assert product.pricing.recurring[0].amount.value == Decimal("4.99")


def test_an_unknown_billing_cycle_is_refused() -> None:
    with pytest.raises(SchemaMismatch) as caught:
        parse(models.RecurringCycle, {"cycle": "weekly"})

    assert caught.value.field == "cycle"


def test_bundle_items_as_one_object_or_a_list() -> None:
    one = parse(
        Bundle, {"id": 2, "bundle_items": {"id": 1, "bundle_type": "domain", "tlds": [".com"]}}
    )
    many = parse(
        Bundle,
        {
            "id": 2,
            "bundle_items": [
                {"id": 1, "bundle_type": "product"},
                {"id": 2, "bundle_type": "domain"},
            ],
        },
    )

    assert [type(item) for item in one.bundle_items] == [BundleItemDomain]
    assert [type(item) for item in many.bundle_items] == [BundleItemProduct, BundleItemDomain]


def test_config_option_values_keep_bool_and_int_apart() -> None:
    chosen = parse(
        list[models.ChosenConfigOption],
        [{"name": "Backups", "value": True}, {"name": "Disk", "value": 31}],
    )

    assert chosen[0].value is True
    assert chosen[1].value == 31 and not isinstance(chosen[1].value, bool)


def test_domain_pricing_register_field_keeps_the_contract_name() -> None:
    pricing = parse(
        models.DomainPricing,
        {"period": 1, "register": amount("12.00"), "transfer": None, "renew": amount("14.00")},
    )

    assert pricing.register is not None and pricing.register.value == Decimal("12.00")


def test_second_factor_challenge_lists_the_fields_to_ask_for() -> None:
    challenge = parse(
        models.SecondFactorChallenge,
        {
            "condition": "twofa",
            "fields": [{"name": "key", "type": "number", "description": "Code"}],
        },
    )

    assert [(f.name, f.type) for f in challenge.fields] == [("key", "number")]


# -- pages -------------------------------------------------------------------------------------


def test_page_has_next_from_meta_or_from_its_size() -> None:
    meta = models.Meta(total_items=120, page=2, total_pages=3, page_size=50)

    assert models.Page(items=[1] * 50, meta=meta, page=2, page_size=50).has_next
    assert not models.Page(
        items=[1] * 20, meta=meta.model_copy(update={"page": 3}), page=3, page_size=50
    ).has_next
    assert models.Page(items=[1] * 50, meta=None, page=1, page_size=50).has_next
    assert not models.Page(items=[1] * 49, meta=None, page=1, page_size=50).has_next
    assert not models.Page(items=[1] * 80, meta=None, page=1, page_size=50).has_next

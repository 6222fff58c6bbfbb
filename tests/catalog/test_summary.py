"""Sums of WHMCS's amounts are written the way WHMCS writes that currency's amounts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from storefront.catalog.summary import format_like
from whmcs_gateway.models import Amount


def amount(value: str, display: str, prefix: str, suffix: str) -> Amount:
    return Amount(
        value=Decimal(value), code="X", display_value=display, prefix=prefix, suffix=suffix
    )


@pytest.mark.parametrize(
    ("model", "value", "shown"),
    [
        (amount("12.00", "$12.00 USD", "$", " USD"), "1234.5", "$1,234.50 USD"),
        (amount("120.00", "€120,00 EUR", "€", " EUR"), "1234.5", "€1.234,50 EUR"),
        (amount("1500.00", "£1500.00", "£", ""), "2000", "£2000.00"),
        (amount("1500", "1,500 JPY", "", " JPY"), "2000.4", "2,000 JPY"),
        (amount("10.00", "$10.00 USD", "$", " USD"), "-20", "-$20.00 USD"),
    ],
)
def test_a_sum_is_written_as_whmcs_writes_the_currency(model, value, shown):
    assert format_like(model, Decimal(value)) == shown


def test_whmcs_totals_that_do_not_add_up_are_shown_as_billed_and_logged(caplog):
    from whmcs_gateway.models import CartContents, parse

    def money(value):
        return {
            "value": value,
            "code": "USD",
            "display_value": f"${value} USD",
            "prefix": "$",
            "suffix": " USD",
        }

    billing = {
        "cycle": "monthly",
        "price": {"recurring": {"setup": money("0.00"), "amount": money("10.00")}},
    }
    contents = parse(
        CartContents,
        {
            "items": [
                {
                    "item_id": "abcd1234",
                    "type": "product",
                    "quantity": 1,
                    "product": {"id": 1, "name": "Plan"},
                    "billing": billing,
                }
            ],
            "promotions": [],
            "totals": {"subtotal": money("12.00"), "total": money("12.00"), "recurring": []},
        },
    )
    from storefront.catalog.summary import order_summary

    summary = order_summary(contents)
    assert not summary.adds_up
    assert summary.total.display_value == "$12.00 USD"  # what WHMCS bills is what is shown
    assert "do not add up" in caplog.text

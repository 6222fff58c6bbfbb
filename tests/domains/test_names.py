"""Domain name rules and what a lookup status means to a customer (no WHMCS needed)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from storefront.domains.names import (
    InvalidDomainName,
    choose_periods,
    normalise_domain,
    present,
    split_domain,
)
from whmcs_gateway.models import Amount, DomainPricing, DomainStatus


def usd(value: str) -> Amount:
    return Amount(
        value=Decimal(value), code="USD", display_value=f"${value} USD", prefix="$", suffix=" USD"
    )


def status(name: str, text: str, *, premium: bool = False, pricing=None) -> DomainStatus:
    pricing = pricing or [
        DomainPricing(period=1, register=usd("12.99"), transfer=usd("12.99"), renew=usd("14.99"))
    ]
    sld, tld = split_domain(name)
    return DomainStatus(
        domain_name=name,
        idn_domain_name=name,
        tld=f".{tld}",
        sld=sld,
        idn_sld=sld,
        status=text,
        group=None,
        pricing=pricing,
        shortest_period=pricing[0],
        is_premium=premium,
        premium_cost_pricing=None,
    )


@pytest.mark.parametrize(
    ("typed", "ascii", "shown"),
    [
        ("Example.COM", "example.com", "example.com"),
        ("  https://www.example.com/some/page?x=1 ", "example.com", "example.com"),
        ("www.example.co.uk.", "example.co.uk", "example.co.uk"),
        ("bücher.de", "xn--bcher-kva.de", "bücher.de"),
        ("BÜCHER", "xn--bcher-kva", "bücher"),
        ("my-shop", "my-shop", "my-shop"),
    ],
)
def test_names_are_normalised_to_what_whmcs_expects(typed, ascii, shown):
    name = normalise_domain(typed)
    assert name.ascii == ascii
    assert name.unicode == shown


def test_an_idn_name_is_marked_as_such():
    assert normalise_domain("bücher.de").is_idn
    assert not normalise_domain("buecher.de").is_idn


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter a domain name"),
        ("   ", "Enter a domain name"),
        ("<script>alert(1)</script>", "only contain letters, digits and hyphens"),
        ("my shop.com", "only contain letters, digits and hyphens"),
        ("-shop.com", "cannot start or end with a hyphen"),
        ("shop..com", "empty parts"),
        ("a" * 64 + ".com", "at most 63 characters"),
        ("a" * 500, "too long"),
        (".".join(["abcdefghij"] * 25) + ".com", "too long"),
        ("shop.c0m", "is not a domain extension"),
    ],
)
def test_malformed_names_are_refused_with_a_reason(typed, message):
    with pytest.raises(InvalidDomainName, match=message):
        normalise_domain(typed)


def test_the_extension_can_be_required():
    with pytest.raises(InvalidDomainName, match="with its extension"):
        normalise_domain("example", require_tld=True)


def test_split_is_up_to_the_first_dot():
    assert split_domain("example.co.uk") == ("example", "co.uk")


@pytest.mark.parametrize(
    ("whmcs_status", "label", "can_register", "can_transfer"),
    [
        ("available for registration", "Available", True, False),
        ("registered", "Already registered", False, True),
        ("reserved", "Reserved by the registry", False, False),
        ("tld not supported", "We do not sell this extension", False, False),
        ("unknown", "We could not check this name", False, False),
        ("something new", "We could not check this name", False, False),
    ],
)
def test_each_status_is_told_honestly(whmcs_status, label, can_register, can_transfer):
    result = present(status("example.com", whmcs_status))
    assert result.label.startswith(label)
    assert result.can_register is can_register
    assert result.can_transfer is can_transfer
    assert (result.price is not None) is can_register


def test_a_premium_name_carries_its_own_price():
    pricing = [
        DomainPricing(
            period=1, register=usd("2499.00"), transfer=usd("2499.00"), renew=usd("79.00")
        )
    ]
    result = present(
        status("cloud.io", "available for registration", premium=True, pricing=pricing)
    )
    assert result.kind == "premium"
    assert result.price.display_value == "$2499.00 USD"
    assert result.renew_price.display_value == "$79.00 USD"


def test_periods_are_those_whmcs_prices_in_year_order():
    pricing = [
        DomainPricing(period=2, register=usd("20.00"), transfer=None, renew=usd("22.00")),
        DomainPricing(period=1, register=usd("10.00"), transfer=usd("9.00"), renew=usd("11.00")),
        DomainPricing(
            period=10, register=usd("100.00"), transfer=usd("90.00"), renew=usd("110.00")
        ),
    ]
    assert [p.years for p in choose_periods(pricing, "register")] == [1, 2, 10]
    # Transfers run 1..9 years and need a transfer price.
    assert [p.years for p in choose_periods(pricing, "transfer")] == [1]
    assert choose_periods(pricing, "register")[0].label == "1 year: $10.00 USD"

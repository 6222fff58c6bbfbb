"""Sample contexts of the customer's cart-link pages: each problem a link can have, the saved
cart's link (with and without items left out) and the cart's save button."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from storefront.cartlinks import pages
from storefront.cartlinks.problems import Problem

SAMPLE_LINK = "/l/kD3vQ2xY7pLmN0aB:Zm9yLXNhbXBsZXMtb25seQ"


def problem(kind: str, **extra: Any):
    return lambda: pages.problem_page(kind, link_path=SAMPLE_LINK, **extra)


tampered = problem(Problem.TAMPERED)
missing = problem(Problem.MISSING)
revoked = problem(Problem.REVOKED)
expired = problem(Problem.EXPIRED)
used_up = problem(Problem.USED_UP)
log_in = problem(Problem.LOG_IN)
other_client = problem(Problem.OTHER_CLIENT, client_label="Agency Studio LLC")
other_customer = problem(Problem.OTHER_CUSTOMER)
too_many = problem(Problem.TOO_MANY, retry_minutes=1)


def _in_a_month() -> datetime:
    return timezone.now() + timedelta(days=30)


def saved() -> dict[str, Any]:
    return pages.saved_page(f"https://shop.example.com{SAMPLE_LINK}", [], _in_a_month(), 3)


def saved_with_left_out() -> dict[str, Any]:
    left_out = [
        "The transfer of example.org is not in the link: its EPP code is secret, so add the "
        "transfer again after opening the link.",
        "Renewal of example.net is not in the link: renewals and bundles belong to this cart only.",
    ]
    return pages.saved_page(f"https://shop.example.com{SAMPLE_LINK}", left_out, _in_a_month(), 1)


def save_button() -> dict[str, Any]:
    return {}

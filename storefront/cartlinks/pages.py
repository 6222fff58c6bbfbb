"""Each cart-link page's context: built here for the live pages and the pattern library alike."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from .items import label_of, price_of
from .models import CartLink
from .problems import Problem
from .services import Priced

SHOP_HOME = "/"

# What the link-problem page says, per problem: a heading and what to do.
PROBLEMS: dict[str, tuple[str, str, int]] = {
    Problem.TAMPERED: (
        "This link has been altered",
        "Part of the link was changed after it was made, so it cannot be used. "
        "Ask whoever sent it for the link again, exactly as it was sent.",
        400,
    ),
    Problem.MISSING: (
        "This link no longer exists",
        "The cart it pointed to is gone. Ask whoever sent it for a new link.",
        404,
    ),
    Problem.REVOKED: (
        "This link has been withdrawn",
        "The shop withdrew this link, so it no longer fills a cart. "
        "Ask whoever sent it for a new one.",
        410,
    ),
    Problem.EXPIRED: (
        "This link has expired",
        "The offer behind it has ended. Ask whoever sent it for a new link.",
        410,
    ),
    Problem.USED_UP: (
        "This link has been used up",
        "It could be used a limited number of times, and all of them have been taken.",
        410,
    ),
    Problem.LOG_IN: (
        "Log in to open this quote",
        "This quote was made for one customer. Log in with that customer's account "
        "and it opens straight away.",
        403,
    ),
    Problem.OTHER_CLIENT: (
        "Switch client account to open this quote",
        "This quote was made for another of your client accounts. Switch to it, then "
        "open the link again.",
        403,
    ),
    Problem.OTHER_CUSTOMER: (
        "This quote is for another customer",
        "It was made for one customer account only, and you are logged in with a different "
        "one. Log out and log in as that customer, or ask for a quote of your own.",
        403,
    ),
    Problem.TOO_MANY: (
        "Too many links opened",
        "Links were opened from your address too often. Please wait a little and try again.",
        429,
    ),
}


def problem_page(
    problem: str, *, link_path: str = "", retry_minutes: int = 0, client_label: str = ""
) -> dict[str, Any]:
    heading, advice, status = PROBLEMS[problem]
    return {
        "problem": problem,
        "heading": heading,
        "advice": advice,
        "status": status,
        "retry_minutes": retry_minutes,
        "client_label": client_label,
        "login_url": (
            f"{reverse('account:login')}?{urlencode({'next': link_path})}"
            if problem == Problem.LOG_IN and link_path
            else ""
        ),
        "switch_url": (
            f"{reverse('account:choose_client')}?{urlencode({'next': link_path})}"
            if problem == Problem.OTHER_CLIENT
            else ""
        ),
        "shop_url": SHOP_HOME,
    }


def saved_page(link_url: str, left_out: list[str], expires: Any, item_count: int) -> dict:
    return {
        "link_url": link_url,
        "left_out": left_out,
        "expires_at": expires,
        "item_count": item_count,
    }


# -- staff and marketers ----------------------------------------------------------------------


CYCLES = {
    "monthly": "monthly",
    "quarterly": "quarterly",
    "semiannually": "every 6 months",
    "annually": "yearly",
    "biennially": "every 2 years",
    "triennially": "every 3 years",
    "onetime": "one time",
    "free": "free",
}


@dataclass(frozen=True)
class PricedLine:
    index: int
    label: str
    details: str
    price: str  # as WHMCS formats it; empty while WHMCS has not priced it


def _details(record: dict) -> str:
    if record["type"] != "product":
        return f"{record['period']} year{'s' if record['period'] > 1 else ''}"
    parts = [CYCLES.get(record.get("billing_cycle") or "", record.get("billing_cycle") or "")]
    if (record.get("quantity") or 1) > 1:
        parts.append(f"× {record['quantity']}")
    if record.get("config_options"):
        parts.append(f"{len(record['config_options'])} option(s)")
    if record.get("addons"):
        parts.append(f"{len(record['addons'])} addon(s)")
    if record.get("custom_fields"):
        parts.append(f"{len(record['custom_fields'])} custom field(s)")
    return ", ".join(part for part in parts if part)


def priced_lines(records: list[dict], priced: Priced | None = None) -> list[PricedLine]:
    items = priced.contents.items if priced is not None and priced.contents is not None else []
    lines = []
    for index, record in enumerate(records):
        amount = price_of(items[index]) if index < len(items) else None
        if amount is not None:
            shown = amount.display_value
        else:
            shown = (record.get("price") or {}).get("display", "")
        lines.append(PricedLine(index, label_of(record), _details(record), shown))
    return lines


def link_rows(links: list[CartLink]) -> list[dict[str, Any]]:
    return [{"link": link, "labels": [label_of(r) for r in link.items]} for link in links]

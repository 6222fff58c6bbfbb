"""Campaign links that preset a product's configuration.

`/order/6/vps-s/?cycle=annually&option_1=12&addons=3&promo=SPRING&currency=EUR&domain=example.com`

Every parameter is checked with the same form fields that check a customer's input. A bad one
is ignored with a visible note: a typo in a campaign must never cost the sale.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict

from .configure import ConfigureForm, ProductOffer

# Friendly names a marketer may use, and the form field each one presets.
ALIASES = {"cycle": "billing_cycle", "billingcycle": "billing_cycle", "qty": "quantity"}
DOMAIN_FIELD = forms.RegexField(
    regex=r"^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}$",
    max_length=253,
)
PROMO_FIELD = forms.RegexField(regex=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$", max_length=64)


@dataclass
class LinkSettings:
    initial: dict[str, Any] = field(default_factory=dict)
    promo: str | None = None
    currency: str | None = None
    domain: str | None = None
    notes: list[str] = field(default_factory=list)


def read_link(query: QueryDict, offer: ProductOffer, currencies: list[str]) -> LinkSettings:
    settings = LinkSettings()
    form = ConfigureForm(offer=offer)
    for raw_name in query:
        name = ALIASES.get(raw_name, raw_name)
        if name not in form.fields or name.startswith("custom_"):
            continue
        values = query.getlist(raw_name)
        form_field = form.fields[name]
        value: Any = values if name == "addons" else values[-1]
        if name == "addons" and len(values) == 1:
            value = [v for v in values[0].split(",") if v]
        try:
            settings.initial[name] = form_field.clean(value)
        except ValidationError:
            label = form_field.label or name
            settings.notes.append(
                f"This link asked for {label.lower()} “{_shown(value)}”, which is not "
                "available, so we picked the usual choice instead."
            )
    settings.promo = _checked(query.get("promo"), PROMO_FIELD, "promo code", settings.notes)
    settings.domain = _checked(
        (query.get("domain") or "").strip().lower() or None,
        DOMAIN_FIELD,
        "domain",
        settings.notes,
    )
    currency = query.get("currency")
    if currency is not None:
        if currency.upper() in currencies:
            settings.currency = currency.upper()
        else:
            settings.notes.append(
                f"This link asked for prices in “{_shown(currency)}”, which we do not sell in."
            )
    return settings


def _checked(value: str | None, check: forms.Field, what: str, notes: list[str]) -> str | None:
    if value is None or value == "":
        return None
    try:
        return check.clean(value)
    except ValidationError:
        notes.append(f"This link's {what} “{_shown(value)}” is not valid and was ignored.")
        return None


def _shown(value: Any) -> str:
    text = ",".join(value) if isinstance(value, list) else str(value)
    return text if len(text) <= 40 else text[:39] + "…"

"""Every input of the link builder and of a link's page: checked here, errors beside the field."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.utils import timezone

MAX_DAYS = 366
NOTE_MAX_LENGTH = 1000
# A domain name as a registrar takes it: labels of letters, digits and hyphens.
DOMAIN_NAME = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


class ProductChoiceForm(forms.Form):
    """Which product to configure next (a GET form: it only opens the product's options)."""

    product = forms.TypedChoiceField(
        label="Product",
        coerce=int,
        error_messages={"invalid_choice": "Choose one of the products on sale."},
    )

    def __init__(self, *args: Any, products: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].choices = [("", "Choose a product…"), *products]


class DomainForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, auto_id="domain_%s", **kwargs)

    kind = forms.ChoiceField(
        label="What",
        choices=[("domain_register", "Register a new domain"), ("domain_transfer", "Transfer in")],
        initial="domain_register",
    )
    name = forms.CharField(label="Domain name", max_length=253)
    period = forms.IntegerField(
        label="Years",
        min_value=1,
        max_value=10,
        initial=1,
        error_messages={"min_value": "At least 1 year.", "max_value": "At most 10 years."},
    )
    epp_code = forms.CharField(
        label="EPP code (transfers)",
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip().lower().removeprefix("www.")
        if not DOMAIN_NAME.match(name):
            raise forms.ValidationError("Enter a domain name such as example.com.")
        return name

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("kind") == "domain_transfer":
            if not cleaned.get("epp_code"):
                self.add_error("epp_code", "A transfer needs the domain's EPP code.")
            if (cleaned.get("period") or 1) > 9:
                self.add_error("period", "A transfer adds at most 9 years.")
        return cleaned


class PricingForm(forms.Form):
    currency = forms.ChoiceField(
        label="Currency",
        error_messages={"invalid_choice": "Choose one of the shop's currencies."},
    )
    promo_code = forms.CharField(label="Promo code", required=False, max_length=64)

    def __init__(self, *args: Any, currencies: list[str], **kwargs: Any) -> None:
        super().__init__(*args, auto_id="pricing_%s", **kwargs)
        self.fields["currency"].choices = [(code, code) for code in currencies]

    def clean_promo_code(self) -> str:
        return self.cleaned_data["promo_code"].strip().upper()


def _default_expiry() -> date:
    return timezone.localdate() + timedelta(days=30)


class ExpiryField(forms.DateField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            label="Expires on",
            widget=forms.DateInput(attrs={"type": "date"}),
            error_messages={"invalid": "Enter a date as YYYY-MM-DD."},
            **kwargs,
        )

    def clean(self, value: Any) -> date | None:
        day = super().clean(value)
        if day is None:
            return None
        today = timezone.localdate()
        if day <= today:
            raise forms.ValidationError("Choose a day after today.")
        if day > today + timedelta(days=MAX_DAYS):
            raise forms.ValidationError(f"A link lasts at most {MAX_DAYS} days.")
        return day


def end_of(day: date) -> datetime:
    """A link expiring "on" a day is usable all that day (the shop's time zone)."""
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


def _max_uses_field() -> forms.IntegerField:
    return forms.IntegerField(
        label="Use limit",
        required=False,
        min_value=1,
        max_value=1_000_000,
        help_text="How many carts the link may make. Empty: no limit.",
        error_messages={"min_value": "At least 1, or leave it empty for no limit."},
    )


def _note_field() -> forms.CharField:
    return forms.CharField(
        label="Note shown to the customer",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class QuoteForm(forms.Form):
    """A staff quote: optionally for one customer (by email; one of their client accounts)."""

    customer_email = forms.EmailField(
        label="For customer (email, optional)",
        required=False,
        help_text="Only this customer, logged in, can then open the link.",
    )
    client = forms.ChoiceField(label="Client account", required=False, choices=())
    note = _note_field()
    expires_on = ExpiryField(initial=_default_expiry)
    max_uses = _max_uses_field()

    def __init__(self, *args: Any, clients: list[tuple[str, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, auto_id="terms_%s", **kwargs)
        self.fields["client"].choices = [("", "Choose…"), *clients]


class CampaignForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, auto_id="terms_%s", **kwargs)

    name = forms.CharField(label="Campaign name", max_length=120)
    expires_on = ExpiryField(initial=_default_expiry)
    max_uses = _max_uses_field()
    note = _note_field()


class ChangeForm(forms.Form):
    """What may change on a link after it is made: never its contents or customer."""

    name = forms.CharField(label="Name", max_length=120, required=False)
    note = _note_field()
    expires_on = ExpiryField()
    max_uses = _max_uses_field()

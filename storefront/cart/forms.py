"""Every cart input goes through one of these forms: bad input gets a message, changes nothing."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

from storefront.catalog.pricing import CYCLE_LABELS

PROMO_CODE = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
    "A promo code has only letters, digits, dots, dashes and underscores.",
)


class PromoCodeForm(forms.Form):
    code = forms.CharField(
        label="Promo code",
        max_length=64,
        strip=True,
        validators=[PROMO_CODE],
        error_messages={
            "required": "Enter a promo code.",
            "max_length": "Promo codes are at most %(limit_value)d characters long.",
        },
    )
    # The code already applied, as the page showed it: only used to say it was replaced.
    replaces = forms.CharField(max_length=64, required=False)

    def replaced_code(self) -> str:
        old = self.cleaned_data.get("replaces") or ""
        try:
            PROMO_CODE(old)
        except ValidationError:
            return ""
        return old if old.upper() != self.cleaned_data["code"].upper() else ""


class LocationForm(forms.Form):
    """Where a guest is, for the tax estimate."""

    country = forms.ChoiceField(label="Country", error_messages={"required": "Choose a country."})
    state = forms.CharField(label="State or region", max_length=64, required=False, strip=True)

    def __init__(self, *args, countries=(), states_by_country=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "Choose…")] + [
            (country.code, country.name) for country in countries
        ]
        self.states_by_country = states_by_country or {}

    def clean(self):
        cleaned = super().clean()
        states = self.states_by_country.get(cleaned.get("country"), {})
        state = cleaned.get("state", "")
        if states and state:
            by_name = {name.lower(): code for code, name in states.items()}
            code = state.upper() if state.upper() in states else by_name.get(state.lower())
            if code is None:
                self.add_error("state", "Choose a state of that country.")
            else:
                cleaned["state"] = code
        return cleaned


class ItemChangeForm(forms.Form):
    """A product item's billing cycle and quantity."""

    billing_cycle = forms.ChoiceField(
        label="Billing cycle", choices=[(key, label) for key, label in CYCLE_LABELS.items()]
    )
    quantity = forms.IntegerField(
        label="Quantity",
        min_value=1,
        max_value=100,
        required=False,
        error_messages={"min_value": "At least 1.", "max_value": "At most 100 at a time."},
    )

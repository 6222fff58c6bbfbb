"""Every domain input goes through one of these forms: bad input gets a message next to its field
and never reaches WHMCS."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from django import forms
from django.core.validators import RegexValidator

from whmcs_gateway.models import AdditionalField
from whmcs_gateway.rest import DomainOptions

from .names import (
    MAX_NAME_LENGTH,
    DomainName,
    DomainOrder,
    InvalidDomainName,
    OrderSpec,
    PeriodChoice,
    normalise_domain,
)

# WHMCS stores a ticked registry checkbox as "on" and an unticked one as "".
TICKED = "on"

ADDON_LABELS = {
    "dns_management": "DNS management",
    "email_forwarding": "Email forwarding",
    "id_protection": "ID protection (keeps your contact details out of WHOIS)",
}


class DomainField(forms.CharField):
    """A domain name, normalised (lowercase, no scheme or www., punycode for IDNs)."""

    def __init__(self, *, require_tld: bool = False, **kwargs):
        self.require_tld = require_tld
        kwargs.setdefault("label", "Domain name")
        kwargs.setdefault("error_messages", {"required": "Enter a domain name, e.g. example.com."})
        super().__init__(strip=True, **kwargs)
        self.widget.attrs.update(
            {
                "maxlength": MAX_NAME_LENGTH,
                "autocomplete": "off",
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        )

    def clean(self, value) -> DomainName | None:  # type: ignore[override]
        text = super().clean(value)
        if not text:
            return None
        try:
            return normalise_domain(text, require_tld=self.require_tld)
        except InvalidDomainName as problem:
            raise forms.ValidationError(str(problem), code="invalid") from None


class OneTimeTokenField(forms.CharField):
    """The hidden token that lets a form add something to the cart once (double clicks)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(
            max_length=64,
            validators=[RegexValidator(r"^[A-Za-z0-9_-]+$")],
            error_messages={"required": "This form has expired. Please try again."},
            **kwargs,
        )


class Form(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")  # "Domain name", not "Domain name:"
        super().__init__(*args, **kwargs)


class DomainSearchForm(Form):
    domain = DomainField(label="Find your domain")


class DomainNameForm(Form):
    """Which name a register/transfer form is about (its other fields depend on the TLD)."""

    domain = DomainField(require_tld=True)


class TransferStartForm(DomainNameForm):
    """The name and EPP code of a transfer, before its TLD's other fields are known."""

    epp_code = forms.CharField(
        label="EPP / authorisation code",
        max_length=255,
        required=False,
        help_text="Your current registrar gives you this code.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class DomainOrderForm(Form):
    """Registering or transferring one name: period, extras, registry fields, EPP code."""

    domain = DomainField(require_tld=True, widget=forms.HiddenInput)
    once = OneTimeTokenField()

    def __init__(
        self,
        *args,
        spec: OrderSpec,
        kind: Literal["register", "transfer"],
        periods: Sequence[PeriodChoice] = (),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.spec, self.kind = spec, kind
        # A search result's own prices win over the TLD's: a premium name costs more.
        periods = list(periods) or spec.periods(kind)
        # Not required: forms that offer no choice (a quick "Add" button) mean the shortest.
        self.fields["period"] = forms.TypedChoiceField(
            label="Registration period" if kind == "register" else "Transfer and renew for",
            choices=[(p.years, p.label) for p in periods],
            coerce=int,
            required=False,
            empty_value=periods[0].years if periods else None,
            initial=periods[0].years if periods else None,
            error_messages={"invalid_choice": "Choose one of the periods offered."},
        )
        if kind == "transfer":
            self.fields["epp_code"] = forms.CharField(
                label="EPP / authorisation code",
                max_length=255,
                required=spec.epp_code_required,
                help_text="Your current registrar gives you this code.",
                error_messages={"required": f"Enter the EPP code to transfer {spec.name}."},
                widget=forms.TextInput(attrs={"autocomplete": "off"}),
            )
        addons = spec.tld.addons
        for name, label in ADDON_LABELS.items():
            if addons is not None and getattr(addons, name):
                self.fields[name] = forms.BooleanField(label=label, required=False)
        if spec.idn_languages:
            self.fields["idn_language"] = forms.ChoiceField(
                label="Language of this name",
                choices=[("", "Choose…")]
                + [(lang.code, lang.language) for lang in spec.idn_languages],
                help_text="Registries need the script of internationalised names.",
                error_messages={"required": "Choose the language of this name."},
            )
        for index, extra in enumerate(spec.additional_fields):
            self.fields[self.extra_key(index)] = registry_field(extra)

    @staticmethod
    def extra_key(index: int) -> str:
        return f"registry_{index}"

    @property
    def option_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ADDON_LABELS if name in self.fields]

    @property
    def needs_answers(self) -> bool:
        """Whether the options hold something the customer must fill in (shown open, then:
        a browser cannot point at a required field inside a closed <details>)."""
        return any(
            field.required
            for name, field in self.fields.items()
            if name not in ("domain", "once", "period", "epp_code")
        )

    @property
    def registry_fields(self) -> list[forms.BoundField]:
        return [self[self.extra_key(i)] for i in range(len(self.spec.additional_fields))]

    def clean_domain(self) -> DomainName:
        name = self.cleaned_data["domain"]
        if name is None or name.ascii != self.spec.name.ascii:
            raise forms.ValidationError("This form is for another domain. Please search again.")
        return name

    def clean(self):
        cleaned = super().clean()
        if not self.spec.periods(self.kind):
            raise forms.ValidationError(f"{self.spec.name} cannot be ordered online.")
        # Fields required only when another field has certain values (e.g. .us Nexus Country
        # when the Nexus Category is C31 or C32).
        names = [extra.name for extra in self.spec.additional_fields]
        for index, extra in enumerate(self.spec.additional_fields):
            if not isinstance(extra.required, dict):
                continue
            key = self.extra_key(index)
            for other, values in extra.required.items():
                if other not in names:
                    continue
                other_value = cleaned.get(self.extra_key(names.index(other)))
                if other_value in values and not cleaned.get(key):
                    self.add_error(key, f"{extra.name} is required when {other} is {other_value}.")
        return cleaned

    def order(self) -> DomainOrder:
        data = self.cleaned_data
        options = DomainOptions(
            idn_language=data.get("idn_language") or None,
            dns_management=data.get("dns_management") if "dns_management" in data else None,
            email_forwarding=data.get("email_forwarding") if "email_forwarding" in data else None,
            id_protection=data.get("id_protection") if "id_protection" in data else None,
        )
        extras = tuple(
            registry_value(data.get(self.extra_key(i)))
            for i in range(len(self.spec.additional_fields))
        )
        return DomainOrder(
            kind=self.kind,
            name=data["domain"],
            period=data["period"],
            options=options,
            additional_fields=extras,
            epp_code=data.get("epp_code", ""),
        )


def registry_field(extra: AdditionalField) -> forms.Field:
    """A TLD's additional field (WHMCS `additionalfields`) as a form field."""
    label = extra.name or "Registry information"
    required = extra.required is True
    messages = {"required": f"{label} is required for this extension."}
    kind = (extra.type or "text").lower()
    options = [(o.value or "", o.display_name or o.value or "") for o in extra.options or []]
    if kind in ("dropdown", "radio") and options:
        return forms.ChoiceField(
            label=label,
            choices=options if required else [("", "None"), *options],
            required=required,
            initial=extra.default,
            widget=forms.RadioSelect if kind == "radio" else forms.Select,
            error_messages={**messages, "invalid_choice": f"Choose one of the {label} options."},
        )
    if kind == "tickbox":
        return forms.BooleanField(
            label=label,
            required=required,
            initial=extra.default == TICKED,
            error_messages={"required": f"Tick “{label}” to order this domain."},
        )
    return forms.CharField(
        label=label,
        required=required,
        initial=extra.default,
        max_length=255,
        error_messages={**messages, "max_length": f"{label} is at most 255 characters long."},
    )


def registry_value(value: object) -> str:
    if value is True:
        return TICKED
    if value is False or value is None:
        return ""
    return str(value)


class ExistingDomainForm(Form):
    """A domain the customer already owns, to use for a product (no registration)."""

    domain = DomainField(require_tld=True, label="Your domain")
    once = OneTimeTokenField()

"""The configure step: a Django form built from WHMCS's own product definition.

Every config option type (dropdown, radio, yes/no, quantity within min/max), every addon and
every custom field type (text, link, password, dropdown, checkbox, textarea, with WHMCS's
required flag and validation regex) becomes a form field, so bad input is caught next to the
field before anything reaches WHMCS. `to_item()` turns a valid form into the cart item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from whmcs_gateway.models import (
    AddonPricing,
    ConfigOption,
    CustomField,
    Pricing,
    ProductPricing,
)
from whmcs_gateway.rest import AddonChoice, ConfigOptionInput, CustomFieldInput, ProductItem

from .pricing import CYCLE_LABELS, CycleOffer, PriceSummary, summarise
from .products import allows_quantity, is_sold_out, slug_of

SOLD_OUT = "This product is sold out."
FIX_CHOICES = "Fix the choices marked above to see the price."
PRICED_WITH_USUAL = (
    "Until the choices marked in the form are fixed, this price uses the usual choice for them."
)
MAX_QUANTITY = 100
CUSTOM_FIELD_MAX_LENGTH = 2000


@dataclass(frozen=True)
class ProductOffer:
    """Everything WHMCS says about one product, as the configure page needs it."""

    product: ProductPricing
    price: PriceSummary
    config_options: list[ConfigOption]
    addons: list[AddonPricing]
    custom_fields: list[CustomField]
    cross_sells: list[ProductPricing]

    @property
    def sold_out(self) -> bool:
        return is_sold_out(self.product)

    @property
    def slug(self) -> str:
        return slug_of(self.product.name, "product")

    @property
    def group_slug(self) -> str:
        group = self.product.group
        return slug_of(group.name if group else None, "group")

    @property
    def cross_sell_links(self) -> list[tuple[ProductPricing, str]]:
        """Each product bought together with this one, and the slug of its configure URL."""
        return [(product, slug_of(product.name, "product")) for product in self.cross_sells]

    @property
    def allows_quantity(self) -> bool:
        return allows_quantity(self.product)


def cycle_choices(price: PriceSummary) -> list[tuple[str, str]]:
    if price.is_free:
        return [("free", "Free")]
    return [(offer.cycle, _offer_label(offer)) for offer in price.offers]


def _offer_label(offer: CycleOffer) -> str:
    label = f"{offer.label}: {offer.price.display_value}"
    if offer.setup:
        label += f" + {offer.setup.display_value} setup"
    if offer.saving_percent:
        label += f" (save {offer.saving_percent}%)"
    return label


def _price_for(pricing: Pricing, cycle: str) -> str:
    """An addon's or option's WHMCS price for the chosen cycle, as WHMCS wrote it."""
    if pricing.is_free:
        return "free"
    for price in pricing.recurring:
        if price.cycle == cycle:
            return (
                "no extra charge"
                if price.amount.value == 0
                else f"{price.amount.display_value} {CYCLE_LABELS.get(cycle, cycle).lower()}"
            )
    if pricing.onetime is not None:
        return f"{pricing.onetime.amount.display_value} one time"
    return f"not offered {CYCLE_LABELS.get(cycle, cycle).lower()}"


def offered_in(pricing: Pricing, cycle: str) -> bool:
    """Whether WHMCS prices this addon or option choice for the chosen cycle (or once)."""
    if pricing.is_free or pricing.onetime is not None:
        return True
    return any(price.cycle == cycle for price in pricing.recurring)


def whmcs_pattern(validation: str | None) -> re.Pattern[str] | None:
    """WHMCS stores PCRE patterns, with or without `/.../flags` delimiters.

    A pattern Python cannot read is left to WHMCS to enforce (its validation errors come
    back from the cart), rather than refusing every answer here.
    """
    if not validation:
        return None
    flags = 0
    source = validation
    delimited = re.fullmatch(r"/(.*)/([imsxu]*)", validation, re.S)
    if delimited:
        source, modifiers = delimited.groups()
        flags |= re.I if "i" in modifiers else 0
        flags |= re.M if "m" in modifiers else 0
        flags |= re.S if "s" in modifiers else 0
    try:
        return re.compile(source, flags)
    except re.error:
        return None


def _custom_field(field: CustomField) -> forms.Field:
    common: dict[str, Any] = {
        "label": field.name or f"Field {field.id}",
        "required": field.required,
        "help_text": field.description or "",
    }
    kind = field.type
    if kind == "checkbox":
        return forms.BooleanField(**common)
    if kind == "dropdown":
        choices = [(str(o), str(o)) for o in field.options or []]
        return forms.ChoiceField(choices=[("", "Choose…"), *choices], **common)
    if kind == "textarea":
        return forms.CharField(
            widget=forms.Textarea(attrs={"rows": 4}), max_length=CUSTOM_FIELD_MAX_LENGTH, **common
        )
    if kind == "password":
        # render_value: a password typed before another field's error is not lost.
        return forms.CharField(
            widget=forms.PasswordInput(render_value=True), max_length=255, **common
        )
    if kind == "link":
        return forms.URLField(max_length=255, assume_scheme="https", **common)
    return forms.CharField(max_length=255, **common)


def _config_option_field(option: ConfigOption, cycle: str) -> forms.Field:
    label = option.name or f"Option {option.id}"
    choices_of = option.options or []
    if option.type == "yesno":
        price = _price_for(choices_of[0].pricing, cycle) if choices_of else ""
        return forms.BooleanField(
            label=label, required=False, help_text=price, widget=forms.CheckboxInput()
        )
    if option.type == "quantity":
        minimum = option.quantity_minimum or 0
        maximum = option.quantity_maximum
        unit_price = _price_for(choices_of[0].pricing, cycle) if choices_of else ""
        return forms.IntegerField(
            label=label,
            min_value=minimum,
            max_value=maximum or None,
            initial=minimum,
            help_text=(f"{unit_price} each" if unit_price else "")
            + (f" ({minimum} to {maximum})" if maximum is not None else ""),
            error_messages={
                "min_value": f"Choose at least {minimum}.",
                "max_value": f"Choose at most {maximum}.",
                "invalid": "Enter a whole number.",
            },
        )
    # A choice WHMCS does not price for the chosen cycle is not offered with it.
    offered = [c for c in choices_of if offered_in(c.pricing, cycle)] or choices_of
    ordered = sorted(offered, key=lambda c: (c.sort_order or 0, str(c.value)))
    choices = [
        (str(choice.value), f"{choice.name} ({_price_for(choice.pricing, cycle)})")
        for choice in ordered
    ]
    widget = forms.RadioSelect if option.type == "radio" else forms.Select
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=widget,
        initial=choices[0][0] if choices else None,
        error_messages={"invalid_choice": "Choose one of the options offered."},
    )


class ConfigureForm(forms.Form):
    """Billing cycle, quantity, config options, addons and custom fields of one product."""

    def __init__(self, *args: Any, offer: ProductOffer, cycle: str | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.offer = offer
        cycles = cycle_choices(offer.price)
        default_cycle = cycles[0][0] if cycles else "monthly"
        chosen = cycle or (self.data.get("billing_cycle") if self.is_bound else None)
        price_cycle = chosen if chosen in dict(cycles) else default_cycle
        # The cycle the option and addon labels are priced for (and which are offered).
        self.price_cycle = price_cycle
        self.fields["billing_cycle"] = forms.ChoiceField(
            label="Billing cycle",
            choices=cycles,
            initial=default_cycle,
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": "Choose one of the billing cycles offered."},
        )
        if offer.allows_quantity:
            self.fields["quantity"] = forms.IntegerField(
                label="Quantity",
                min_value=1,
                max_value=MAX_QUANTITY,
                initial=1,
                error_messages={
                    "min_value": "Order at least 1.",
                    "max_value": f"Order at most {MAX_QUANTITY} at a time.",
                },
            )
        for option in sorted(offer.config_options, key=lambda o: (o.sort_order or 0, o.id)):
            self.fields[f"option_{option.id}"] = _config_option_field(option, price_cycle)
        # Addons WHMCS does not price for the chosen cycle are not offered with it.
        addons = [a for a in offer.addons if offered_in(a.pricing, price_cycle)]
        if addons:
            self.fields["addons"] = forms.MultipleChoiceField(
                label="Addons",
                required=False,
                widget=forms.CheckboxSelectMultiple,
                choices=[
                    (str(addon.id), f"{addon.name} ({_price_for(addon.pricing, price_cycle)})")
                    for addon in addons
                ],
                error_messages={"invalid_choice": "That addon is not offered with this plan."},
            )
        for field in offer.custom_fields:
            self.fields[f"custom_{field.id}"] = _custom_field(field)

    # -- groups of fields, for the template -----------------------------------------------

    def option_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("option_")]

    def custom_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("custom_")]

    # -- validation -----------------------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for field in self.offer.custom_fields:
            name = f"custom_{field.id}"
            value = cleaned.get(name)
            pattern = whmcs_pattern(field.validation)
            if pattern and isinstance(value, str) and value and not pattern.search(value):
                self.add_error(
                    name,
                    ValidationError(
                        f"{field.name} is not in the expected format"
                        + (f": {field.description}" if field.description else "."),
                        code="format",
                    ),
                )
        if self.offer.sold_out:
            raise ValidationError(SOLD_OUT, code="sold_out")
        return cleaned

    PRICED_FIELDS = ("billing_cycle", "quantity", "addons")

    def _is_priced(self, name: str) -> bool:
        return name in self.PRICED_FIELDS or name.startswith("option_")

    def priced_item(self) -> ProductItem | None:
        """The item as far as price goes, even while a custom field is still incomplete."""
        self.is_valid()
        if any(self._is_priced(name) for name in self.errors):
            return None
        return ProductItem(
            product_id=self.offer.product.id,
            billing_cycle=self.cleaned_data["billing_cycle"],
            quantity=self.cleaned_data.get("quantity"),
            addons=self.addon_choices(),
            config_options=self.config_option_inputs(),
        )

    def priced_item_with_usual_choices(self) -> ProductItem | None:
        """The item with the usual choice in place of each priced field that has an error,
        so the summary keeps a price while the customer fixes it."""
        self.is_valid()
        data = self.data.copy()
        for name in list(self.errors):
            if not self._is_priced(name) or name not in self.fields:
                continue
            initial = self.fields[name].initial
            usual = [] if name == "addons" else ("" if initial is None else str(initial))
            if hasattr(data, "setlist"):
                data.setlist(name, usual if isinstance(usual, list) else [usual])
            else:
                data[name] = usual
        return ConfigureForm(data, offer=self.offer).priced_item()

    def hide_unpriced_errors(self) -> None:
        """Re-pricing is not submitting: do not nag about fields that do not change prices."""
        self.is_valid()
        for name in list(self.errors):
            if not self._is_priced(name):
                del self.errors[name]

    def add_whmcs_error(self, message: str) -> None:
        """WHMCS's refusal, beside the option, addon or field it names (else on the form)."""
        named = [(f"option_{o.id}", o.name) for o in self.offer.config_options if o.name] + [
            (f"custom_{f.id}", f.name) for f in self.offer.custom_fields if f.name
        ]
        for field_name, label in named:
            if field_name in self.fields and label.lower() in message.lower():
                self.add_error(field_name, message)
                return
        self.add_error(None, message)

    # -- the cart item --------------------------------------------------------------------

    def config_option_inputs(self) -> list[ConfigOptionInput]:
        inputs = []
        for option in self.offer.config_options:
            value = self.cleaned_data.get(f"option_{option.id}")
            if option.type == "yesno":
                inputs.append(ConfigOptionInput(option.id, bool(value)))
            elif value not in (None, ""):
                inputs.append(ConfigOptionInput(option.id, int(value)))
        return inputs

    def addon_choices(self) -> list[AddonChoice]:
        return [AddonChoice(int(addon_id)) for addon_id in self.cleaned_data.get("addons", [])]

    def custom_field_inputs(self) -> list[CustomFieldInput]:
        inputs = []
        for field in self.offer.custom_fields:
            value = self.cleaned_data.get(f"custom_{field.id}")
            if field.type == "checkbox":
                inputs.append(CustomFieldInput(field.id, bool(value)))
            elif value not in (None, ""):
                inputs.append(CustomFieldInput(field.id, str(value)))
        return inputs

    def to_item(self, *, domain: str | None = None) -> ProductItem:
        return ProductItem(
            product_id=self.offer.product.id,
            billing_cycle=self.cleaned_data["billing_cycle"],
            quantity=self.cleaned_data.get("quantity"),
            domain=domain,
            addons=self.addon_choices(),
            custom_fields=self.custom_field_inputs(),
            config_options=self.config_option_inputs(),
        )


def product_offer(catalog: Any, product_id: int) -> ProductOffer:
    product = catalog.product(product_id)
    return ProductOffer(
        product=product,
        price=summarise(product.pricing),
        config_options=catalog.config_options(product_id),
        addons=catalog.addons(product_id),
        custom_fields=catalog.custom_fields(product_id),
        cross_sells=catalog.cross_sells(product_id),
    )

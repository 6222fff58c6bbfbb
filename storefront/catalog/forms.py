from __future__ import annotations

from django import forms


class CurrencyForm(forms.Form):
    currency = forms.ChoiceField(
        label="Currency", error_messages={"invalid_choice": "We do not sell in that currency."}
    )

    def __init__(self, *args, currencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["currency"].choices = [(c.code, c.code) for c in currencies if c.code]

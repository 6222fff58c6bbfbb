"""Every account input goes through one of these forms. Passwords are never rendered back."""

from __future__ import annotations

import re

from django import forms

# Where a login may send the browser afterwards; checked again by `safe_next` in the view.
NEXT_FIELD = {"required": False, "max_length": 2000, "widget": forms.HiddenInput}


class LoginForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=255,
        widget=forms.EmailInput(attrs={"autocomplete": "username"}),
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address such as name@example.com.",
        },
    )
    password = forms.CharField(
        label="Password",
        max_length=64,
        strip=False,
        # render_value=False: a password is never sent back to the browser, not even on errors.
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}, render_value=False),
        error_messages={"required": "Enter your password."},
    )
    next = forms.CharField(**NEXT_FIELD)


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label="Authentication code",
        help_text="The 6-digit code from your authenticator app.",
        max_length=16,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*"}
        ),
        error_messages={"required": "Enter the code from your authenticator app."},
    )
    next = forms.CharField(**NEXT_FIELD)

    def clean_code(self) -> str:
        # Apps show codes as "123 456"; WHMCS wants the digits only.
        code = self.cleaned_data["code"].replace(" ", "")
        if not re.fullmatch(r"[0-9]{6,8}", code):
            raise forms.ValidationError("Enter the 6 digits shown in your app.")
        return code


class ClientChoiceForm(forms.Form):
    """Which of the user's client accounts to act for."""

    client = forms.ChoiceField(
        label="Account",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose an account.",
            "invalid_choice": "Choose one of your accounts.",
        },
    )
    next = forms.CharField(**NEXT_FIELD)

    def __init__(self, *args, clients=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].choices = [(c["uuid"], c["label"]) for c in clients]


class RenewalForm(forms.Form):
    """One renewal: a service, a service addon or a domain (with its period in years)."""

    kind = forms.ChoiceField(choices=[(kind, kind) for kind in ("service", "addon", "domain")])
    record = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    period = forms.IntegerField(
        label="Renew for",
        min_value=1,
        max_value=10,
        required=False,
        error_messages={"min_value": "At least 1 year.", "max_value": "At most 10 years."},
    )
    once = forms.CharField(max_length=64)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == "domain" and not cleaned.get("period"):
            self.add_error("period", "Choose how many years to renew for.")
        return cleaned


# What a refused login step says, beside the form.
WRONG_CREDENTIALS = "That email address and password do not match an account."
WRONG_CODE = "That code is not right, or it has expired. Enter the current code from your app."

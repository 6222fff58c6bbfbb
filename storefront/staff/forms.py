"""Every input of the staff console, through a form."""

from __future__ import annotations

from django import forms

from .models import AuditEntry


class LoginForm(forms.Form):
    username = forms.CharField(
        max_length=255, widget=forms.TextInput(attrs={"autocomplete": "username"})
    )
    password = forms.CharField(
        max_length=64,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class SecondFactorForm(forms.Form):
    code = forms.RegexField(
        label="Authentication code",
        regex=r"^\d{6}$",
        error_messages={"invalid": "Enter the 6-digit code from your authenticator app."},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": "6"}
        ),
    )


class SearchForm(forms.Form):
    query = forms.CharField(
        label="Search",
        min_length=3,
        max_length=128,
        error_messages={
            "required": "Type at least 3 characters to search.",
            "min_length": "Type at least 3 characters to search.",
        },
    )
    page = forms.IntegerField(min_value=1, max_value=100_000, required=False)

    def clean_page(self) -> int:
        return self.cleaned_data.get("page") or 1


class MasqueradeForm(forms.Form):
    kind = forms.ChoiceField(choices=[("user", "User"), ("client", "Client")])
    target_id = forms.IntegerField(min_value=1, max_value=2**31 - 1)


class PageForm(forms.Form):
    page = forms.IntegerField(min_value=1, max_value=100_000, required=False)

    def clean_page(self) -> int:
        return self.cleaned_data.get("page") or 1


class OrderFilterForm(PageForm):
    # WHMCS decides which statuses exist (GetOrderStatuses); an unknown one simply finds nothing.
    status = forms.CharField(max_length=64, required=False)


class AuditFilterForm(PageForm):
    actor = forms.CharField(max_length=255, required=False, label="Staff member")
    action = forms.ChoiceField(
        choices=[("", "Any action"), *AuditEntry.Action.choices], required=False
    )
    date_from = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date is before the start date.")
        return cleaned

"""The editor's inputs. A draft is only valid when it passes every check of `check_draft`."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest

from .fragments import fragment_names, with_fragment
from .patterns import STATES, states_of
from .rendering import Check, check_draft


class EditForm(forms.Form):
    source = forms.CharField(
        label="Template",
        strip=False,
        max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 30, "cols": 100, "spellcheck": "false"}),
        error_messages={"required": "The template cannot be empty."},
    )
    note = forms.CharField(
        label="What changed (shown in the history)", max_length=200, required=False
    )
    state = forms.ChoiceField(label="Preview with", required=False)

    def __init__(self, *args, name: str, fragment: str, base_source: str, request: HttpRequest,
                 **kwargs):  # fmt: skip
        super().__init__(*args, **kwargs)
        self.name, self.fragment = name, fragment
        self.base_source, self.request = base_source, request
        self.check: Check | None = None
        own = states_of(name)
        others = [state for state in STATES if state not in own]
        self.fields["state"].choices = [(s.slug, s.label) for s in own + others]
        self.fields["source"].label = (
            f"Fragment “{fragment}” of {name}" if fragment else f"Template {name}"
        )

    def clean_source(self) -> str:
        # Browsers send CRLF from a textarea; the files use LF.
        return self.cleaned_data["source"].replace("\r\n", "\n")

    def clean(self):
        cleaned = super().clean()
        body = cleaned.get("source")
        if body is None:
            return cleaned
        if self.fragment and self.fragment not in fragment_names(self.base_source):
            raise forms.ValidationError(f"The fragment “{self.fragment}” no longer exists.")
        whole = with_fragment(self.base_source, self.fragment, body) if self.fragment else body
        cleaned["whole_source"] = whole
        self.check = check_draft(self.name, whole, self.request)
        for error in self.check.errors:
            self.add_error("source", error)
        return cleaned

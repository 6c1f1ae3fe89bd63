"""What every question page's form has in common: GOV.UK fields, and JSON in and out."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from django import forms
from django.db import models

from records.catalogue import Entry
from records.formfields import GovDateField, blank, gds_choices

YES_NO = [Choice("yes", "Yes"), Choice("no", "No")]


def yes_no(label: str, required_message: str, help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        required=False,
        error_messages={"required": required_message},
    )


def radios(
    label: str, catalogue: Iterable[Entry], required_message: str, help_text: str = ""
) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        help_text=help_text,
        choices=gds_choices(catalogue),
        widget=forms.RadioSelect,
        required=False,
        error_messages={"required": required_message},
    )


def checkboxes(
    label: str, catalogue: Iterable[Entry], help_text: str = ""
) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        help_text=help_text,
        choices=gds_choices(catalogue),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


def text(
    label: str, help_text: str = "", *, rows: int | None = None, max_length: int = 5000
) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput
    return forms.CharField(
        label=label, help_text=help_text, required=False, max_length=max_length, widget=widget
    )


def date(label: str, help_text: str = "For example, 27 3 2026", *, label_text: str) -> GovDateField:
    """``label_text`` names the date in error messages ("Date the request arrived must be
    a real date"); the question itself reads badly there."""
    return GovDateField(label=label, label_text=label_text, help_text=help_text, required=False)


class QuestionForm(forms.Form):
    """One of the eight key questions (L 4.5.1). Fields are optional at field level and
    required in `clean` according to what the user chose, so that conditional follow-ups
    are required only when their condition holds."""

    number: int = 0
    title: str = ""
    source: str = ""
    required_fields: Mapping[str, str] = {}

    def __init__(
        self,
        *args: Any,
        stored: Mapping[str, Any] | None = None,
        context: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        self.context = dict(context or {})
        kwargs.setdefault("initial", self.initial_from(dict(stored or {})))
        super().__init__(*args, **kwargs)
        self.setup_fields()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = self.layout()

    def setup_fields(self) -> None:
        """Per-request choices (agencies, the case's consents)."""

    def layout(self) -> Any:
        raise NotImplementedError

    # --- required-ness ------------------------------------------------------------------

    def require(self, field: str, message: str) -> None:
        value = self.cleaned_data.get(field)
        if blank(value) and field not in self.errors:
            self.add_error(field, message)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for field, message in self.required_fields.items():
            self.require(field, message)
        return cleaned

    # --- JSON in and out ----------------------------------------------------------------

    def initial_from(self, stored: dict[str, Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for key, value in stored.items():
            if isinstance(value, bool):
                initial[key] = "yes" if value else "no"
            elif isinstance(value, str) and len(value) == 10 and value[4:5] == "-":
                try:
                    initial[key] = datetime.date.fromisoformat(value)
                except ValueError:
                    initial[key] = value
            else:
                initial[key] = value
        return initial

    def answers(self) -> dict[str, Any]:
        """The page's answers as plain JSON (dates as ISO text, objects as ids)."""
        out: dict[str, Any] = {}
        for key, value in self.cleaned_data.items():
            if isinstance(value, datetime.date):
                out[key] = value.isoformat()
            elif isinstance(value, models.Model):
                out[key] = value.pk
            elif isinstance(value, models.QuerySet):
                out[key] = [item.pk for item in value]
            elif value == "" and isinstance(self.fields.get(key), forms.TypedChoiceField):
                out[key] = None
            else:
                out[key] = value
        return out

"""What every question page's form has in common: GOV.UK fields, and JSON in and out.

A page asks one thing (GOV.UK question pages). ``heading`` names the field whose legend
or label is the page's heading, when the page asks a single question; otherwise the page's
``title`` is its heading and each field has its own legend. ``help`` and ``help_source``
fill the page's "Help with this question" (the source spelled out: sharing.sources).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from records.catalogue import Entry
from records.formfields import GovDateField, blank, gds_choices

YES_NO = [Choice("yes", "Yes"), Choice("no", "No")]
NONE = "none"  # the value of an exclusive "none of these" checkbox or radio


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
    label: str, choices: Iterable[Choice], help_text: str = ""
) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        help_text=help_text,
        choices=list(choices),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


def with_none(catalogue: Iterable[Entry], none_label: str) -> list[Choice]:
    """A catalogue's choices, then "or", then an exclusive "none" (GOV.UK checkboxes: the
    "none" option unticks the others, and govuk-frontend does it for you)."""
    choices = gds_choices(catalogue)
    choices[-1] = Choice(choices[-1].value, choices[-1].label, divider="or", **hint_of(choices[-1]))
    return [*choices, Choice(NONE, none_label, behaviour="exclusive")]


def hint_of(choice: Choice) -> dict[str, str]:
    hint = getattr(choice, "hint", "")
    return {"hint": hint} if hint else {}


def text(
    label: str, help_text: str = "", *, rows: int | None = None, max_length: int = 5000
) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput
    return forms.CharField(
        label=label, help_text=help_text, required=False, max_length=max_length, widget=widget
    )


def date(
    label: str,
    help_text: str = "For example, 27 3 2026",
    *,
    label_text: str,
    validators: Iterable[Any] = (),
) -> GovDateField:
    """``label_text`` names the date in error messages ("Date the request arrived must be
    a real date"); the question itself reads badly there."""
    return GovDateField(
        label=label,
        label_text=label_text,
        help_text=help_text,
        required=False,
        validators=list(validators),
    )


class AfterToday:
    def __init__(self, label_text: str) -> None:
        self.label_text = label_text

    def __call__(self, value: datetime.date | None) -> None:
        if value is not None and value <= timezone.localdate():
            raise ValidationError(f"{self.label_text} must be after today")


def heading_radios(name: str, **kwargs: Any) -> Field:
    return Field.radios(name, legend_size=Size.LARGE, legend_tag="h1", **kwargs)


def heading_checkboxes(name: str) -> Field:
    return Field.checkboxes(name, legend_size=Size.LARGE, legend_tag="h1")


def heading_textarea(name: str, rows: int = 5) -> Field:
    return Field.textarea(name, label_size=Size.LARGE, label_tag="h1", rows=rows)


class PageForm(forms.Form):
    """One page of one of the eight key questions (L 4.5.1). Fields are optional at field
    level and required in ``clean``, so that a follow-up is required only when its
    condition holds, and so that a page can be kept as typed with its problems."""

    title: ClassVar[str] = ""
    heading: ClassVar[str] = ""  # the field whose legend or label is the h1, if any
    help: ClassVar[str] = ""
    help_source: ClassVar[str] = ""
    intro_template: ClassVar[str] = ""  # shown under the heading, above the fields
    required_fields: ClassVar[Mapping[str, str]] = {}

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
        self.helper.form_tag = False  # the page's own <form> holds the buttons
        self.helper.layout = self.layout()

    def setup_fields(self) -> None:
        """Per-request choices (agencies, the case's consents)."""

    def layout(self) -> Layout:
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

    def exclusive(self, field: str, required: str, both: str) -> list[str]:
        """A checkbox group ending in an exclusive "none": something must be ticked, and
        not "none" with anything else. The ticked codes, without "none"."""
        ticked = list(self.cleaned_data.get(field) or [])
        if not ticked:
            self.require(field, required)
        elif NONE in ticked and len(ticked) > 1 and field not in self.errors:
            self.add_error(field, both)
        return [code for code in ticked if code != NONE]

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
            if key not in self.fields:  # worked out in clean(), not an answer itself
                continue
            if isinstance(value, datetime.date):
                out[key] = value.isoformat()
            elif value is None and isinstance(self.fields.get(key), GovDateField):
                out[key] = ""
            elif isinstance(value, models.Model):
                out[key] = value.pk
            elif isinstance(value, models.QuerySet):
                out[key] = [item.pk for item in value]
            elif value == "" and isinstance(self.fields.get(key), forms.TypedChoiceField):
                out[key] = None
            else:
                out[key] = value
        return out

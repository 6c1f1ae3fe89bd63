"""Form pieces shared by every app's forms (GOV.UK patterns)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import Field, Size
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.utils import timezone

from .catalogue import Entry

# The longest a day, month or year may be typed: "0027", "2015". Anything longer is not a
# date, and a part of 10 digits or more would overflow the C integer `datetime.date` takes.
DATE_PART_MAX_LENGTH = 4


class GovDateField(DateInputField):
    """GOV.UK date input: day, month, year, with the Design System's error messages."""

    def __init__(self, *, label_text: str = "Date", **kwargs: Any) -> None:
        self.label_text = label_text
        super().__init__(**kwargs)
        self.error_messages["required"] = f"Enter the {label_text.lower()}"
        self.error_messages["invalid"] = f"{label_text} must be a real date"
        not_a_date = f"{label_text} must be a real date"
        for part, name in zip(self.fields, ("day", "month", "year"), strict=True):
            # The sub-fields are built by DateInputField: their validators are set here, in
            # full, because a max_length set after a CharField is built is never checked.
            part.max_length = DATE_PART_MAX_LENGTH
            part.validators = [
                RegexValidator(r"\A[0-9]+\Z", not_a_date),
                MaxLengthValidator(DATE_PART_MAX_LENGTH, not_a_date),
            ]
            part.error_messages["incomplete"] = f"{label_text} must include a {name}"

    def compress(self, data_list: Any) -> datetime.date | None:
        day, month, year = data_list
        if not (day or month or year):
            return None
        for part, name in ((day, "day"), (month, "month"), (year, "year")):
            if not part:
                # Some parts typed and this one left blank (or only spaces): say which,
                # rather than pass on no date as if none had been asked for.
                raise ValidationError(f"{self.label_text} must include a {name}")
        try:
            year_number = int(year)
            if year_number < 1900 or year_number > 2200:
                raise ValueError
            return datetime.date(day=int(day), month=int(month), year=year_number)
        except (TypeError, ValueError, OverflowError) as error:
            raise ValidationError(f"{self.label_text} must be a real date") from error


class NotInFuture:
    def __init__(self, label_text: str) -> None:
        self.label_text = label_text

    def __call__(self, value: datetime.date | None) -> None:
        if value is not None and value > timezone.localdate():
            raise ValidationError(f"{self.label_text} must be today or in the past")


def apply_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError back on the form, beside the right fields."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def gds_choices(catalogue: Iterable[Entry]) -> list[Choice]:
    """A catalogue as GOV.UK radio or checkbox choices, each with its hint."""
    return [
        Choice(entry.code, entry.label, hint=entry.hint)
        if entry.hint
        else Choice(entry.code, entry.label)
        for entry in catalogue
    ]


def blank(value: Any) -> bool:
    """Nothing typed, chosen or ticked. An empty queryset (a ModelMultipleChoiceField with
    nothing ticked) counts too: it never equals [], so `value in (None, "", [])` missed it."""
    if isinstance(value, models.QuerySet):
        return not value.exists()
    return value in (None, "", [], ())


def date_input(name: str) -> Field:
    """A GOV.UK date input with a small legend. (Field(name, legend_size=...) put the size
    on the inputs as a legend-size attribute instead of on the legend.)"""
    return Field(name, context={"legend_size": Size.for_legend(Size.SMALL)})

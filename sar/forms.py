"""The subject access forms (GOV.UK patterns, crispy-forms-gds)."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from records.formfields import GovDateField, NotInFuture, date_input, gds_choices
from records.models import Case

from . import catalogues as cat

CHILD = "child"


def _helper(*fields: Any) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*fields)
    return helper


class FindCaseForm(forms.Form):
    reference = forms.CharField(
        label="Agency case reference",
        max_length=64,
        help_text="For example, CSC-1001",
        error_messages={"required": "Enter the case reference"},
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("reference", field_width=10))


class RecordForm(forms.Form):
    subject = forms.ChoiceField(
        label="Who is asking for their information?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select who is asking"},
    )
    received_on = GovDateField(
        label="When was the request received?",
        label_text="Date received",
        help_text="The one-month clock starts on this day. For example, 27 3 2027",
        validators=[NotInFuture("Date received")],
    )
    identity_check = forms.ChoiceField(
        label="How was their identity checked?",
        choices=gds_choices(cat.IDENTITY_CHECKS),
        widget=forms.RadioSelect,
        error_messages={"required": "Select how their identity was checked"},
    )
    identity_notes = forms.CharField(
        label="Details of the check (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.people = {str(p.pk): p for p in case.connected_people.order_by("id")}
        self.fields["subject"].choices = [(CHILD, f"{case.child_name} (the child)")] + [
            (key, f"{p.name} ({p.get_relationship_display()})") for key, p in self.people.items()
        ]
        self.helper = _helper(
            Field.radios("subject", legend_size=Size.SMALL),
            date_input("received_on"),
            Field.radios("identity_check", legend_size=Size.SMALL),
            Field.textarea("identity_notes"),
        )

    def person(self) -> Any:
        return self.people.get(self.cleaned_data["subject"])


class ExtendForm(forms.Form):
    months = forms.TypedChoiceField(
        label="By how long?",
        coerce=int,
        choices=[(1, "One further month"), (2, "Two further months")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select one or two months"},
    )
    reason = forms.CharField(
        label="Why does the request need longer?",
        help_text="Only a complex request, or one of several from the same person, may be extended",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why the request needs longer"},
    )
    told_on = GovDateField(
        label="When did you tell them, with the reason?",
        label_text="Date they were told",
        help_text="They must be told within the first month. For example, 27 3 2027",
        validators=[NotInFuture("Date they were told")],
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.radios("months", legend_size=Size.SMALL),
            Field.textarea("reason"),
            date_input("told_on"),
        )


class ItemForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What will you do with this item?",
        choices=gds_choices(cat.OUTCOMES),
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to release, redact or withhold it"},
    )
    redactions = forms.CharField(
        label="Words to remove, if you remove parts",
        help_text="One passage a line, exactly as it appears in the item",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    exemption = forms.ChoiceField(
        label="Exemption, if you remove parts or withhold it",
        choices=[("", "Select the exemption"), *[(e.code, e.label) for e in cat.EXEMPTIONS]],
        required=False,
    )
    reason = forms.CharField(
        label="Why the exemption applies",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.radios("outcome", legend_size=Size.SMALL),
            Field.textarea("redactions"),
            Field.select("exemption"),
            Field.textarea("reason"),
        )

    def passages(self) -> list[str]:
        return [line for line in self.cleaned_data["redactions"].splitlines() if line.strip()]


class CheckForm(forms.Form):
    agreed = forms.TypedChoiceField(
        label="Do you agree with every decision and redaction?",
        coerce=lambda value: value == "yes",
        choices=[("yes", "Yes, it is ready to release"), ("no", "No, return it to the reviewer")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you agree"},
    )
    comments = forms.CharField(
        label="Comments for the reviewer",
        help_text="Needed if you return it",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.radios("agreed", legend_size=Size.SMALL), Field.textarea("comments")
        )

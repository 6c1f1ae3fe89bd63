"""Forms for recording an agreement, a party that signed it, and a clause."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from agencies.models import Agency
from records.formfields import GovDateField, NotInFuture


def _helper(*fields: Any) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*fields)
    return helper


class AgreementForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example, Northshire multi-agency information sharing protocol",
        error_messages={"required": "Enter the agreement's title"},
    )
    version = forms.CharField(
        label="Version",
        max_length=20,
        help_text="For example, 4.0",
        error_messages={"required": "Enter the version"},
    )
    ratified_on = GovDateField(
        label="Date it was ratified",
        label_text="Date ratified",
        help_text="For example, 1 3 2026",
        validators=[NotInFuture("Date ratified")],
    )
    review_on = GovDateField(
        label="Date it is to be reviewed",
        label_text="Review date",
        help_text="For example, 1 3 2027",
    )
    signed_on = GovDateField(
        label="Date your agency signed it",
        label_text="Date signed",
        help_text="For example, 15 3 2026",
        validators=[NotInFuture("Date signed")],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("title"),
            Field.text("version", field_width=10),
            Field("ratified_on"),
            Field("review_on"),
            Field("signed_on"),
        )


class PartyForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.none(),
        empty_label="Select an agency",
        error_messages={
            "required": "Select the agency that signed",
            "invalid_choice": "Select the agency that signed",
        },
    )
    signed_on = GovDateField(
        label="Date it signed",
        label_text="Date signed",
        help_text="For example, 15 3 2026",
        validators=[NotInFuture("Date signed")],
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.helper = _helper(Field.select("agency"), Field("signed_on"))


class ClauseForm(forms.Form):
    number = forms.CharField(
        label="Clause number",
        max_length=20,
        error_messages={"required": "Enter the clause's number"},
    )
    purpose = forms.CharField(
        label="What the clause is for",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter what the clause is for"},
    )
    data_covered = forms.CharField(
        label="The information it covers",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter the information the clause covers"},
    )
    legal_basis = forms.CharField(
        label="Legal basis",
        help_text="For example, section 47 of the Children Act 1989",
        max_length=2000,
        error_messages={"required": "Enter the legal basis"},
    )
    covers = forms.ModelMultipleChoiceField(
        label="The parties it covers",
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select the parties the clause covers",
            "invalid_choice": "Select only agencies that signed the agreement",
            "invalid_pk_value": "Select only agencies that signed the agreement",
        },
    )

    def __init__(self, *args: Any, parties: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["covers"].queryset = parties  # type: ignore[attr-defined]
        self.helper = _helper(
            Field.text("number", field_width=5),
            Field.textarea("purpose"),
            Field.textarea("data_covered"),
            Field.text("legal_basis"),
            Field.checkboxes("covers", legend_size=Size.SMALL, small=True),
        )

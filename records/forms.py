from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms

from . import history
from .describe import KINDS
from .formfields import GovDateField, NotInFuture
from .models import Relationship


class CaseForm(forms.Form):
    reference = forms.CharField(
        label="Agency case reference",
        max_length=64,
        help_text="The reference your agency's own system uses for this child",
        error_messages={"required": "Enter the agency case reference"},
    )
    child_name = forms.CharField(
        label="Child's full name",
        max_length=200,
        error_messages={"required": "Enter the child's full name"},
    )
    date_of_birth = GovDateField(
        label="Date of birth",
        label_text="Date of birth",
        help_text="For example, 27 3 2015",
        validators=[NotInFuture("Date of birth")],
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template has the <form>: no nested forms
        self.helper.layout = Layout(
            Field.text("reference", field_width=20),
            Field.text("child_name"),
            Field("date_of_birth", legend_size=Size.SMALL),
            Submit("submit", "Open case"),
        )


class ConnectedPersonForm(forms.Form):
    name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={"required": "Enter the person's full name"},
    )
    relationship = forms.ChoiceField(
        label="Connection to the child",
        choices=Relationship.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the person is connected to the child"},
    )
    parental_responsibility = forms.TypedChoiceField(
        label="Do they have parental responsibility for the child?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if they have parental responsibility"},
    )
    lives_with_child = forms.BooleanField(label="They live with the child", required=False)
    notes = forms.CharField(
        label="Notes (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template has the <form>: no nested forms
        self.helper.layout = Layout(
            Field.text("name"),
            Field.radios("relationship", legend_size=Size.SMALL),
            Field.radios("parental_responsibility", legend_size=Size.SMALL, inline=True),
            Field.checkbox("lives_with_child"),
            Field.textarea("notes"),
            Submit("submit", "Add person"),
        )


class AllocateForm(forms.Form):
    user: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="Practitioner",
        queryset=None,
        empty_label="Choose a practitioner",
        error_messages={
            "required": "Choose a practitioner to allocate",
            "invalid_choice": "Choose a practitioner from the list",
        },
    )

    def __init__(self, *args: object, users: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["user"].queryset = users  # type: ignore[attr-defined]
        self.fields["user"].label_from_instance = lambda u: (  # type: ignore[attr-defined]
            f"{u.get_full_name() or u.username} ({u.membership.get_role_display()})"
        )
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template has the <form>: no nested forms
        self.helper.layout = Layout(Field.select("user"), Submit("submit", "Allocate"))


class HistoryFilterForm(forms.Form):
    kind = forms.MultipleChoiceField(
        label="Show",
        choices=KINDS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Leave all unticked to see everything.",
    )
    date_from = GovDateField(label="From", label_text="From date", required=False)
    date_to = GovDateField(label="To", label_text="To date", required=False)
    access = forms.BooleanField(
        label="Include access events (views, downloads and refused attempts)",
        required=False,
        help_text="They are left out unless you tick this or choose Access above.",
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field.checkboxes("kind", legend_size=Size.SMALL, small=True),
            Field("date_from", legend_size=Size.SMALL),
            Field("date_to", legend_size=Size.SMALL),
            Field.checkbox("access", small=True),
            Submit("filter", "Apply filters", css_class="govuk-button--secondary"),
        )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "To date must be the same as or after the from date")
        return cleaned

    def filters(self) -> history.Filters:
        if not self.is_bound or not self.is_valid():
            return history.PAGE_DEFAULT  # access events off until asked for (ADR 0032)
        data = self.cleaned_data
        return history.Filters(
            kinds=tuple(data.get("kind") or ()),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            include_access=bool(data.get("access")),
        )

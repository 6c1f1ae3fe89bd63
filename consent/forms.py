from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import (
    HTML,
    ConditionalQuestion,
    Field,
    Fieldset,
    Layout,
    Size,
    Submit,
)
from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import escape

from agencies.models import Agency
from records.formfields import (
    GovDateField,
    NotInFuture,
    RevealRadios,
    blank,
    date_input,
    gds_choices,
)
from records.models import Case

from . import catalogues as cat
from .uploads import checked_content_type


class ConsentRecordForm(forms.Form):
    giver_role = forms.ChoiceField(
        label="Who was asked?",
        choices=gds_choices(cat.CONSENT_GIVER_ROLES),
        widget=forms.RadioSelect,
        error_messages={"required": "Select who was asked for consent"},
    )
    giver_name = forms.CharField(
        label="Their full name",
        max_length=200,
        error_messages={"required": "Enter the full name of the person asked"},
    )
    connected_person = forms.ModelChoiceField(
        label="Connected person on the case (optional)",
        queryset=None,
        required=False,
        empty_label="Not listed",
    )
    capacity_criteria_met = forms.MultipleChoiceField(
        label="Which of these did the child show?",
        choices=gds_choices(cat.GILLICK_CRITERIA),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="L 4.3.17. Select all that apply.",
    )
    competent = forms.TypedChoiceField(
        label="Is the child able to make their own decision about sharing?",
        choices=[
            ("yes", "Yes, the child has sufficient understanding"),
            ("no", "No, a person with parental responsibility decides"),
        ],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        required=False,
        empty_value=None,
    )
    capacity_notes = forms.CharField(
        label="How you assessed their understanding",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )
    told = forms.MultipleChoiceField(
        label="What were they told?",
        choices=gds_choices(cat.TOLD_ITEMS),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="L 4.3.28: the minimum a person must be told.",
    )
    told_notes = forms.CharField(
        label="Anything else they were told (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
    )
    form = forms.ChoiceField(
        label="How was consent given or refused?",
        choices=gds_choices(cat.CONSENT_FORMS),
        widget=forms.RadioSelect,
        error_messages={"required": "Select how consent was given or refused"},
    )
    signed_form = forms.FileField(
        label="Upload the signed form", required=False, help_text="PDF, PNG or JPEG, 10 MB at most"
    )
    verbal_details = forms.CharField(
        label="Details of the conversation",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )
    implied_context = forms.CharField(
        label="What makes consent implied?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )
    outcome = forms.ChoiceField(
        label="What was the answer?",
        choices=[c for c in gds_choices(cat.CONSENT_OUTCOMES) if c.value != "withdrawn"],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the answer they gave"},
    )
    obtained_on = GovDateField(
        label="When did they answer?",
        label_text="Date of the answer",
        validators=[NotInFuture("Date of the answer")],
    )
    scope_information = forms.CharField(
        label="What information does the consent cover?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )
    scope_purposes = forms.MultipleChoiceField(
        label="For which purposes?",
        choices=gds_choices(cat.PURPOSES),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    scope_agencies = forms.ModelMultipleChoiceField(
        label="With which organisations?",
        queryset=Agency.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    scope_until = GovDateField(
        label="Until when? (optional)", label_text="End date of the consent", required=False
    )
    review_on = GovDateField(
        label="When should it be reviewed? (optional)",
        label_text="Review date",
        required=False,
        help_text="L 4.3.21",
    )
    conflict_notes = forms.CharField(
        label="Do the child and a parent disagree? Record it here (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text="If the child is competent, their view is the one that counts unless overridden "
        "in "
        "their best interests (L 4.3.19-4.3.20).",
    )

    def __init__(self, *args: Any, case: Case, capacity_hint: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["connected_person"].queryset = case.connected_people.all()  # type: ignore[attr-defined]
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template has the <form>: no nested forms
        self.helper.layout = Layout(
            Fieldset(
                RevealRadios(
                    "giver_role",
                    ConditionalQuestion(
                        cat.label(cat.CONSENT_GIVER_ROLES, "child"),
                        HTML(
                            '<div class="govuk-inset-text" data-testid="capacity-hint">'
                            f"{escape(capacity_hint)}</div>"
                        ),
                        Field.checkboxes(
                            "capacity_criteria_met", legend_size=Size.SMALL, small=True
                        ),
                        Field.radios("competent", legend_size=Size.SMALL),
                        Field.textarea("capacity_notes"),
                    ),
                    *(e.label for e in cat.CONSENT_GIVER_ROLES if e.code != "child"),
                ),
                Field.text("giver_name"),
                Field.select("connected_person"),
                legend="Who was asked",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.checkboxes("told", legend_size=Size.SMALL),
                Field.textarea("told_notes"),
                legend="What they were told",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                RevealRadios(
                    "form",
                    ConditionalQuestion(
                        cat.label(cat.CONSENT_FORMS, "explicit_written"), Field("signed_form")
                    ),
                    ConditionalQuestion(
                        cat.label(cat.CONSENT_FORMS, "explicit_verbal"),
                        Field.textarea("verbal_details"),
                    ),
                    ConditionalQuestion(
                        cat.label(cat.CONSENT_FORMS, "implied"), Field.textarea("implied_context")
                    ),
                ),
                Field.radios("outcome", legend_size=Size.SMALL),
                date_input("obtained_on"),
                legend="Their answer",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.textarea("scope_information"),
                Field.checkboxes("scope_purposes", legend_size=Size.SMALL, small=True),
                Field.checkboxes("scope_agencies", legend_size=Size.SMALL, small=True),
                date_input("scope_until"),
                date_input("review_on"),
                legend="What the consent covers",
                legend_size=Size.MEDIUM,
            ),
            Field.textarea("conflict_notes"),
            Submit("submit", "Save consent record"),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}

        def need(field: str, message: str) -> None:
            if blank(cleaned.get(field)) and field not in self.errors:
                self.add_error(field, message)

        if cleaned.get("giver_role") == "child":
            need("competent", "Select whether the child can make their own decision")
        else:  # answers in the hidden child-only section are not part of this record
            cleaned.update(capacity_criteria_met=[], competent=None, capacity_notes="")
        form = cleaned.get("form")
        for other, field in (
            ("explicit_written", "signed_form"),
            ("explicit_verbal", "verbal_details"),
            ("implied", "implied_context"),
        ):
            if form != other:
                cleaned[field] = None if field == "signed_form" else ""
        if form == "explicit_written":
            need("signed_form", "Upload the signed consent form")
            if cleaned.get("signed_form"):
                try:  # said beside the upload, not only in the error summary
                    checked_content_type(cleaned["signed_form"])
                except ValidationError as error:
                    self.add_error("signed_form", error)
        elif form == "explicit_verbal":
            need("verbal_details", "Record the details of the verbal consent (L 4.3.12)")
        elif form == "implied":
            need("implied_context", "Describe the context that makes consent implied (L 4.3.13)")
        if cleaned.get("outcome") == "given":
            missing = [
                e.label.lower() for e in cat.TOLD_ITEMS if e.code not in (cleaned.get("told") or [])
            ]
            if missing and "told" not in self.errors:
                self.add_error(
                    "told",
                    "Consent must be informed: record that they were told all four things "
                    "(L 4.3.11, 4.3.28)",
                )
            need("scope_purposes", "Select the purposes the consent covers")
            need("scope_agencies", "Select the organisations the consent covers")
        until, obtained = cleaned.get("scope_until"), cleaned.get("obtained_on")
        if until and obtained and until < obtained and "scope_until" not in self.errors:
            self.add_error(
                "scope_until", "End date of the consent must be after the date of the answer"
            )
        return cleaned


class WithdrawForm(forms.Form):
    withdrawn_on = GovDateField(
        label="When was consent withdrawn?",
        label_text="Date withdrawn",
        validators=[NotInFuture("Date withdrawn")],
    )
    notes = forms.CharField(
        label="How was it withdrawn, and what did they say?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": "Describe how consent was withdrawn"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template has the <form>: no nested forms
        self.helper.layout = Layout(
            date_input("withdrawn_on"),
            Field.textarea("notes"),
            Submit("submit", "Record withdrawal", css_class="govuk-button--warning"),
        )

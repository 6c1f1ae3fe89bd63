from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import (
    HTML,
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
        help_text="Select all that apply.",
    )
    competent = forms.ChoiceField(
        label="Is the child able to make their own decision about sharing?",
        choices=[
            ("yes", "Yes, the child has sufficient understanding"),
            ("no", "No, a person with parental responsibility decides"),
            ("not_assessed", "Not assessed yet"),
        ],
        widget=forms.RadioSelect,
        required=False,
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
        help_text="These are the least a person must be told for their consent to count.",
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
        label="If it was in writing, upload the signed form",
        required=False,
        help_text="PDF, PNG or JPEG, 10 MB at most",
    )
    details = forms.CharField(
        label="If it was verbal or implied, give the details",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text="Verbal: who agreed or refused, when, and what they were told. Implied: what "
        "makes sharing part of what they agreed to, for example a referral they agreed to.",
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
        help_text="When to check whether consent needs to be sought again.",
    )
    conflict_notes = forms.CharField(
        label="Do the child and a parent disagree? Record it here (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text="If the child is able to decide for themselves, their view is the one that "
        "counts, unless it is overridden in their best interests.",
    )

    def __init__(self, *args: Any, case: Case, capacity_hint: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["connected_person"].queryset = case.connected_people.all()  # type: ignore[attr-defined]
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template has the <form>: no nested forms
        self.helper.layout = Layout(
            Fieldset(
                Field.radios("giver_role", legend_size=Size.SMALL),
                Field.text("giver_name"),
                Field.select("connected_person"),
                legend="Who was asked",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                HTML(
                    '<div class="govuk-inset-text" data-testid="capacity-hint">'
                    f"{escape(capacity_hint)}</div>"
                ),
                Field.checkboxes("capacity_criteria_met", legend_size=Size.SMALL, small=True),
                Field.radios("competent", legend_size=Size.SMALL),
                Field.textarea("capacity_notes", rows=3),
                legend="If you asked the child: their understanding",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.checkboxes("told", legend_size=Size.SMALL),
                Field.textarea("told_notes", rows=2),
                legend="What they were told",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.radios("form", legend_size=Size.SMALL),
                Field("signed_form"),
                Field.textarea("details", rows=3),
                Field.radios("outcome", legend_size=Size.SMALL),
                date_input("obtained_on"),
                legend="Their answer",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.textarea("scope_information", rows=3),
                Field.checkboxes("scope_purposes", legend_size=Size.SMALL, small=True),
                Field.checkboxes("scope_agencies", legend_size=Size.SMALL, small=True),
                date_input("scope_until"),
                date_input("review_on"),
                legend="What the consent covers",
                legend_size=Size.MEDIUM,
            ),
            Field.textarea("conflict_notes", rows=3),
            Submit("submit", "Save consent record"),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}

        def need(field: str, message: str) -> None:
            if blank(cleaned.get(field)) and field not in self.errors:
                self.add_error(field, message)

        if cleaned.get("giver_role") == "child":
            need("competent", "Select whether the child can make their own decision")
        else:  # answers about a child's understanding are not part of anyone else's record
            cleaned.update(capacity_criteria_met=[], competent="", capacity_notes="")
        cleaned["competent"] = {"yes": True, "no": False}.get(cleaned.get("competent") or "")
        form = cleaned.get("form")
        details = cleaned.pop("details", "") or ""
        cleaned["verbal_details"] = details if form == "explicit_verbal" else ""
        cleaned["implied_context"] = details if form == "implied" else ""
        if form != "explicit_written":
            cleaned["signed_form"] = None
        if form == "explicit_written":
            need("signed_form", "Upload the signed consent form")
            if cleaned.get("signed_form"):
                try:  # said beside the upload, not only in the error summary
                    checked_content_type(cleaned["signed_form"])
                except ValidationError as error:
                    self.add_error("signed_form", error)
        elif form == "explicit_verbal" and not details.strip() and "details" not in self.errors:
            self.add_error("details", "Record the details of the verbal consent or refusal")
        elif form == "implied" and not details.strip() and "details" not in self.errors:
            self.add_error("details", "Describe what makes consent implied")
        if cleaned.get("outcome") == "given":
            missing = [
                e.label.lower() for e in cat.TOLD_ITEMS if e.code not in (cleaned.get("told") or [])
            ]
            if missing and "told" not in self.errors:
                self.add_error(
                    "told",
                    "Consent must be informed: record that they were told all four things",
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

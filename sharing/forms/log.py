"""The decision log's filters (SPEC 6)."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from agencies.models import Agency
from records.formfields import GovDateField
from sharing import catalogues as cat


class LogFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("submitted", "Submitted"), ("draft", "Drafts"), ("all", "All")],
    )
    flagged = forms.ChoiceField(
        label="Flags",
        required=False,
        choices=[("", "Any"), ("yes", "Flagged for review"), ("no", "Not flagged")],
    )
    outcome = forms.ChoiceField(
        label="Decision", required=False, choices=[("", "Any"), *cat.choices(cat.DECISIONS)]
    )
    consent_status = forms.ChoiceField(
        label="Consent", required=False, choices=[("", "Any"), *cat.choices(cat.CONSENT_STATUSES)]
    )
    legal_basis = forms.ChoiceField(
        label="Legal basis", required=False, choices=[("", "Any"), *cat.choices(cat.LEGAL_BASES)]
    )
    practitioner = forms.ModelChoiceField(
        label="Practitioner", required=False, queryset=None, empty_label="Anyone"
    )
    recipient_agency = forms.ModelChoiceField(
        label="Shared with",
        required=False,
        queryset=Agency.objects.order_by("name"),
        empty_label="Any",
    )
    agency = forms.ModelChoiceField(
        label="Agency", required=False, queryset=None, empty_label="All in scope"
    )
    submitted_from = GovDateField(label="Submitted from", label_text="From date", required=False)
    submitted_to = GovDateField(label="Submitted to", label_text="To date", required=False)

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["practitioner"].queryset = (  # type: ignore[attr-defined]
            get_user_model()
            .objects.filter(membership__agency__in=agencies)
            .order_by("last_name", "username")
        )
        self.fields["practitioner"].label_from_instance = lambda u: u.get_full_name() or u.username  # type: ignore[attr-defined]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field.select("status"),
            Field.select("flagged"),
            Field.select("outcome"),
            Field.select("consent_status"),
            Field.select("legal_basis"),
            Field.select("practitioner"),
            Field.select("recipient_agency"),
            Field.select("agency"),
            Field("submitted_from", legend_size=Size.SMALL),
            Field("submitted_to", legend_size=Size.SMALL),
            Submit("filter", "Apply filters", css_class="govuk-button--secondary"),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("submitted_from"), cleaned.get("submitted_to")
        if start and end and end < start:
            self.add_error("submitted_to", "To date must be the same as or after the from date")
        return cleaned

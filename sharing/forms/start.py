"""The first page: what kind of sharing this is, and who asked or is being asked."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import (
    ConditionalQuestion,
    Field,
    Layout,
    Submit,
)
from django import forms

from agencies.models import Agency
from records.formfields import RevealRadios, date_input
from sharing import catalogues as cat

from .base import date, gds_choices, text


class StartForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of information sharing is this?",
        choices=gds_choices(cat.DECISION_KINDS),
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of information sharing this is"},
    )
    requester_agency = forms.ModelChoiceField(
        label="Which organisation asked?",
        queryset=Agency.objects.all(),
        required=False,
        empty_label="Choose an organisation",
    )
    requester_name = text("Who asked? (name and role)", max_length=200)
    received_on = date("When did the request arrive?", label_text="Date the request arrived")
    request_details = text(
        "What did they ask for?", "O 13.3.3: what was originally requested", rows=3
    )
    asked_agency = forms.ModelChoiceField(
        label="Which organisation are you asking?",
        queryset=Agency.objects.all(),
        required=False,
        empty_label="Choose an organisation",
    )
    asking_for = text("What are you asking for?", rows=3)
    prompted_by = text("What has prompted you to consider sharing?", rows=3)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False  # start.html has the <form>: no nested forms
        self.helper.layout = Layout(
            RevealRadios(
                "kind",
                ConditionalQuestion(
                    cat.label(cat.DECISION_KINDS, "proactive"), Field.textarea("prompted_by")
                ),
                ConditionalQuestion(
                    cat.label(cat.DECISION_KINDS, "request_received"),
                    Field.select("requester_agency"),
                    Field.text("requester_name"),
                    date_input("received_on"),
                    Field.textarea("request_details"),
                ),
                ConditionalQuestion(
                    cat.label(cat.DECISION_KINDS, "request_made"),
                    Field.select("asked_agency"),
                    Field.textarea("asking_for"),
                ),
            ),
            Submit("submit", "Continue"),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("kind")
        required = {
            "proactive": {"prompted_by": "Describe what has prompted you to consider sharing"},
            "request_received": {
                "requester_agency": "Select the organisation that asked",
                "requester_name": "Enter who asked",
                "received_on": "Enter the date the request arrived",
                "request_details": "Describe what they asked for",
            },
            "request_made": {
                "asked_agency": "Select the organisation you are asking",
                "asking_for": "Describe what you are asking for",
            },
        }.get(kind or "", {})
        for field, message in required.items():
            if cleaned.get(field) in (None, "") and field not in self.errors:
                self.add_error(field, message)
        return cleaned

    def start_answers(self) -> dict[str, Any]:
        kind = self.cleaned_data["kind"]
        data = self.cleaned_data
        if kind == "request_received":
            return {
                "requester_agency_id": data["requester_agency"].pk,
                "requester_agency_name": data["requester_agency"].name,
                "requester_name": data["requester_name"],
                "received_on": data["received_on"].isoformat(),
                "request_details": data["request_details"],
            }
        if kind == "request_made":
            return {
                "asked_agency_id": data["asked_agency"].pk,
                "asked_agency_name": data["asked_agency"].name,
                "asking_for": data["asking_for"],
            }
        return {"prompted_by": data["prompted_by"]}

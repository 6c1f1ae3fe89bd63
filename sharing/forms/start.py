"""The first two pages: what kind of sharing this is, then what prompted it, or who asked
or is being asked. Each asks one thing (no conditional reveals)."""

from __future__ import annotations

import datetime
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from agencies.models import Agency
from records.formfields import NotInFuture, date_input
from sharing import catalogues as cat

from .base import date, gds_choices, heading_textarea, text


def _day(value: object) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


class KindForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of information sharing is this?",
        choices=gds_choices(cat.DECISION_KINDS),
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of information sharing this is"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False  # start.html has the <form>: no nested forms
        self.helper.layout = Layout(Field.radios("kind", legend_size=Size.MEDIUM))


class AboutForm(forms.Form):
    """What the decision is about, for its kind: what prompted it (L 4.5.2), or the request
    (O 13.2, O 13.3.3)."""

    requester_agency = forms.ModelChoiceField(
        label="Which organisation asked?",
        queryset=Agency.objects.all(),
        required=False,
        empty_label="Choose an organisation",
    )
    requester_name = text("Who asked?", "Their name and role.", max_length=200)
    received_on = date(
        "When did the request arrive?",
        label_text="Date the request arrived",
        validators=[NotInFuture("Date the request arrived")],
    )
    request_details = text("What did they ask for?", "As they put it.", rows=3)
    asked_agency = forms.ModelChoiceField(
        label="Which organisation are you asking?",
        queryset=Agency.objects.all(),
        required=False,
        empty_label="Choose an organisation",
    )
    asking_for = text("What are you asking for?", rows=3)
    prompted_by = text(
        "What has made you think about sharing?",
        "For example, what you saw or were told, and when.",
        rows=4,
    )

    FIELDS = {
        "proactive": ("prompted_by",),
        "request_received": (
            "requester_agency",
            "requester_name",
            "received_on",
            "request_details",
        ),
        "request_made": ("asked_agency", "asking_for"),
    }
    REQUIRED = {
        "prompted_by": "Describe what has made you think about sharing",
        "requester_agency": "Select the organisation that asked",
        "requester_name": "Enter who asked",
        "received_on": "Enter the date the request arrived",
        "request_details": "Describe what they asked for",
        "asked_agency": "Select the organisation you are asking",
        "asking_for": "Describe what you are asking for",
    }
    TITLES = {
        "proactive": "What has made you think about sharing?",
        "request_received": "The request",
        "request_made": "What you are asking for",
    }

    def __init__(self, *args: Any, kind: str, start: dict[str, Any] | None = None, **kwargs: Any):
        start = start or {}
        initial = {
            "requester_agency": start.get("requester_agency_id"),
            "requester_name": start.get("requester_name", ""),
            "received_on": _day(start.get("received_on")),
            "request_details": start.get("request_details", ""),
            "asked_agency": start.get("asked_agency_id"),
            "asking_for": start.get("asking_for", ""),
            "prompted_by": start.get("prompted_by", ""),
        }
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.kind = kind
        names = self.FIELDS.get(kind, ())
        for name in list(self.fields):
            if name not in names:
                del self.fields[name]
        self.title = self.TITLES.get(kind, "")
        self.helper = FormHelper()
        self.helper.form_tag = False
        if kind == "proactive":
            self.helper.layout = Layout(heading_textarea("prompted_by", rows=4))
        else:
            self.helper.layout = Layout(
                *(date_input(n) if n == "received_on" else Field(n) for n in names)
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in self.fields:
            if cleaned.get(name) in (None, "") and name not in self.errors:
                self.add_error(name, self.REQUIRED[name])
        return cleaned

    def start_answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        if self.kind == "request_received":
            return {
                "requester_agency_id": data["requester_agency"].pk,
                "requester_agency_name": data["requester_agency"].name,
                "requester_name": data["requester_name"],
                "received_on": data["received_on"].isoformat(),
                "request_details": data["request_details"],
            }
        if self.kind == "request_made":
            return {
                "asked_agency_id": data["asked_agency"].pk,
                "asked_agency_name": data["asked_agency"].name,
                "asking_for": data["asking_for"],
            }
        return {"prompted_by": data["prompted_by"]}

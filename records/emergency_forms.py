"""Forms for emergency access: asking for it, and the lead officer's review."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from .models import EmergencyAccess


class EmergencyAccessForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why do you need to see this case now?",
        choices=EmergencyAccess.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why you need to see this case now"},
    )
    details = forms.CharField(
        label="Tell us more",
        help_text="Say what has happened and why it cannot wait for the allocated worker. "
        "Your lead information officer reads this.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": "Explain why you need to see this case now"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.radios("reason", legend_size=Size.MEDIUM), Field.textarea("details")
        )


class EmergencyReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Was this access appropriate?",
        choices=EmergencyAccess.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the access was appropriate"},
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        help_text="If you have a concern, say what it is and what you will do about it.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.radios("outcome", legend_size=Size.MEDIUM), Field.textarea("notes")
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("outcome") == EmergencyAccess.Outcome.CONCERN
            and not (cleaned.get("notes") or "").strip()
        ):
            self.add_error("notes", "Explain your concern")
        return cleaned

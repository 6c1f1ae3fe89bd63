"""Forms on a submitted record."""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms


class AmendForm(forms.Form):
    reason = forms.CharField(
        label="Why does the record need correcting?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": "Enter the reason for the amendment"},
        help_text="The original record is kept unchanged; your amendment is linked to it.",
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.helper = FormHelper()
        self.helper.form_tag = False  # the page's own <form> holds the button
        self.helper.layout = Layout(Field.textarea("reason"))


class FollowUpDoneForm(forms.Form):
    """Closing a follow-up, with an optional note of how it was confirmed."""

    notes = forms.CharField(
        label="How was it confirmed? (optional)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
        error_messages={"max_length": "Notes must be 2,000 characters or fewer"},
        help_text="For example, the date and reference of the confirming e-mail.",
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.helper = FormHelper()
        self.helper.form_tag = False  # the page's own <form> holds the button
        self.helper.layout = Layout(Field.textarea("notes", max_characters=2000))

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

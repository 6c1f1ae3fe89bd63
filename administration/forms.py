"""Forms for an agency administrator: a member's role, leaving, and coming back."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from agencies import permissions

REASON_HELP = "This is kept in the agency's audit log with your name."


class _ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        help_text=REASON_HELP,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter the reason"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*self.layout_fields())

    def layout_fields(self) -> list[Any]:
        return [Field.textarea("reason")]

    def clean_reason(self) -> str:
        reason = str(self.cleaned_data["reason"]).strip()
        if not reason:
            raise forms.ValidationError("Enter the reason")
        return reason


class RoleForm(_ReasonForm):
    role = forms.ChoiceField(
        label="New role",
        choices=permissions.assignable_roles,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role", "invalid_choice": "Select a role"},
    )
    field_order = ["role", "reason"]

    def layout_fields(self) -> list[Any]:
        return [Field.radios("role", legend_size=Size.MEDIUM), Field.textarea("reason")]


class LeaveForm(_ReasonForm):
    """Why the person's access ends (they left the agency, moved post, ...)."""


class ReactivateForm(_ReasonForm):
    """Why a leaver is given their access back."""

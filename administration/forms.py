"""Forms for an agency administrator: a member's role, leaving, and coming back."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from agencies import permissions
from agencies.models import Membership

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


class OfficerForm(forms.Form):
    """One office of the register: who holds it, and how to reach them."""

    membership = forms.ModelChoiceField(
        label="Who holds this office",
        queryset=Membership.objects.none(),
        required=False,
        empty_label="Nobody named yet",
        error_messages={"invalid_choice": "Select a member of your agency"},
    )
    telephone = forms.CharField(
        label="Telephone",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    email = forms.EmailField(
        label="E-mail address",
        required=False,
        error_messages={"invalid": "Enter an e-mail address like name@example.org"},
    )

    def __init__(self, *args: Any, members: Any, legend: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        membership_field = self.fields["membership"]
        assert isinstance(membership_field, forms.ModelChoiceField)
        membership_field.queryset = members
        membership_field.label_from_instance = lambda m: (
            (  # type: ignore[method-assign]
                m.user.get_full_name() or "Name not recorded"
            )
            + (f", {m.job_title}" if m.job_title else "")
        )
        self.legend = legend
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.select("membership"),
            Field.text("telephone", field_width=20),
            Field.text("email", field_width=20),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("membership") is None and (data.get("telephone") or data.get("email")):
            self.add_error(
                "membership", "Select who holds this office, or clear the contact details"
            )
        return data

"""Forms for an agency administrator: a member's role, leaving, and coming back."""

from __future__ import annotations

import re
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from agencies import permissions
from agencies.models import AgencyKind, Membership
from records.formfields import GovDateField, NotInFuture

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


class InviteForm(forms.Form):
    """A new member: who they are, what they do, and the role they have on the service."""

    first_name = forms.CharField(
        label="First name",
        max_length=150,
        error_messages={"required": "Enter their first name"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=150,
        error_messages={"required": "Enter their last name"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    email = forms.EmailField(
        label="Work e-mail address",
        help_text="We send the invitation here. Use their work address, not a personal one.",
        error_messages={
            "required": "Enter their work e-mail address",
            "invalid": "Enter an e-mail address like name@example.org",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    job_title = forms.CharField(label="Job title (optional)", max_length=200, required=False)
    role = forms.ChoiceField(
        label="Role on the service",
        choices=permissions.assignable_roles,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role", "invalid_choice": "Select a role"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("first_name", field_width=20),
            Field.text("last_name", field_width=20),
            Field.text("email", field_width=30),
            Field.text("job_title", field_width=30),
            Field.radios("role", legend_size=Size.MEDIUM),
        )

    def clean_first_name(self) -> str:
        return _required_text(self.cleaned_data["first_name"], "Enter their first name")

    def clean_last_name(self) -> str:
        return _required_text(self.cleaned_data["last_name"], "Enter their last name")


def _required_text(value: str, message: str) -> str:
    value = str(value).strip()
    if not value:
        raise forms.ValidationError(message)
    return value


class SecondFactorResetForm(_ReasonForm):
    """Why the member's authenticator app is removed (a lost or replaced phone)."""


class AgencyDetailsForm(forms.Form):
    """The agency's own details (issue 14): kind, statutory or not, protocol, secure e-mail."""

    kind = forms.ChoiceField(
        label="Kind of agency",
        choices=AgencyKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of agency"},
    )
    statutory = forms.TypedChoiceField(
        label="Is your agency a statutory agency?",
        help_text=(
            "Section 115 of the Crime and Disorder Act 1998 lets statutory agencies share "
            "information to prevent crime. It does not cover voluntary or community groups."
        ),
        choices=[("yes", "Yes"), ("no", "No, a voluntary or community organisation")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether your agency is a statutory agency"},
    )
    protocol_signed_on = GovDateField(
        label="Date your agency signed the information sharing protocol (optional)",
        label_text="Date signed",
        help_text="For example, 1 3 2026",
        required=False,
        validators=[NotInFuture("Date signed")],
    )
    secure_email_domains = forms.CharField(
        label="Domains your agency receives secure e-mail on (optional)",
        help_text="One on each line, for example northshire.gov.uk or nhs.net",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.radios("kind", legend_size=Size.MEDIUM),
            Field.radios("statutory", legend_size=Size.MEDIUM),
            Field("protocol_signed_on", legend_size=Size.SMALL),
            Field.textarea("secure_email_domains"),
        )

    def clean_secure_email_domains(self) -> list[str]:
        domains = []
        for line in str(self.cleaned_data["secure_email_domains"]).split():
            domain = line.strip().lower().lstrip("@").rstrip(".")
            if not domain:
                continue
            if not _DOMAIN.fullmatch(domain):
                raise forms.ValidationError(
                    f"'{line}' is not a domain. Enter domains like northshire.gov.uk, "
                    "one on each line"
                )
            if domain not in domains:
                domains.append(domain)
        return domains


_DOMAIN = re.compile(r"(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")

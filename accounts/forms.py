"""Forms for signing in, the second factor and changing a password (GOV.UK patterns)."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.contrib.auth.forms import SetPasswordForm

# What Django's validators ask of a new password (config/settings: AUTH_PASSWORD_VALIDATORS).
VALIDATORS_HINT = (
    "At least 12 characters, not a common password, not all numbers, and not like your name."
)


def _helper(*fields: Any) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False  # the template has the <form>: no nested forms
    helper.layout = Layout(*fields)
    return helper


class CodeForm(forms.Form):
    """A code from the authenticator app, or one of the backup codes."""

    code = forms.CharField(
        label="Code",
        max_length=16,
        help_text="The 6-digit code your authenticator app shows now, or one of your backup codes.",
        error_messages={"required": "Enter the code from your authenticator app"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "none"}
        )
        self.helper = _helper(Field.text("code", field_width=10))

    def clean_code(self) -> str:
        return "".join(str(self.cleaned_data["code"]).split()).lower()


class EnrolForm(CodeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = "The 6-digit code your authenticator app shows now."
        self.fields["code"].max_length = 6


class PasswordChangeForm(DjangoPasswordChangeForm):
    error_messages = {
        **DjangoPasswordChangeForm.error_messages,
        "password_incorrect": "Your current password is wrong. Enter it again.",
        "password_mismatch": "The two new passwords do not match",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = VALIDATORS_HINT
        self.fields["new_password2"].label = "Confirm new password"
        for name, message in (
            ("old_password", "Enter your current password"),
            ("new_password1", "Enter a new password"),
            ("new_password2", "Enter the new password again"),
        ):
            self.fields[name].error_messages["required"] = message
        self.helper = _helper(
            Field.text("old_password", field_width=20),
            Field.text("new_password1", field_width=20),
            Field.text("new_password2", field_width=20),
        )


class ChoosePasswordForm(SetPasswordForm):
    """A new member's first password, from their invitation link."""

    error_messages = {
        **SetPasswordForm.error_messages,
        "password_mismatch": "The two passwords do not match",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "Choose a password"
        self.fields["new_password1"].help_text = VALIDATORS_HINT
        self.fields["new_password2"].label = "Type the password again"
        self.fields["new_password1"].error_messages["required"] = "Enter a password"
        self.fields["new_password2"].error_messages["required"] = "Enter the password again"
        self.helper = _helper(
            Field.text("new_password1", field_width=20),
            Field.text("new_password2", field_width=20),
        )

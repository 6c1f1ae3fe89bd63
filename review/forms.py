"""The review actions' forms. Each carries the version of the review the officer saw, so
that an action taken meanwhile by someone else is noticed (docs/adr/0023)."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.db.models import QuerySet

from agencies.models import Agency
from sharing import catalogues as cat

from .models import Position

ACTIONS = (
    ("countersign", "Countersign it", "You agree with the decision and its reasons."),
    (
        "return",
        "Return it to the practitioner with comments",
        "They answer with an amendment, which comes back to you.",
    ),
    (
        "determine",
        "Record your own determination",
        "On a controversial issue: your decision and reasons are kept beside the "
        "practitioner's (London procedures, paragraph 4.2.4).",
    ),
    (
        "escalate",
        "Escalate it to another agency's lead information officer",
        "When your agencies disagree (Bromley protocol, section 11).",
    ),
)


def _helper(*fields: Any) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False  # the page's own <form> holds the button
    helper.layout = Layout(*fields)
    return helper


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ChooseActionForm(forms.Form):
    action = forms.ChoiceField(
        label="What do you want to do with this decision?",
        widget=forms.RadioSelect,
        choices=[(code, label) for code, label, _ in ACTIONS],
        error_messages={"required": "Select what you want to do with this decision"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from crispy_forms_gds.choices import Choice

        self.fields["action"].choices = [
            Choice(code, label, hint=hint) for code, label, hint in ACTIONS
        ]
        self.helper = _helper(Field.radios("action", legend_size=Size.MEDIUM))


class CountersignForm(VersionedForm):
    reasons = forms.CharField(
        label="Why are you countersigning this decision?",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        error_messages={"required": "Enter why you are countersigning this decision"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("version", Field.textarea("reasons"))


class ReturnForm(VersionedForm):
    comments = forms.CharField(
        label="What does the practitioner need to change?",
        help_text="They see your comments on the decision and answer with an amendment.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        error_messages={"required": "Enter what the practitioner needs to change"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("version", Field.textarea("comments"))


class DetermineForm(VersionedForm):
    determination = forms.ChoiceField(
        label="Your determination",
        widget=forms.RadioSelect,
        choices=cat.choices(cat.DECISIONS),
        error_messages={"required": "Select your determination"},
    )
    reasons = forms.CharField(
        label="Your reasons",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        error_messages={"required": "Enter the reasons for your determination"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            "version",
            Field.radios("determination", legend_size=Size.MEDIUM),
            Field.textarea("reasons"),
        )


class EscalateForm(VersionedForm):
    to_agency = forms.ModelChoiceField(
        label="Which agency do you disagree with?",
        queryset=Agency.objects.none(),
        empty_label="Choose an agency",
        error_messages={"required": "Select the agency you disagree with"},
    )
    summary = forms.CharField(
        label="What does their lead information officer need to know?",
        help_text="They see only what you write here and your reasons, not your agency's "
        "records. Include only what they need.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        error_messages={"required": "Enter what the other lead officer needs to know"},
    )
    reasons = forms.CharField(
        label="Your agency's position and your reasons",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        error_messages={"required": "Enter your position and your reasons"},
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_agency"].queryset = agencies  # type: ignore[attr-defined]
        self.helper = _helper(
            "version",
            Field.select("to_agency"),
            Field.textarea("summary"),
            Field.textarea("reasons"),
        )


class RespondForm(forms.Form):
    position = forms.ChoiceField(
        label="Do you agree with their position?",
        widget=forms.RadioSelect,
        choices=Position.choices,
        error_messages={"required": "Select whether you agree"},
    )
    response = forms.CharField(
        label="Your response",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        error_messages={"required": "Enter your response"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.radios("position", legend_size=Size.MEDIUM), Field.textarea("response")
        )


class ReconsiderForm(forms.Form):
    new_information = forms.CharField(
        label="What new information has the requester given you?",
        help_text="A new decision is started on the same request. The decision not to share "
        "is kept as it was, linked to the new one.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        error_messages={"required": "Enter the new information you were given"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("new_information"))

"""The exchange's forms (GOV.UK patterns, crispy-forms-gds). Each page has one job."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms
from django.db.models import QuerySet

from agencies.models import Agency
from records.formfields import GovDateField, NotInFuture, date_input, gds_choices
from records.models import Case
from sharing import catalogues as sharing_cat

from . import catalogues as cat

OFF_THE_SERVICE = "0"


def _helper(*fields: Any) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False  # the template has the <form>: no nested forms
    helper.layout = Layout(*fields)
    return helper


def _text(
    label: str, message: str = "", *, rows: int = 0, hint: str = "", max_length: int = 5000
) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        required=bool(message),
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput,
        error_messages={"required": message} if message else {},
    )


def _date(label: str, label_text: str, hint: str = "For example, 27 3 2027") -> GovDateField:
    return GovDateField(
        label=label, label_text=label_text, help_text=hint, validators=[NotInFuture(label_text)]
    )


class RequestForm(forms.Form):
    """A request received (incoming) or made (outgoing), on one page in three parts."""

    other_agency = forms.ChoiceField(label="Which agency?", choices=())
    other_agency_name = _text("Name of the agency, if it is not on this service", max_length=200)
    other_agency_contact = _text(
        "Its address and switchboard number, if it is not on this service", rows=3
    )
    contact_name = _text("Name", "Enter the name of the person", max_length=200)
    contact_role = _text("Role", max_length=200)
    contact_details = _text("Telephone number or secure e-mail address", max_length=300)
    verification = forms.ChoiceField(
        label="How did you check who is asking?",
        help_text="London Child Protection Procedures, paragraph 4.7.4: unless they are "
        "known to you, call them back through their agency before you share anything.",
        choices=gds_choices(cat.REQUEST_VERIFICATION),
        widget=forms.RadioSelect,
        error_messages={"required": "Select how you checked who is asking"},
    )
    urgency = forms.ChoiceField(
        label="How was the request made?",
        choices=gds_choices(cat.REQUEST_URGENCY),
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the request was made"},
    )
    purpose = _text(
        "What is the information needed for?",
        "Enter what the information is needed for",
        rows=3,
    )
    legal_bases = forms.MultipleChoiceField(
        label="What is the legal basis?",
        help_text="Select all that the request gives, for example section 47 for a child "
        "protection enquiry.",
        choices=gds_choices(sharing_cat.LEGAL_BASES),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one legal basis"},
    )
    legal_basis_other = _text("If other, describe the legal basis", max_length=200)
    items = _text(
        "What is asked for?",
        "Enter at least one item of information asked for",
        rows=5,
        hint="Put each item on its own line.",
    )

    def __init__(self, *args: Any, direction: str, agencies: QuerySet[Agency], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.direction = direction
        self.agencies = {str(a.pk): a for a in agencies}
        incoming = direction == "incoming"
        self.fields["other_agency"].label = (
            "Which agency is asking?" if incoming else "Which agency are you asking?"
        )
        self.fields["other_agency"].choices = [  # type: ignore[attr-defined]
            ("", "Choose an agency"),
            *((pk, a.name) for pk, a in self.agencies.items()),
            (OFF_THE_SERVICE, "An agency not on this service"),
        ]
        self.fields["other_agency"].error_messages["required"] = "Select the agency"
        self.fields["received_on"] = _date(
            "When did the request arrive?" if incoming else "When did you make the request?",
            "Date the request arrived" if incoming else "Date you made the request",
        )
        if not incoming:
            del self.fields["verification"]
        person = "Who is asking?" if incoming else "Who are you asking?"
        self.helper = _helper(
            Fieldset(
                Field.select("other_agency"),
                Field.text("other_agency_name"),
                Field.textarea("other_agency_contact"),
                legend="The other agency",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("contact_name"),
                Field.text("contact_role"),
                Field.text("contact_details"),
                *([Field.radios("verification", legend_size=Size.SMALL)] if incoming else []),
                legend=person,
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.radios("urgency", legend_size=Size.SMALL),
                date_input("received_on"),
                Field.textarea("purpose"),
                Field.checkboxes("legal_bases", legend_size=Size.SMALL, small=True),
                Field.text("legal_basis_other"),
                Field.textarea("items"),
                legend="The request",
                legend_size=Size.MEDIUM,
            ),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("other_agency") == OFF_THE_SERVICE
            and not cleaned.get("other_agency_name", "").strip()
        ):
            self.add_error("other_agency_name", "Enter the name of the agency")
        if (
            "other" in (cleaned.get("legal_bases") or [])
            and not cleaned.get("legal_basis_other", "").strip()
        ):
            self.add_error("legal_basis_other", "Describe the other legal basis")
        return cleaned

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        agency = self.agencies.get(data.pop("other_agency"))
        data["other_agency"] = agency
        if agency is not None:
            data["other_agency_name"] = ""
        data["items"] = [line for line in data["items"].splitlines() if line.strip()]
        data.setdefault("verification", "")
        return {"direction": self.direction, **data}


class CaseChoiceForm(forms.Form):
    """Which of our cases something is about."""

    case = forms.ModelChoiceField(
        label="Which child is it about?",
        queryset=Case.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select the child's case"},
    )

    def __init__(self, *args: Any, cases: QuerySet[Case], label: str = "", **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["case"]
        field.queryset = cases  # type: ignore[attr-defined]
        field.label_from_instance = lambda c: (
            f"{c.child_name}, born {c.date_of_birth:%-d %B %Y} ({c.reference})"
        )  # type: ignore[attr-defined]
        if label:
            field.label = label
        self.helper = _helper(Field.radios("case", legend_size=Size.LARGE, legend_tag="h1"))


class PauseForm(forms.Form):
    paused_on = _date("When did you ask them to clarify?", "Date you asked them")
    reason = _text(
        "What have you asked them to clarify?",
        "Enter what you have asked the requester to clarify",
        rows=4,
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = _helper(date_input("paused_on"), Field.textarea("reason"))


class ResumeForm(forms.Form):
    resumed_on = _date("When did their clarification arrive?", "Date the clarification arrived")

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = _helper(date_input("resumed_on"))


class FollowUpForm(forms.Form):
    received_on = _date("When did the written request arrive?", "Date the written request arrived")

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = _helper(date_input("received_on"))


class OnwardAskForm(forms.Form):
    pass_to = _text(
        "Who do you want to pass it to?",
        "Enter who you want to pass it to",
        hint="The organisation, and the person or team if you know them.",
        max_length=400,
    )
    what = _text("What do you want to pass on?", "Enter what you want to pass on", rows=3)
    reason = _text("Why do they need it?", "Enter why they need it", rows=4)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("pass_to"), Field.textarea("what"), Field.textarea("reason")
        )


class OnwardAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label="Do you agree to them passing it on?",
        choices=gds_choices(cat.ONWARD_ANSWERS),
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you agree"},
    )
    reasons = _text("Your reasons", "Enter the reasons for your answer", rows=4)
    conditions = _text(
        "Any conditions (optional)",
        rows=3,
        hint="For example, only the dates of the incidents, not the names of the witnesses.",
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.radios("answer", legend_size=Size.MEDIUM),
            Field.textarea("reasons"),
            Field.textarea("conditions"),
        )


class CorrectionForm(forms.Form):
    disclosures = forms.MultipleChoiceField(
        label="Which sharing included the inaccurate information?",
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the sharing that included the inaccurate information"},
    )
    inaccurate = _text("What was inaccurate?", "Describe what was inaccurate", rows=4)
    corrected = _text("What is the correct information?", "Enter the correct information", rows=4)

    def __init__(self, *args: Any, disclosures: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.disclosure_map = {str(d.pk): d for d in disclosures}
        self.fields["disclosures"].choices = [  # type: ignore[attr-defined]
            (
                str(d.pk),
                f"To {d.recipient_agency_name}"
                + (f" ({d.recipient_name})" if d.recipient_name else "")
                + f", {d.shared_at:%-d %B %Y}",
            )
            for d in disclosures
        ]
        self.helper = _helper(
            Field.checkboxes("disclosures", legend_size=Size.MEDIUM),
            Field.textarea("inaccurate"),
            Field.textarea("corrected"),
        )

    def chosen(self) -> list[Any]:
        return [self.disclosure_map[pk] for pk in self.cleaned_data["disclosures"]]


class ToldForm(forms.Form):
    told_on = _date("When did you tell them?", "Date you told them")
    told_how = forms.ChoiceField(
        label="How did you tell them?",
        choices=gds_choices([e for e in cat.TOLD_HOW if e.code != "on_system"]),
        widget=forms.RadioSelect,
        error_messages={"required": "Select how you told them"},
    )
    notes = _text("Notes (optional)", rows=3)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            date_input("told_on"),
            Field.radios("told_how", legend_size=Size.SMALL),
            Field.textarea("notes"),
        )

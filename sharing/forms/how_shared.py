"""Question 7 (L 4.5.20, L 4.7, P rule 6, B checklist): is the right information being
shared in the right way? One page per thing asked after the first (what is shared: items.py)."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.utils import timezone

from agencies.models import Agency
from records.formfields import date_input, gds_choices
from sharing import catalogues as cat

from .base import (
    AfterToday,
    PageForm,
    checkboxes,
    date,
    heading_checkboxes,
    heading_radios,
    radios,
    text,
    yes_no,
)


class CourtPage(PageForm):
    title = "Information from private law proceedings"
    help = (
        "Information gathered in private law proceedings may be released only with the "
        "permission of the court. Before releasing anything a Children and Family Reporter "
        "said or wrote, consult the reporter or the local Cafcass manager."
    )
    help_source = "P 1 (CAFCASS: Children & Family Reporters)"
    required_fields = {
        "court_permission": "Select yes if the court has given permission",
        "reporter_consulted": "Select yes if you consulted the Children and Family Reporter",
    }

    court_permission = yes_no(
        "Has the court given permission to release it?",
        "Select yes if the court has given permission",
    )
    reporter_consulted = yes_no(
        "Have you consulted the Children and Family Reporter, or the local Cafcass manager?",
        "Select yes if you consulted the Children and Family Reporter",
    )

    def layout(self) -> Layout:
        return Layout(
            Field.radios("court_permission", legend_size=Size.MEDIUM, inline=True),
            Field.radios("reporter_consulted", legend_size=Size.MEDIUM, inline=True),
        )


class RecipientPage(PageForm):
    title = "Who will receive it?"
    help = (
        "Share only with the people who need to know. If someone asks by telephone and you "
        "do not know them, check who they are by calling them back through their agency "
        "before you give any information."
    )
    help_source = "L 4.5.20; L 4.7.4; B 4 (Caldicott 4)"
    required_fields = {
        "recipient_agency_id": "Select the organisation you share with",
        "recipient_name": "Enter the name of the person you share with",
        "recipient_role": "Enter their role",
        "verification": "Select how you checked who they are",
    }

    recipient_agency_id = forms.TypedChoiceField(
        label="Which organisation?", choices=(), coerce=int, required=False, empty_value=None
    )
    recipient_agency_name = text("If it is another organisation, its name", max_length=200)
    recipient_name = text("Name of the person receiving it", max_length=200)
    recipient_role = text("Their role", "For example, duty social worker", max_length=200)
    # Issue 14: checked against the receiving agency's secure e-mail domains (L 4.7.8; B 8).
    recipient_email = forms.EmailField(
        label="Their secure e-mail address, if you will send it by e-mail (optional)",
        help_text=(
            "For example, jane.smith@bromley.gcsx.gov.uk or jane.smith@nhs.net. It is checked "
            "against the secure e-mail domains the receiving agency has recorded."
        ),
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an e-mail address in the correct format, like name@example.com"
        },
    )
    verification = radios(
        "How did you check who they are?", cat.VERIFICATION, "Select how you checked who they are"
    )

    def setup_fields(self) -> None:
        agencies = self.context.get("agencies") or Agency.objects.none()
        self.fields["recipient_agency_id"].choices = [  # type: ignore[attr-defined]
            ("", "Choose an organisation"),
            *((a.pk, a.name) for a in agencies),
            (0, "Another organisation"),
        ]

    def initial_from(self, stored: dict[str, Any]) -> dict[str, Any]:
        initial = super().initial_from(stored)
        if stored.get("recipient_agency_id") is None and stored.get("recipient_agency_name"):
            initial["recipient_agency_id"] = 0
        return initial

    def layout(self) -> Layout:
        return Layout(
            Field.select("recipient_agency_id"),
            Field.text("recipient_agency_name"),
            Field.text("recipient_name"),
            Field.text("recipient_role"),
            Field.text("recipient_email", spellcheck=False),
            Field.radios("verification", legend_size=Size.MEDIUM, small=True),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("recipient_agency_id") == 0:
            self.require("recipient_agency_name", "Enter the name of the organisation")
        return cleaned

    def answers(self) -> dict[str, Any]:
        out = super().answers()
        out["recipient_email"] = (out.get("recipient_email") or "").strip()
        agencies = {a.pk: a.name for a in self.context.get("agencies") or []}
        if out.get("recipient_agency_id") == 0:
            out["recipient_agency_id"] = None
        else:
            out["recipient_agency_name"] = agencies.get(out.get("recipient_agency_id"), "")
        return out


class MethodPage(PageForm):
    title = "How and when will it be shared?"
    help = (
        "Share it securely: by secure email, a secure portal or system, in person, by "
        "telephone or by recorded post. Ordinary email is not secure. Set a time limit on "
        "its use if the recipient needs it only for a while."
    )
    help_source = "L 4.7.6-4.7.8; O 9.3; B 8; O 13.3.7"
    required_fields = {
        "method": "Select how the information is shared",
        "shared_on": "Enter the date the information is shared",
    }

    method = radios("How will it be shared?", cat.METHODS, "Select how the information is shared")
    shared_on = date(
        "When will it be shared?",
        "Today's date is filled in: change it if you share on another day.",
        label_text="Date the information is shared",
    )
    use_until = date(
        "Until when may they use it? (optional)",
        "Leave it blank if there is no time limit. For example, 27 3 2027",
        label_text="Date they may use it until",
        validators=[AfterToday("Date they may use it until")],
    )

    def initial_from(self, stored: dict[str, Any]) -> dict[str, Any]:
        initial = super().initial_from(stored)
        if "shared_on" not in stored:
            initial["shared_on"] = timezone.localdate()
        return initial

    def layout(self) -> Layout:
        return Layout(
            Field.radios("method", legend_size=Size.MEDIUM, small=True),
            date_input("shared_on"),
            date_input("use_until"),
        )


def _yes_no_page(
    name: str, title: str, required: str, help_text: str, source: str, hint: str = ""
) -> type[PageForm]:
    """A page that asks one yes-or-no question, with the question as its heading."""

    def layout(self: PageForm) -> Layout:
        return Layout(heading_radios(name, inline=True))

    attrs: dict[str, Any] = {
        "__module__": __name__,
        "title": title,
        "heading": name,
        "help": help_text,
        "help_source": source,
        "required_fields": {name: required},
        name: yes_no(title, required, hint),
        "layout": layout,
    }
    class_name = "".join(part.title() for part in name.split("_")) + "Page"
    return type(class_name, (PageForm,), attrs)


WrittenConfirmationPage = _yes_no_page(
    "written_confirmation",
    "Will you confirm the verbal sharing in writing?",
    "Select yes if you will confirm it in writing",
    "When information is shared in person or by telephone, in an urgent situation for "
    "example, follow it up and confirm it in writing.",
    "P 4; O 13.1",
)
OnwardPage = _yes_no_page(
    "onward_disclosure",
    "Does the recipient intend to pass it on to anyone else?",
    "Select yes if the recipient intends to pass it on",
    "Ask them. Passing information on is called secondary disclosure. It is not allowed "
    "without the agreement of the agency that holds the information.",
    "L 4.5.20; O 11.1",
    "Ask the person you share with.",
)
OnwardAgreedPage = _yes_no_page(
    "onward_agreed",
    "Has your agency agreed to them passing it on?",
    "Select yes if your agency agreed",
    "No further disclosure is allowed without the agreement of the agency that holds the "
    "information.",
    "O 11.1; O 10.2.1",
)
ConsentLimitsPage = _yes_no_page(
    "limits_explained",
    "Have you explained the limits of the consent to the recipient?",
    "Select yes if you explained the limits of the consent",
    "Make sure the person you share with understands what the consent covers: which "
    "information, for what purposes and until when.",
    "L 4.5.20; B 8",
)


class ChecklistPage(PageForm):
    title = "Check the information you share"
    heading = "checklist"
    help = (
        "Information you share should be necessary for the purpose, proportionate to the need "
        "and the level of risk, relevant, adequate, accurate and up to date, timely, and "
        "shared securely."
    )
    help_source = "P rule 6 (2024); B appendix"

    checklist = checkboxes(
        "Check that the information you share is:",
        gds_choices(cat.SHARING_CHECKLIST),
        "Select all that are true.",
    )

    def layout(self) -> Layout:
        return Layout(heading_checkboxes("checklist"))


class PersonToldPage(PageForm):
    title = "Will the person the information is about be told?"
    help = (
        "Tell the person, and anyone else who gave the information, that it is being shared, "
        "unless that would put the child or someone else at risk of harm. If you will not tell "
        "them, record why."
    )
    help_source = "L 4.5.19-4.5.20; L 4.7.3; B 7"
    required_fields = {"person_told": "Select whether the person will be told"}

    person_told = radios(title, cat.PERSON_TOLD, "Select whether the person will be told")
    not_told_reason = text("If they will not be told, say why", rows=3)

    def layout(self) -> Layout:
        return Layout(
            Field.radios("person_told", legend_size=Size.MEDIUM),
            Field.textarea("not_told_reason", rows=3),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("person_told") == "not_told":
            self.require("not_told_reason", "Explain why the person will not be told")
        return cleaned

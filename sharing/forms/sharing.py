"""Questions 5 to 8 (L 4.5.9-4.5.21): duty, public interest, how it is shared, the decision."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import (
    HTML,
    ConditionalQuestion,
    Field,
    Fieldset,
    Layout,
    Size,
)
from django import forms

from agencies.models import Agency
from records.formfields import RevealRadios, date_input
from sharing import catalogues as cat

from .base import QuestionForm, checkboxes, date, gds_choices, radios, text, yes_no

ITEM_SLOTS = 6


class DutyForm(QuestionForm):
    number = 5
    title = "Is there a statutory duty or court order to share?"
    source = "L 4.5.9-4.5.15"

    statutory_duty = yes_no(title, "Select yes if there is a statutory duty or court order")
    duty = radios("Which duty or order?", cat.STATUTORY_DUTIES, "Select the duty or order")
    reference = text(
        "Reference", "For a court order, its number and date; for a request, who made it and when."
    )

    def layout(self) -> Any:
        return Layout(
            RevealRadios(
                "statutory_duty",
                ConditionalQuestion(
                    "Yes", Field.radios("duty", legend_size=Size.SMALL), Field.text("reference")
                ),
                "No",
            )
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.require("statutory_duty", "Select yes if there is a statutory duty or court order")
        if cleaned.get("statutory_duty") is True:
            self.require("duty", "Select the duty or order")
            self.require("reference", "Enter the reference for the duty or order")
        return cleaned


class PublicInterestForm(QuestionForm):
    number = 6
    title = "Is there sufficient public interest to share without consent?"
    source = "L 4.3.6-4.3.8, 4.5.16-4.5.19"
    required_fields = {
        "risk_level": "Select the level of risk of harm at the time",
        "if_shared": "Describe what may happen if the information is shared",
        "if_not_shared": "Describe what may happen if it is not shared",
        "proportionate": "Explain why sharing is proportionate",
        "advice_sought": "Select yes if you sought advice",
        "conclusion": "Select your conclusion on the public interest",
    }

    risk_level = radios(
        "What is the level of risk of harm at the time?",
        cat.RISK_LEVELS,
        "Select the level of risk of harm at the time",
        "L 4.3.8, 4.3.9",
    )
    if_shared = text("What may happen if the information is shared?", rows=3)
    if_not_shared = text("What may happen if it is not shared?", rows=3)
    proportionate = text("Why is sharing a proportionate response?", "L 4.3.6", rows=3)
    pressing_need = checkboxes(
        "Which factors show a pressing need to share?",
        cat.PRESSING_NEED_FACTORS,
        "Select all that apply (O Annex A 11.2-11.3).",
    )
    advice_sought = yes_no(
        "Did you seek advice?", "Select yes if you sought advice", "L 4.4.4, 4.5.17"
    )
    advice_from = checkboxes("Who did you ask?", cat.ADVICE_SOURCES, "Select all that apply.")
    advice_when = date("When did you ask?", label_text="Date you asked for advice")
    advice_given = text("What did they advise?", rows=3)
    conclusion = radios(
        "What is your conclusion?",
        cat.PUBLIC_INTEREST_CONCLUSIONS,
        "Select your conclusion on the public interest",
    )

    def layout(self) -> Any:
        return Layout(
            Field.radios("risk_level", legend_size=Size.SMALL),
            Field.textarea("if_shared"),
            Field.textarea("if_not_shared"),
            Field.textarea("proportionate"),
            Field.checkboxes("pressing_need", legend_size=Size.SMALL, small=True),
            RevealRadios(
                "advice_sought",
                ConditionalQuestion(
                    "Yes",
                    Field.checkboxes("advice_from", legend_size=Size.SMALL, small=True),
                    date_input("advice_when"),
                    Field.textarea("advice_given"),
                ),
                "No",
            ),
            Field.radios("conclusion", legend_size=Size.MEDIUM),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("advice_sought") is True:
            self.require("advice_from", "Select who you asked for advice")
            self.require("advice_when", "Enter the date you asked for advice")
            self.require("advice_given", "Describe the advice you were given")
        return cleaned


class HowSharedForm(QuestionForm):
    number = 7
    title = "Is the right information being shared in the right way?"
    source = "L 4.5.20, 4.7; P rule 6; B checklist"
    required_fields = {
        "recipient_agency_id": "Select the organisation you share with",
        "recipient_name": "Enter the name of the person you share with",
        "recipient_role": "Enter the recipient's role",
        "verification": "Select how you checked who the recipient is",
        "method": "Select how the information is shared",
        "shared_on": "Enter the date the information is shared",
        "onward_disclosure": "Select yes if the recipient intends to pass it on",
        "limits_explained": "Select yes if you explained the limits of any consent",
        "person_told": "Select whether the person will be told",
    }

    recipient_agency_id = forms.TypedChoiceField(
        label="Which organisation receives it?",
        choices=(),
        coerce=int,
        required=False,
        empty_value=None,
    )
    recipient_agency_name = text("Name of the organisation", max_length=200)
    recipient_name = text("Name of the person receiving it", max_length=200)
    recipient_role = text("Their role", max_length=200)
    verification = radios(
        "How did you check who they are?",
        cat.VERIFICATION,
        "Select how you checked who the recipient is",
        "L 4.7.4",
    )
    method = radios(
        "How is it shared?", cat.METHODS, "Select how the information is shared", "P 4; B 8"
    )
    written_confirmation = yes_no(
        "Will the verbal sharing be confirmed in writing?",
        "Select yes if it will be confirmed in writing",
        "P 4",
    )
    shared_on = date("When is it shared?", label_text="Date the information is shared")
    checklist = checkboxes(
        "Check the information you share is:",
        cat.SHARING_CHECKLIST,
        "Select all that are true (golden rule 6).",
    )
    onward_disclosure = yes_no(
        "Does the recipient intend to pass it on?",
        "Select yes if the recipient intends to pass it on",
        "O 11",
    )
    onward_agreed = yes_no(
        "Has your agency agreed to that?", "Select yes if your agency agreed", "O 11.1"
    )
    limits_explained = yes_no(
        "Have you explained the limits of any consent to the recipient?",
        "Select yes if you explained the limits of any consent",
        "L 4.5.20",
    )
    use_until = date(
        "Until when may they use it? (optional)",
        "O 13.3.7. For example, 27 3 2027",
        label_text="Date they may use it until",
    )
    person_told = radios(
        "Will the person the information is about be told?",
        cat.PERSON_TOLD,
        "Select whether the person will be told",
        "L 4.5.19, 4.7.3",
    )
    not_told_reason = text("Why will they not be told?", rows=3)

    def setup_fields(self) -> None:
        agencies = self.context.get("agencies") or Agency.objects.none()
        self.fields["recipient_agency_id"].choices = [  # type: ignore[attr-defined]
            ("", "Choose an organisation"),
            *((a.pk, a.name) for a in agencies),
            (0, "Another organisation"),
        ]

    def initial_from(self, stored: dict[str, Any]) -> dict[str, Any]:
        initial = super().initial_from(stored)
        for n, item in enumerate(stored.get("items") or [], start=1):
            if n <= ITEM_SLOTS and isinstance(item, dict):
                initial[f"item_{n}_text"] = item.get("text", "")
                initial[f"item_{n}_nature"] = item.get("nature", "")
        if stored.get("recipient_agency_id") is None and stored.get("recipient_agency_name"):
            initial["recipient_agency_id"] = 0
        return initial

    def layout(self) -> Any:
        items = [
            HTML(
                '<h2 class="govuk-heading-m">What exactly will be shared?</h2>'
                '<p class="govuk-body">One item per box. Mark each as fact, opinion or hypothesis '
                "(L 4.7.9). Leave unused boxes empty.</p>"
            )
        ]
        for n in range(1, ITEM_SLOTS + 1):
            items += [Field.textarea(f"item_{n}_text"), Field.select(f"item_{n}_nature")]
        return Layout(
            *items,
            Fieldset(
                Field.select("recipient_agency_id"),
                Field.text("recipient_agency_name"),
                Field.text("recipient_name"),
                Field.text("recipient_role"),
                Field.radios("verification", legend_size=Size.SMALL),
                legend="Who receives it",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.radios("method", legend_size=Size.SMALL),
                Field.radios("written_confirmation", legend_size=Size.SMALL, inline=True),
                date_input("shared_on"),
                Field.checkboxes("checklist", legend_size=Size.SMALL, small=True),
                legend="How it is shared",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                RevealRadios(
                    "onward_disclosure",
                    ConditionalQuestion(
                        "Yes", Field.radios("onward_agreed", legend_size=Size.SMALL, inline=True)
                    ),
                    "No",
                ),
                Field.radios("limits_explained", legend_size=Size.SMALL, inline=True),
                date_input("use_until"),
                Field.radios("person_told", legend_size=Size.SMALL),
                Field.textarea("not_told_reason"),
                legend="What happens next",
                legend_size=Size.MEDIUM,
            ),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        items = []
        for n in range(1, ITEM_SLOTS + 1):
            body = (cleaned.get(f"item_{n}_text") or "").strip()
            nature = cleaned.get(f"item_{n}_nature") or ""
            if body and not nature:
                self.add_error(
                    f"item_{n}_nature", f"Select whether item {n} is fact, opinion or hypothesis"
                )
            if nature and not body:
                self.add_error(
                    f"item_{n}_text",
                    f"Describe item {n}, or clear its fact, opinion or hypothesis choice",
                )
            if body:
                items.append({"text": body, "nature": nature})
        if not items and "item_1_text" not in self.errors:
            self.add_error("item_1_text", "Describe at least one item of information shared")
        cleaned["items"] = items
        if cleaned.get("recipient_agency_id") == 0:
            self.require("recipient_agency_name", "Enter the name of the organisation")
        method = cat.get(cat.METHODS, cleaned.get("method"))
        if method is not None and method.verbal:
            self.require("written_confirmation", "Select yes if it will be confirmed in writing")
        if cleaned.get("onward_disclosure") is True:
            self.require("onward_agreed", "Select yes if your agency agreed")
        if cleaned.get("person_told") == "not_told":
            self.require("not_told_reason", "Explain why the person will not be told")
        return cleaned

    def answers(self) -> dict[str, Any]:
        out = super().answers()
        for n in range(1, ITEM_SLOTS + 1):
            out.pop(f"item_{n}_text", None)
            out.pop(f"item_{n}_nature", None)
        agencies = {a.pk: a.name for a in self.context.get("agencies") or []}
        if out.get("recipient_agency_id") == 0:
            out["recipient_agency_id"] = None
        else:
            out["recipient_agency_name"] = agencies.get(out.get("recipient_agency_id"), "")
        return out


for _n in range(1, ITEM_SLOTS + 1):
    HowSharedForm.base_fields[f"item_{_n}_text"] = text(f"Item {_n}", rows=2, max_length=2000)
    HowSharedForm.base_fields[f"item_{_n}_nature"] = forms.ChoiceField(
        label=f"Is item {_n} fact, opinion or hypothesis?",
        choices=[
            ("", "Choose"),
            *((c.value, c.label) for c in gds_choices(cat.INFORMATION_NATURE)),
        ],
        required=False,
    )


class DecisionForm(QuestionForm):
    number = 8
    title = "What is your decision, and why?"
    source = "L 4.5.21; H 2; B appendix"
    required_fields = {
        "decision": "Select your decision",
        "reasons": "Enter the reasons for your decision",
    }

    decision = radios("Your decision", cat.DECISIONS, "Select your decision")
    reasons = text("Your reasons", "Always required, whatever you decide (L 4.5.21).", rows=6)
    authorised_by = text("Who authorised the decision?", "Name and role", max_length=200)
    risk_assessment = text(
        "What risk assessment was done?", "H 2: evidence of a risk assessment", rows=3
    )
    discussed_with_requester = yes_no(
        "Have you discussed your reasons with the person who asked?",
        "Select yes if you discussed your reasons with the requester",
        "B appendix",
    )

    def layout(self) -> Any:
        fields = [
            Field.radios("decision", legend_size=Size.MEDIUM),
            Field.textarea("reasons"),
            Field.text("authorised_by"),
            Field.textarea("risk_assessment"),
        ]
        if self.context.get("kind") == "request_received":
            fields.append(
                Field.radios("discussed_with_requester", legend_size=Size.SMALL, inline=True)
            )
        return Layout(*fields)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        decision = cat.get(cat.DECISIONS, cleaned.get("decision"))
        if decision is not None and decision.shares:
            self.require("authorised_by", "Enter who authorised the sharing")
        if (
            decision is not None
            and not decision.shares
            and self.context.get("kind") == "request_received"
        ):
            self.require(
                "discussed_with_requester",
                "Select yes if you discussed your reasons with the requester",
            )
        return cleaned

"""Questions 1 to 4 (L 4.5.2-4.5.8): purpose, identifiability, confidentiality, consent."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import (
    ConditionalQuestion,
    Field,
    Layout,
    Size,
)
from django import forms

from consent.catalogues import PURPOSES
from records.formfields import RevealRadios
from sharing import catalogues as cat

from .base import QuestionForm, checkboxes, radios, text, yes_no


class PurposeForm(QuestionForm):
    number = 1
    title = "Is there a legitimate purpose to share the information?"
    source = "L 4.5.2-4.5.4"

    has_purpose = yes_no(title, "Select yes if there is a legitimate purpose to share")
    purpose = text("Describe the purpose in your own words", rows=4)
    purpose_category = radios("What kind of purpose is it?", PURPOSES, "Select the kind of purpose")
    legal_bases = checkboxes(
        "What is the legal basis for sharing?", cat.LEGAL_BASES, "Select all that apply."
    )
    legal_basis_other = text("Describe the other legal basis")
    within_functions = yes_no(
        "Is the sharing within your agency's functions or powers?",
        "Select yes if the sharing is within your agency's functions",
        "L 4.5.3",
    )
    need_to_know = yes_no(
        "Does the recipient have a genuine need to know?",
        "Select yes if the recipient needs to know",
    )
    anonymised_would_do = yes_no(
        "Would anonymised information achieve the purpose?",
        "Select yes if anonymised information would do",
        "Is there a way to achieve the purpose with less impact on confidentiality? (L 4.5.4)",
    )
    recipient_will_pass_on = yes_no(
        "Will the recipient pass the information on to anyone else?",
        "Select yes if the recipient will pass it on",
        "This is called secondary disclosure (L 4.5.4, O 11).",
    )

    def layout(self) -> Any:
        return Layout(
            RevealRadios(
                "has_purpose",
                ConditionalQuestion(
                    "Yes",
                    Field.textarea("purpose"),
                    Field.radios("purpose_category", legend_size=Size.SMALL),
                    Field.checkboxes("legal_bases", legend_size=Size.SMALL, small=True),
                    Field.text("legal_basis_other"),
                    Field.radios("within_functions", legend_size=Size.SMALL, inline=True),
                    Field.radios("need_to_know", legend_size=Size.SMALL, inline=True),
                    Field.radios("anonymised_would_do", legend_size=Size.SMALL, inline=True),
                    Field.radios("recipient_will_pass_on", legend_size=Size.SMALL, inline=True),
                ),
                "No",
            )
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.require("has_purpose", "Select yes if there is a legitimate purpose to share")
        if cleaned.get("has_purpose") is True:
            self.require("purpose", "Describe the purpose of sharing")
            self.require("purpose_category", "Select the kind of purpose")
            self.require("legal_bases", "Select at least one legal basis")
            if "other" in (cleaned.get("legal_bases") or []):
                self.require("legal_basis_other", "Describe the other legal basis")
            for name in (
                "within_functions",
                "need_to_know",
                "anonymised_would_do",
                "recipient_will_pass_on",
            ):
                field = self.fields[name]
                self.require(name, field.error_messages["required"])
        return cleaned


class IdentifiableForm(QuestionForm):
    number = 2
    title = "Does the information enable a person to be identified?"
    source = "L 4.5.5"

    identifiable = yes_no(
        title,
        "Select yes if the information identifies a person",
        "Information that is anonymised can be shared lawfully if the purpose is legitimate "
        "(L 4.5.5).",
    )
    identifiable_people = checkboxes(
        "Who could be identified?", cat.IDENTIFIABLE_PEOPLE, "Select all that apply."
    )

    def layout(self) -> Any:
        return Layout(
            RevealRadios(
                "identifiable",
                ConditionalQuestion(
                    "Yes", Field.checkboxes("identifiable_people", legend_size=Size.SMALL)
                ),
                "No",
            )
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.require("identifiable", "Select yes if the information identifies a person")
        if cleaned.get("identifiable") is True:
            self.require("identifiable_people", "Select who could be identified")
        return cleaned


class ConfidentialForm(QuestionForm):
    number = 3
    title = "Is the information confidential?"
    source = "L 4.3.2-4.3.4, 4.5.6"

    relationship = radios(
        title,
        cat.CONFIDENTIALITY_RELATIONSHIPS,
        "Select whether the information is confidential",
        "Think about how the information was given to you (L 4.5.6).",
    )
    special_category = checkboxes(
        "Does it include any special category or criminal offence information?",
        cat.SPECIAL_CATEGORIES,
        "Select all that apply, or none.",
    )
    dpa_condition = radios(
        "Which Data Protection Act 2018 condition do you rely on?",
        cat.DPA_CONDITIONS,
        "Select the Data Protection Act 2018 condition you rely on",
    )

    def layout(self) -> Any:
        return Layout(
            Field.radios("relationship", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field.checkboxes("special_category", legend_size=Size.SMALL, small=True),
            Field.radios("dpa_condition", legend_size=Size.SMALL),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.require("relationship", "Select whether the information is confidential")
        if cleaned.get("special_category"):
            self.require(
                "dpa_condition", "Select the Data Protection Act 2018 condition you rely on"
            )
        return cleaned

    def answers(self) -> dict[str, Any]:
        out = super().answers()
        relationship = cat.get(cat.CONFIDENTIALITY_RELATIONSHIPS, out.get("relationship"))
        out["confidential"] = relationship.confidential if relationship else None
        if not out.get("special_category"):
            out["dpa_condition"] = ""
        return out


class ConsentForm(QuestionForm):
    number = 4
    title = "Has consent to share been obtained?"
    source = "L 4.3.10-4.3.29"

    consent_status = radios(title, cat.CONSENT_STATUSES, "Select whether consent was obtained")
    consent_ids = forms.ModelMultipleChoiceField(
        label="Which consent records do you rely on?",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Select consent recorded on this case",
            "invalid_pk_value": "Select consent recorded on this case",
        },
    )
    refusal_ids = forms.ModelMultipleChoiceField(
        label="Which refusals are recorded?",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Select a refusal recorded on this case",
            "invalid_pk_value": "Select a refusal recorded on this case",
        },
    )
    not_sought_reason = radios(
        "Why was consent not sought?",
        cat.NOT_SOUGHT_REASONS,
        "Select why consent was not sought",
        "L 4.4.2",
    )
    not_sought_other = text("Explain why consent was not sought", rows=3)
    could_not_explain = text("Explain why consent could not be obtained", rows=3)

    def setup_fields(self) -> None:
        consents = self.context.get("consents")
        for name, outcome in (("consent_ids", "given"), ("refusal_ids", "refused")):
            field = self.fields[name]
            field.queryset = consents.filter(outcome=outcome) if consents is not None else None  # type: ignore[attr-defined]
            field.label_from_instance = lambda c: (  # type: ignore[attr-defined]
                f"{c.giver_name} ({c.get_giver_role_display().lower()}), "
                f"{c.get_form_display().lower()}, "
                f"{c.obtained_on:%-d %B %Y}"
            )

    def layout(self) -> Any:
        return Layout(
            RevealRadios(
                "consent_status",
                ConditionalQuestion(
                    cat.label(cat.CONSENT_STATUSES, "obtained"),
                    Field.checkboxes("consent_ids", legend_size=Size.SMALL),
                ),
                ConditionalQuestion(
                    cat.label(cat.CONSENT_STATUSES, "refused"),
                    Field.checkboxes("refusal_ids", legend_size=Size.SMALL),
                ),
                ConditionalQuestion(
                    cat.label(cat.CONSENT_STATUSES, "not_sought"),
                    Field.radios("not_sought_reason", legend_size=Size.SMALL),
                    Field.textarea("not_sought_other"),
                ),
                ConditionalQuestion(
                    cat.label(cat.CONSENT_STATUSES, "could_not_be_obtained"),
                    Field.textarea("could_not_explain"),
                ),
            )
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.require("consent_status", "Select whether consent was obtained")
        status = cleaned.get("consent_status")
        if status == "obtained":
            self.require("consent_ids", "Select the consent you rely on, or record it first")
        elif status == "not_sought":
            self.require("not_sought_reason", "Select why consent was not sought")
            if cleaned.get("not_sought_reason") == "other":
                self.require("not_sought_other", "Explain why consent was not sought")
        elif status == "could_not_be_obtained":
            self.require("could_not_explain", "Explain why consent could not be obtained")
        return cleaned

    def answers(self) -> dict[str, Any]:
        out = super().answers()
        status = out.get("consent_status")
        if status != "obtained":
            out["consent_ids"] = []
        if status != "refused":
            out["refusal_ids"] = []
        return out

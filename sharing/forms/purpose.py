"""Question 1 (L 4.5.2-4.5.4): the purpose, the legal basis, the agency's functions and the
need to know. One page per thing asked (sharing.journey.PAGES)."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import HTML, Field, Layout, Size
from django import forms
from django.utils.html import format_html

from consent.catalogues import PURPOSES
from records.formfields import gds_choices
from sharing import catalogues as cat

from .base import (
    NONE,
    PageForm,
    radios,
    text,
    yes_no,
)


class PurposePage(PageForm):
    title = "Is there a legitimate purpose to share the information?"
    help = (
        "You must have a good reason, a legitimate purpose, to share information about a "
        "child, whether you were asked for it or want to share it. Be clear what the "
        "sharing is for and what it should achieve."
    )
    help_source = "L 4.5.2; L 4.5.4; B 4"

    purpose_category = radios(
        "What is the purpose?",
        [],
        "Select the purpose, or that there is no legitimate purpose to share",
    )
    purpose = text(
        "Describe the purpose in your own words",
        "Say what sharing is for and what it should achieve. If there is no legitimate "
        "purpose, say why you thought of sharing.",
        rows=4,
    )

    def setup_fields(self) -> None:
        choices = gds_choices(PURPOSES)
        last = choices[-1]
        choices[-1] = Choice(last.value, last.label, divider="or")
        self.fields["purpose_category"].choices = [  # type: ignore[attr-defined]
            *choices,
            Choice(NONE, "There is no legitimate purpose to share"),
        ]

    def layout(self) -> Layout:
        return Layout(
            Field.radios("purpose_category", legend_size=Size.MEDIUM),
            Field.textarea("purpose", rows=4),
        )

    required_fields = {
        "purpose_category": "Select the purpose, or that there is no legitimate purpose to share"
    }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("purpose_category") not in (None, "", NONE):
            self.require("purpose", "Describe the purpose of sharing")
        return cleaned

    def initial_from(self, stored: dict[str, Any]) -> dict[str, Any]:
        initial = super().initial_from(stored)
        if stored.get("has_purpose") is False:
            initial["purpose_category"] = NONE
        return initial

    def answers(self) -> dict[str, Any]:
        out = super().answers()
        none = out.get("purpose_category") == NONE
        return {
            "has_purpose": not none,
            "purpose_category": "" if none else out.get("purpose_category", ""),
            "purpose": out.get("purpose", ""),
        }


class AnyLegalBasis(forms.MultipleChoiceField):
    """Shows some legal bases, and accepts any: the page splits the catalogue in two lists
    by what is usual for the agency and purpose, and a basis chosen from either is valid."""

    def __init__(self, label: str, choices: list[Choice]) -> None:
        super().__init__(
            label=label, choices=choices, widget=forms.CheckboxSelectMultiple, required=False
        )

    def valid_value(self, value: Any) -> bool:
        return str(value) in cat.codes(cat.LEGAL_BASES)


class LegalBasisPage(PageForm):
    """The bases usually relied on for this purpose by this kind of agency first, the rest
    under "Other legal bases" (sharing.catalogues.suggested_legal_bases)."""

    title = "What is the legal basis for sharing?"
    help = (
        "Sharing information that identifies someone needs a legal basis: a law that gives "
        "you a duty or a power to share, such as section 47 of the Children Act 1989 for "
        "child protection enquiries. Be clear which one you rely on. The ones listed first "
        "are those usually relied on for the purpose you chose by an agency like yours. If "
        "you are not sure, ask your designated safeguarding lead or information governance "
        "lead."
    )
    help_source = "L 4.5.4; P rule 4 (2024); O Annex A 9"

    legal_bases = AnyLegalBasis("Legal bases", [])
    legal_bases_more = AnyLegalBasis("Other legal bases", [])
    legal_basis_other = text("If you chose another legal basis, describe it")

    def setup_fields(self) -> None:
        purpose = (self.context.get("answers") or {}).get("q1", {}).get("purpose_category", "")
        suggested = cat.suggested_legal_bases(self.context.get("agency_kind", ""), purpose or "")
        first = [b for b in cat.LEGAL_BASES if b in suggested] or list(cat.LEGAL_BASES)
        rest = [b for b in cat.LEGAL_BASES if b not in first]
        self.fields["legal_bases"].choices = gds_choices(first)  # type: ignore[attr-defined]
        if suggested:
            self.fields["legal_bases"].label = "Usually relied on for this purpose"
        self.fields["legal_bases_more"].choices = gds_choices(rest)  # type: ignore[attr-defined]
        if not rest:
            del self.fields["legal_bases_more"]
        stored = list(self.initial.get("legal_bases") or [])
        self.initial["legal_bases"] = [b for b in stored if b in {x.code for x in first}]
        self.initial["legal_bases_more"] = [b for b in stored if b in {x.code for x in rest}]

    def more_open(self) -> bool:
        """Open "Other legal bases" when something in it is chosen or wrong."""
        if "legal_bases_more" not in self.fields:
            return False
        bound = self["legal_bases_more"]
        return bool(bound.value()) or bool(bound.errors)

    def layout(self) -> Layout:
        parts: list[Any] = [Field.checkboxes("legal_bases", legend_size=Size.SMALL, small=True)]
        if "legal_bases_more" in self.fields:
            parts += [
                HTML(
                    format_html(
                        '<details class="govuk-details"{}><summary class="govuk-details__summary">'
                        '<span class="govuk-details__summary-text">Show other legal bases</span>'
                        '</summary><div class="govuk-details__text">',
                        " open" if self.more_open() else "",
                    )
                ),
                Field.checkboxes("legal_bases_more", legend_size=Size.SMALL, small=True),
                HTML("</div></details>"),
            ]
        parts.append(Field.text("legal_basis_other"))
        return Layout(*parts)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        chosen = set(cleaned.get("legal_bases") or []) | set(cleaned.get("legal_bases_more") or [])
        if not chosen:
            self.require("legal_bases", "Select at least one legal basis")
        if "other" in chosen:
            self.require("legal_basis_other", "Describe the other legal basis")
        cleaned["chosen"] = [b.code for b in cat.LEGAL_BASES if b.code in chosen]
        return cleaned

    def answers(self) -> dict[str, Any]:
        return {
            "legal_bases": self.cleaned_data["chosen"],
            "legal_basis_other": self.cleaned_data.get("legal_basis_other", ""),
        }


class FunctionsPage(PageForm):
    title = "Your agency's functions, the need to know, and anonymised information"
    help = (
        "If you work for a statutory service, such as a school, social care, health or youth "
        "justice, or for an organisation contracted by one, sharing must be within that "
        "service's functions or powers. Share only with people who need the information to "
        "do their part for the child, only what they need, and without naming anyone if "
        "anonymised information would achieve the purpose."
    )
    help_source = "L 4.5.3; L 4.5.4; B 4 (Caldicott 2-4)"
    required_fields = {
        "within_functions": "Select yes if the sharing is within your agency's functions",
        "need_to_know": "Select yes if the person you share with needs to know",
        "anonymised_would_do": "Select yes if anonymised information would do",
    }

    within_functions = yes_no(
        "Is the sharing within your agency's functions or powers?",
        "Select yes if the sharing is within your agency's functions",
    )
    need_to_know = yes_no(
        "Does the person you will share with need to know this?",
        "Select yes if the person you share with needs to know",
    )
    anonymised_would_do = yes_no(
        "Would anonymised information achieve the purpose?",
        "Select yes if anonymised information would do",
        "Could you achieve it without naming the child or anyone else?",
    )

    def layout(self) -> Layout:
        return Layout(
            Field.radios("within_functions", legend_size=Size.MEDIUM, inline=True),
            Field.radios("need_to_know", legend_size=Size.MEDIUM, inline=True),
            Field.radios("anonymised_would_do", legend_size=Size.MEDIUM, inline=True),
        )


NO_AGREEMENT = "None: no information-sharing agreement is relied on"


class AgreementPage(PageForm):
    """The clause of an information-sharing agreement the sharing relies on (issue 14):
    only clauses of agreements both agencies signed and that cover both are offered, once
    the receiving agency is known; before that, the clauses that cover your agency, each
    naming the agencies it covers (sharing.selectors.agreement_facts)."""

    title = "Which information-sharing agreement do you rely on?"
    heading = "agreement_clause_id"
    help = (
        "Your agency has signed agreements with other agencies that say what information "
        "they share, why, and on what legal basis. If one covers both your agency and the "
        "agency you share with, say which clause you rely on. The protocol covers the "
        "agencies that signed it."
    )
    help_source = "O scope; B 12"
    required_fields = {
        "agreement_clause_id": "Select the clause you rely on, or that none of them applies"
    }

    agreement_clause_id = forms.ChoiceField(
        label="Which information-sharing agreement do you rely on?",
        choices=[],
        widget=forms.RadioSelect,
        required=False,
        error_messages={
            "required": "Select the clause you rely on, or that none of them applies",
            "invalid_choice": "Select one of the clauses listed, or that none of them applies",
        },
    )

    def setup_fields(self) -> None:
        offered = list(self.context.get("clauses") or [])
        choices = [
            Choice(str(clause["id"]), clause["words"], hint="Covers " + ", ".join(clause["covers"]))
            for clause in offered
        ]
        if choices:
            last = choices[-1]
            choices[-1] = Choice(last.value, last.label, divider="or", hint=last.hint)
        self.fields["agreement_clause_id"].choices = [  # type: ignore[attr-defined]
            *choices,
            Choice(NONE, "None of these: I do not rely on an information-sharing agreement"),
        ]

    def layout(self) -> Layout:
        return Layout(Field.radios("agreement_clause_id", legend_size=Size.LARGE, legend_tag="h1"))

    def initial_from(self, stored: dict[str, Any]) -> dict[str, Any]:
        initial = super().initial_from(stored)
        if "agreement_clause_id" in stored:
            chosen = stored["agreement_clause_id"]
            initial["agreement_clause_id"] = NONE if chosen is None else str(chosen)
        return initial

    def answers(self) -> dict[str, Any]:
        """The clause's id, and its words as the record, the log and the history show them
        ("Northshire ... protocol v4.0, clause 3: ..."), kept as they read when chosen."""
        chosen = self.cleaned_data.get("agreement_clause_id")
        if chosen in (None, "", NONE):
            return {"agreement_clause_id": None, "agreement_clause": NO_AGREEMENT}
        words = {str(c["id"]): c["words"] for c in self.context.get("clauses") or []}
        return {"agreement_clause_id": int(chosen), "agreement_clause": words[str(chosen)]}

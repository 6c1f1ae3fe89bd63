"""Questions 2 and 3 (L 4.5.5-4.5.7): who the information identifies and how their identity
is protected (P rule 5), whether it is confidential, and any special category information
with its Data Protection Act 2018 condition."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Layout, Size

from sharing import catalogues as cat

from .base import (
    NONE,
    PageForm,
    checkboxes,
    heading_checkboxes,
    heading_radios,
    radios,
    text,
    with_none,
    yes_no,
)


class IdentifiablePage(PageForm):
    title = "Does the information enable a person to be identified?"
    heading = "identifiable_people"
    help = (
        "Most information about a child names them, and may identify others too, such as a "
        "parent or the person who raised the concern. Information that identifies no one can "
        "be shared as long as the purpose is legitimate."
    )
    help_source = "L 4.5.5"

    identifiable_people = checkboxes(
        title,
        with_none(cat.IDENTIFIABLE_PEOPLE, "No one: the information is anonymised"),
        "Select everyone it could identify.",
    )

    def layout(self) -> Layout:
        return Layout(heading_checkboxes("identifiable_people"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cleaned["people"] = self.exclusive(
            "identifiable_people",
            "Select who the information could identify, or that it identifies no one",
            "Select the people it could identify, or that it identifies no one, not both",
        )
        return cleaned

    def initial_from(self, stored: dict[str, Any]) -> dict[str, Any]:
        initial = super().initial_from(stored)
        if stored.get("identifiable") is False:
            initial["identifiable_people"] = [NONE]
        return initial

    def answers(self) -> dict[str, Any]:
        people = self.cleaned_data["people"]
        return {"identifiable": bool(people), "identifiable_people": people}


class IdentityPage(PageForm):
    title = "Protecting the identity of anyone at risk"
    help = (
        "When you share, you and the person you share with must protect the identity of "
        "anyone who might be harmed if their details became known to an abuser or their "
        "associates: the child, a carer, a neighbour or a colleague."
    )
    help_source = "P rule 5 (2024)"
    required_fields = {"identity_at_risk": "Select yes if anyone could be harmed"}

    identity_at_risk = yes_no(
        "Could anyone the information identifies be harmed if their details became known to "
        "an abuser?",
        "Select yes if anyone could be harmed",
        "For example the child, a carer, or a neighbour who reported the concern.",
    )
    identity_protection = text(
        "If yes, how will you and the person you share with protect their identity?",
        "For example, the neighbour is not named, or the recipient will not say where the "
        "information came from.",
        rows=3,
    )

    def layout(self) -> Layout:
        return Layout(
            Field.radios("identity_at_risk", legend_size=Size.MEDIUM, inline=True),
            Field.textarea("identity_protection", rows=3),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("identity_at_risk") is True:
            self.require("identity_protection", "Say how their identity will be protected")
        return cleaned


class ConfidentialPage(PageForm):
    title = "Is the information confidential?"
    heading = "relationship"
    help = (
        "Information is confidential if it is sensitive, not already public, and was given "
        "to you by someone who understood it would not be shared. A pupil who tells a "
        "teacher something in a counselling session gives it in confidence; something widely "
        "known in the community is not confidential."
    )
    help_source = "L 4.3.2-4.3.4; L 4.5.6"
    required_fields = {"relationship": "Select whether the information is confidential"}

    relationship = radios(
        title,
        cat.CONFIDENTIALITY_RELATIONSHIPS,
        "Select whether the information is confidential",
        "Think about how the information was given to you.",
    )

    def layout(self) -> Layout:
        return Layout(heading_radios("relationship"))

    def answers(self) -> dict[str, Any]:
        out = super().answers()
        relationship = cat.get(cat.CONFIDENTIALITY_RELATIONSHIPS, out.get("relationship"))
        out["confidential"] = relationship.confidential if relationship else None
        return out


class SpecialCategoryPage(PageForm):
    title = "Does it include any special category or criminal offence information?"
    heading = "special_category"
    help = (
        "Information about someone's health, sex life, criminal offences or allegations, "
        "ethnicity or religion is special category information. Sharing it needs a condition "
        "in the Data Protection Act 2018: you will choose it next."
    )
    help_source = "P 1 (Data Protection Act 2018); O Annex A 7"

    special_category = checkboxes(
        title, with_none(cat.SPECIAL_CATEGORIES, "None of these"), "Select all that apply."
    )

    def layout(self) -> Layout:
        return Layout(heading_checkboxes("special_category"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cleaned["kinds"] = self.exclusive(
            "special_category",
            "Select the kinds of sensitive information it includes, or 'None of these'",
            "Select the kinds of sensitive information, or 'None of these', not both",
        )
        return cleaned

    def initial_from(self, stored: dict[str, Any]) -> dict[str, Any]:
        initial = super().initial_from(stored)
        if "special_category" in stored and not stored["special_category"]:
            initial["special_category"] = [NONE]
        return initial

    def answers(self) -> dict[str, Any]:
        return {"special_category": self.cleaned_data["kinds"]}


class ConditionPage(PageForm):
    title = "Which Data Protection Act 2018 condition do you rely on?"
    heading = "dpa_condition"
    help = (
        "Special category information may be shared when a condition in the Data Protection "
        "Act 2018 applies. For safeguarding, it is usually 'safeguarding of children and "
        "individuals at risk', which allows sharing without consent where consent cannot "
        "reasonably be obtained or seeking it could put a child at risk."
    )
    help_source = "P 1 (Data Protection Act 2018); O Annex A 7.2"
    required_fields = {"dpa_condition": "Select the Data Protection Act 2018 condition you rely on"}

    dpa_condition = radios(
        title, cat.DPA_CONDITIONS, "Select the Data Protection Act 2018 condition you rely on"
    )

    def layout(self) -> Layout:
        return Layout(heading_radios("dpa_condition"))

"""Question 6 (L 4.3.6-4.3.8, L 4.5.16-4.5.19, O Annex A 4 and 11): is there sufficient
public interest to share without consent? One page per thing asked."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from records.formfields import NotInFuture, date_input, gds_choices
from sharing import catalogues as cat

from .base import (
    PageForm,
    checkboxes,
    date,
    heading_checkboxes,
    heading_radios,
    radios,
    text,
    with_none,
    yes_no,
)


class RiskPage(PageForm):
    title = "What is the level of risk of harm at the time?"
    heading = "risk_level"
    help = (
        "Sharing without consent is normally justified in the public interest when there is "
        "evidence, or reasonable cause to believe, that the child has suffered or is likely "
        "to suffer significant harm, or to prevent significant harm to a child or serious "
        "harm to an adult. If you are not sure whether what worries you is 'reasonable cause "
        "to believe', do not ignore it: talk to your designated safeguarding lead."
    )
    help_source = "L 4.3.8-4.3.9; L 4.4.3-4.4.4"
    required_fields = {"risk_level": "Select the level of risk of harm at the time"}

    risk_level = forms.ChoiceField(
        label=title,
        choices=gds_choices(r for r in cat.RISK_LEVELS if r.offered),
        widget=forms.RadioSelect,
        required=False,
    )

    def layout(self) -> Layout:
        return Layout(heading_radios("risk_level"))


class WeighingPage(PageForm):
    title = "Weighing up sharing"
    help = (
        "Weigh up what might happen if you share against what might happen if you do not. "
        "Disclosure should be made only where there is a pressing need: consider whether you "
        "believe the concern is true, whether the person asking has a legitimate interest, "
        "and the risk if nothing is shared."
    )
    help_source = "L 4.3.6; O Annex A 11.2-11.3; O Annex A 11.7"
    required_fields = {
        "if_shared": "Describe what might happen if you share",
        "if_not_shared": "Describe what might happen if you do not share",
    }

    if_shared = text("What might happen if you share the information?", rows=3)
    if_not_shared = text("What might happen if you do not share it?", rows=3)
    pressing_need = checkboxes(
        "Which of these show a pressing need to share?",
        with_none(cat.PRESSING_NEED_FACTORS, "None of these"),
        "Select all that apply.",
    )

    def layout(self) -> Layout:
        return Layout(
            Field.textarea("if_shared", rows=3),
            Field.textarea("if_not_shared", rows=3),
            Field.checkboxes("pressing_need", legend_size=Size.SMALL, small=True),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cleaned["factors"] = self.exclusive(
            "pressing_need",
            "Select what shows a pressing need to share, or 'None of these'",
            "Select what shows a pressing need, or 'None of these', not both",
        )
        return cleaned

    def initial_from(self, stored: dict[str, Any]) -> dict[str, Any]:
        initial = super().initial_from(stored)
        if "pressing_need" in stored and not stored["pressing_need"]:
            initial["pressing_need"] = ["none"]
        return initial

    def answers(self) -> dict[str, Any]:
        out = super().answers()
        out["pressing_need"] = self.cleaned_data["factors"]
        return out


class AdvicePage(PageForm):
    title = "Who did you ask for advice?"
    heading = "advice_from"
    help = (
        "You can ask your line manager, your designated safeguarding lead, a Caldicott "
        "Guardian, your data protection officer or information governance lead, or your "
        "professional body. If you are in any doubt, ask before you decide."
    )
    help_source = "L 4.5.17-4.5.18; P rule 4 (2024)"

    advice_from = checkboxes(
        title,
        with_none(cat.ADVICE_SOURCES, "I did not ask anyone for advice"),
        "Select everyone you asked.",
    )

    def layout(self) -> Layout:
        return Layout(heading_checkboxes("advice_from"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cleaned["asked"] = self.exclusive(
            "advice_from",
            "Select who you asked for advice, or that you did not ask anyone",
            "Select who you asked, or that you did not ask anyone, not both",
        )
        return cleaned

    def initial_from(self, stored: dict[str, Any]) -> dict[str, Any]:
        if stored.get("advice_sought") is False:
            return {"advice_from": ["none"]}
        return {"advice_from": list(stored.get("advice_from") or [])}

    def answers(self) -> dict[str, Any]:
        asked = self.cleaned_data["asked"]
        return {"advice_sought": bool(asked), "advice_from": asked}


class AdviceDetailsPage(PageForm):
    title = "The advice you were given"
    help = "Record who gave the advice and the outcome of the discussion."
    help_source = "L 4.5.17; B appendix"
    required_fields = {
        "advice_when": "Enter the date you asked for advice",
        "advice_given": "Describe the advice you were given",
    }

    advice_when = date(
        "When did you ask?",
        label_text="Date you asked for advice",
        validators=[NotInFuture("Date you asked for advice")],
    )
    advice_given = text("What did they advise?", rows=3)

    def layout(self) -> Layout:
        return Layout(date_input("advice_when"), Field.textarea("advice_given", rows=3))


class ConclusionPage(PageForm):
    title = "Your conclusion on the public interest"
    help = (
        "The key factor is proportionality: is sharing a proportionate response to the need "
        "to protect the child? Share no more information, with no more people, than the need "
        "requires. Where there is a clear risk of significant harm to a child, the public "
        "interest test will almost certainly be satisfied."
    )
    help_source = "L 4.3.6-4.3.7; L 4.5.16; O Annex A 4.3"
    required_fields = {
        "sharing_proportionate": "Select yes if sharing is a proportionate response",
        "proportionate": "Explain why sharing is, or is not, proportionate",
        "conclusion": "Select your conclusion on the public interest",
    }

    sharing_proportionate = yes_no(
        "Is sharing a proportionate response to the risk?",
        "Select yes if sharing is a proportionate response",
    )
    proportionate = text("Explain why", rows=3)
    conclusion = radios(
        "Does the public interest justify sharing without consent?",
        cat.PUBLIC_INTEREST_CONCLUSIONS,
        "Select your conclusion on the public interest",
    )

    def layout(self) -> Layout:
        return Layout(
            Field.radios("sharing_proportionate", legend_size=Size.MEDIUM, inline=True),
            Field.textarea("proportionate", rows=3),
            Field.radios("conclusion", legend_size=Size.MEDIUM),
        )

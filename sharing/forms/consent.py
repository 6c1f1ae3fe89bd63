"""Questions 4 and 5 (L 4.3.10-4.3.29, L 4.5.9-4.5.15): consent, and a legal duty or court
order to share. One page per thing asked (sharing.journey.PAGES)."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from records.formfields import gds_choices
from sharing import catalogues as cat

from .base import (
    NONE,
    PageForm,
    checkboxes,
    heading_checkboxes,
    heading_radios,
    heading_textarea,
    hint_of,
    radios,
    text,
    yes_no,
)

NOT_SOUGHT = "not_sought:"


def _consent_label(consent: Any) -> str:
    return (
        f"{consent.giver_name} ({consent.get_giver_role_display().lower()}), "
        f"{consent.get_form_display().lower()}, {consent.obtained_on:%-d %B %Y}"
    )


class ConsentPage(PageForm):
    """The consent position in one choice: obtained, refused, could not be obtained, or
    not sought and why (L 4.7.2, L 4.4.2)."""

    title = "Has consent to share been obtained?"
    heading = "consent_position"
    help = (
        "Seek consent first where you can. Do not seek it where asking would put a child at "
        "increased risk of significant harm, put an adult at risk of serious harm, prejudice "
        "the prevention, detection or prosecution of a serious crime, or cause unjustified "
        "delay in enquiries about significant harm. You need not seek it when a legal duty or "
        "court order requires the sharing. If you do not seek consent, record why."
    )
    help_source = "L 4.3.25; L 4.4.2; L 4.3.29; B 7"
    required_fields = {"consent_position": "Select whether consent was obtained"}

    consent_position = forms.ChoiceField(
        label=title,
        help_text="If you did not ask for consent, choose why.",
        choices=(),
        widget=forms.RadioSelect,
        required=False,
    )

    def setup_fields(self) -> None:
        choices = gds_choices(s for s in cat.CONSENT_STATUSES if s.code != "not_sought")
        last = choices[-1]
        choices[-1] = Choice(
            last.value, last.label, divider="or, if consent was not sought:", **hint_of(last)
        )
        for reason in cat.NOT_SOUGHT_REASONS:
            label = "another reason" if reason.code == "other" else reason.label
            label = label[0].lower() + label[1:]
            choices.append(Choice(f"{NOT_SOUGHT}{reason.code}", f"Not sought: {label}"))
        self.fields["consent_position"].choices = choices  # type: ignore[attr-defined]

    def layout(self) -> Layout:
        return Layout(heading_radios("consent_position"))

    def initial_from(self, stored: dict[str, Any]) -> dict[str, Any]:
        status = stored.get("consent_status") or ""
        if status == "not_sought":
            return {"consent_position": f"{NOT_SOUGHT}{stored.get('not_sought_reason') or ''}"}
        return {"consent_position": status}

    def answers(self) -> dict[str, Any]:
        position = self.cleaned_data["consent_position"]
        if position.startswith(NOT_SOUGHT):
            return {
                "consent_status": "not_sought",
                "not_sought_reason": position[len(NOT_SOUGHT) :],
            }
        return {"consent_status": position, "not_sought_reason": ""}


class ConsentsPage(PageForm):
    title = "Which consent do you rely on?"
    heading = "consent_ids"
    intro_template = "sharing/intro/record_consent.html"
    help = (
        "Consent must be freely given and informed: the person must know what is shared, "
        "why, with whom and what the recipients may use it for. Consent given verbally is "
        "consent, but record its details. Written consent is best: file the signed form with "
        "the record."
    )
    help_source = "L 4.3.11-4.3.12; L 4.3.28"

    consent_ids = checkboxes(title, [], "Select every consent record that covers this sharing.")

    def setup_fields(self) -> None:
        consents = self.context.get("consents")
        given = [c for c in consents or [] if c.outcome == "given"]
        choices = [Choice(str(c.pk), _consent_label(c)) for c in given]
        if choices:
            choices[-1] = Choice(choices[-1].value, choices[-1].label, divider="or")
        choices.append(
            Choice(
                NONE,
                "Consent was given but is not recorded yet",
                hint="The decision will be flagged until the consent record is made.",
                behaviour="exclusive",
            )
        )
        self.fields["consent_ids"].choices = choices  # type: ignore[attr-defined]

    def layout(self) -> Layout:
        return Layout(heading_checkboxes("consent_ids"))

    def initial_from(self, stored: dict[str, Any]) -> dict[str, Any]:
        if "consent_ids" not in stored:
            return {}
        ids = [str(i) for i in stored.get("consent_ids") or []]
        return {"consent_ids": ids or [NONE]}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        ticked = self.exclusive(
            "consent_ids",
            "Select the consent you rely on, or that it is not recorded yet",
            "Select the consent you rely on, or that it is not recorded yet, not both",
        )
        cleaned["ids"] = [int(value) for value in ticked]
        return cleaned

    def answers(self) -> dict[str, Any]:
        return {"consent_ids": self.cleaned_data["ids"]}


class ParentsPage(PageForm):
    title = "Do people with parental responsibility for the child disagree about sharing?"
    heading = "pr_conflict"
    help = (
        "The consent of one person with parental responsibility is enough. Where family "
        "members are in conflict, talk to your agency's information lead and child "
        "protection adviser to decide whose consent to seek. If parents are separated, you "
        "would usually ask the parent the child lives with."
    )
    help_source = "L 4.3.19"
    required_fields = {"pr_conflict": "Select yes if people with parental responsibility disagree"}

    pr_conflict = yes_no(
        title,
        "Select yes if people with parental responsibility disagree",
        "For example, separated parents who have given different answers.",
    )

    def layout(self) -> Layout:
        return Layout(heading_radios("pr_conflict", inline=True))


class BestInterestsPage(PageForm):
    title = "A child who can decide for themselves refused"
    intro_template = "sharing/intro/child_refused.html"
    help = (
        "If a child is able to decide for themselves, their consent or refusal is the one to "
        "consider, even if a parent agrees. Acting in the child's best interests may mean "
        "overriding their refusal: that is your decision to record, with your reasons, and "
        "the lead information officer reviews it."
    )
    help_source = "L 4.3.19-4.3.20"
    required_fields = {
        "best_interests_override": "Select yes if you are overriding the child's refusal"
    }

    best_interests_override = yes_no(
        "Are you overriding the child's refusal in their best interests?",
        "Select yes if you are overriding the child's refusal",
    )
    best_interests_reasons = text(
        "If yes, why is it in the child's best interests?",
        "Say what outcome for the child you are securing, and why it outweighs their wish.",
        rows=4,
    )

    def layout(self) -> Layout:
        return Layout(
            Field.radios("best_interests_override", legend_size=Size.MEDIUM, inline=True),
            Field.textarea("best_interests_reasons", rows=4),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("best_interests_override") is True:
            self.require("best_interests_reasons", "Say why it is in the child's best interests")
        return cleaned


class RefusalsPage(PageForm):
    title = "Which refusals are recorded?"
    heading = "refusal_ids"
    intro_template = "sharing/intro/record_consent.html"
    help = (
        "A refusal does not always stop sharing where there is a concern about a child, but "
        "record it: who refused, when, and what they were told."
    )
    help_source = "L 4.3.5; L 4.7.2"

    refusal_ids = checkboxes(
        title, [], "Select the refusals recorded on this case, if any. Record a refusal first."
    )

    def setup_fields(self) -> None:
        consents = self.context.get("consents")
        refused = [c for c in consents or [] if c.outcome == "refused"]
        self.fields["refusal_ids"].choices = [  # type: ignore[attr-defined]
            Choice(str(c.pk), _consent_label(c)) for c in refused
        ]

    def layout(self) -> Layout:
        return Layout(heading_checkboxes("refusal_ids"))

    def initial_from(self, stored: dict[str, Any]) -> dict[str, Any]:
        return {"refusal_ids": [str(i) for i in stored.get("refusal_ids") or []]}

    def answers(self) -> dict[str, Any]:
        return {"refusal_ids": [int(i) for i in self.cleaned_data.get("refusal_ids") or []]}


class OtherReasonPage(PageForm):
    title = "Why was consent not sought?"
    heading = "not_sought_other"
    help = "If you share without seeking consent, record clearly why you did not seek it."
    help_source = "L 4.3.29"
    required_fields = {"not_sought_other": "Explain why consent was not sought"}

    not_sought_other = text(title, rows=4)

    def layout(self) -> Layout:
        return Layout(heading_textarea("not_sought_other", rows=4))


class NotObtainedPage(PageForm):
    title = "Why could consent not be obtained?"
    heading = "could_not_explain"
    help = "For example, the person could not be contacted in the time available."
    help_source = "L 4.3.5; P 1 (Purpose and Principles)"
    required_fields = {"could_not_explain": "Explain why consent could not be obtained"}

    could_not_explain = text(title, rows=4)

    def layout(self) -> Layout:
        return Layout(heading_textarea("could_not_explain", rows=4))


class DutyPage(PageForm):
    title = "Is there a statutory duty or court order to share?"
    heading = "statutory_duty"
    help = (
        "Sometimes the law requires you to share: a court may order information or files to "
        "be produced, or the local authority may ask for help with child protection enquiries "
        "under section 47 of the Children Act 1989. Then you must share, even if the "
        "information is confidential and consent has not been given."
    )
    help_source = "L 4.5.9-4.5.10; P 1 (Children Act 1989)"
    required_fields = {"statutory_duty": "Select yes if there is a statutory duty or court order"}

    statutory_duty = yes_no(title, "Select yes if there is a statutory duty or court order")

    def layout(self) -> Layout:
        return Layout(heading_radios("statutory_duty", inline=True))


class WhichDutyPage(PageForm):
    title = "Which duty or court order applies?"
    help = "Record the grounds for sharing, with the order's number and date or who asked."
    help_source = "L 4.5.9; O 13.3.4"
    required_fields = {
        "duty": "Select the duty or order",
        "reference": "Enter the reference for the duty or order",
    }

    duty = radios(title, cat.STATUTORY_DUTIES, "Select the duty or order")
    reference = text(
        "Reference", "For a court order, its number and date; for a request, who made it and when."
    )

    def layout(self) -> Layout:
        return Layout(
            Field.radios("duty", legend_size=Size.MEDIUM),
            Field.text("reference"),
        )

"""Question 8 (L 4.5.21, H 2, B appendix): the decision and the reasons for it."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Layout, Size

from sharing import catalogues as cat

from .base import PageForm, radios, text, yes_no


class DecisionPage(PageForm):
    title = "What is your decision, and why?"
    help = (
        "Record every decision, whether or not you share, and why. If you share confidential "
        "information without consent, record who authorised it and the evidence that a risk "
        "assessment was done. If you refuse a request, discuss your reasons with the person "
        "who asked and be prepared to explain them."
    )
    help_source = "L 4.5.21; H 2; B appendix; P rule 7 (2024)"
    required_fields = {
        "decision": "Select your decision",
        "reasons": "Enter the reasons for your decision",
    }

    decision = radios("Your decision", cat.DECISIONS, "Select your decision")
    reasons = text("Your reasons", "Always needed, whatever you decide.", rows=4)
    authorised_by = text("Who authorised the decision?", "Their name and role.", max_length=200)
    risk_assessment = text(
        "What risk assessment was done?",
        "Where it is recorded and when it was done.",
        rows=2,
    )
    discussed_with_requester = yes_no(
        "Have you discussed your reasons with the person who asked?",
        "Select yes if you discussed your reasons with the person who asked",
        "If you do not share, explain why to the person who asked.",
    )

    def setup_fields(self) -> None:
        if self.context.get("kind") != "request_received":
            del self.fields["discussed_with_requester"]

    def layout(self) -> Layout:
        fields = [
            Field.radios("decision", legend_size=Size.MEDIUM),
            Field.textarea("reasons", rows=4),
            Field.text("authorised_by"),
            Field.textarea("risk_assessment", rows=2),
        ]
        if "discussed_with_requester" in self.fields:
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
            and "discussed_with_requester" in self.fields
        ):
            self.require(
                "discussed_with_requester",
                "Select yes if you discussed your reasons with the person who asked",
            )
        return cleaned

"""Decisions made through the real services, for the review tests."""

from __future__ import annotations

from sharing import demo
from sharing.models import Decision


def flagged_decision(case, practitioner, agencies) -> Decision:
    """A submitted decision not to share although the risk is significant harm: flagged
    for the lead officer by the guidance engine, made through the question services."""
    demo.load(case=case, actor=practitioner, agencies=agencies, scenario="not_shared_despite_harm")
    decision = Decision.objects.filter(case=case, status=Decision.Status.SUBMITTED).latest("id")
    assert decision.needs_review, "the scenario should be flagged for review"
    return decision

"""Escalation to another agency's lead officer when the agencies disagree (B 11)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from agencies.models import Role
from audit.models import AuditEvent
from notifications.models import Kind, Notification
from review import escalations, selectors, services
from review.models import Review, State
from tests.factories.agencies import member

pytestmark = pytest.mark.django_db

SUMMARY = "A 15-year-old disclosed harm at home; we decided not to share with you."
REASONS = "We think the refusal of consent should be respected for now."


@pytest.fixture
def escalation(decision, lead_officer, other_agency, other_agency_lead_officer):
    return escalations.review_escalate(
        actor=lead_officer,
        decision=decision,
        version=0,
        to_agency=other_agency,
        summary=SUMMARY,
        reasons=REASONS,
    )


def test_the_receiving_officer_sees_the_summary_and_the_first_officers_reasons(
    client, escalation, other_agency_lead_officer
):
    assert Notification.objects.get(recipient=other_agency_lead_officer).kind == (
        Kind.ESCALATION_RECEIVED
    )
    client.force_login(other_agency_lead_officer)
    response = client.get(reverse("review:escalation", args=[escalation.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "A 15-year-old disclosed harm at home" in body
    assert "respected for now" in body
    assert response.context["answering"]


def test_the_receiving_officer_gets_404_on_the_first_agencys_case_and_decision(
    client, escalation, decision, other_agency_lead_officer
):
    client.force_login(other_agency_lead_officer)
    for url in (
        reverse("records:case_detail", args=[decision.case_id]),
        reverse("sharing:decision_detail", args=[decision.pk]),
        reverse("review:review", args=[decision.pk]),
    ):
        assert client.get(url).status_code == 404, url
    refused = AuditEvent.objects.filter(
        action="access.refused", actor_id=other_agency_lead_officer.pk
    )
    assert refused.count() == 3
    assert {event.chain for event in refused} == {f"agency:{decision.case.agency_id}"}


def test_nobody_else_in_the_receiving_agency_sees_the_escalation(client, escalation, other_agency):
    for role in (Role.PRACTITIONER, Role.AUDITOR, Role.AGENCY_ADMIN):
        client.force_login(member(other_agency, role))
        assert client.get(reverse("review:escalation", args=[escalation.pk])).status_code == 404


def test_the_answer_goes_back_to_the_first_officer(
    client, escalation, decision, lead_officer, other_agency_lead_officer, agency
):
    review = Review.objects.get(decision=decision)
    assert review.state == State.ESCALATED
    assert decision not in selectors.awaiting_review(selectors.agency_decisions(agency.pk))
    client.force_login(other_agency_lead_officer)
    url = reverse("review:escalation", args=[escalation.pk])
    assert "Enter your response" in client.post(url, {"position": "disagree"}).content.decode()
    response = client.post(url, {"position": "disagree", "response": "Share it: the risk is high"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.state, review.version) == (State.AWAITING, 2)
    assert decision in selectors.awaiting_review(selectors.agency_decisions(agency.pk))
    assert Notification.objects.get(recipient=lead_officer).kind == Kind.ESCALATION_ANSWERED
    event = AuditEvent.objects.get(action="review.escalation_answered")
    assert event.actor_id == other_agency_lead_officer.pk
    assert event.payload["position"] == "disagree"
    client.force_login(lead_officer)
    record = client.get(reverse("sharing:decision_detail", args=[decision.pk])).content.decode()
    assert "Share it: the risk is high" in record


def test_an_escalation_is_answered_once(escalation, other_agency_lead_officer, other_agency):
    escalations.escalation_respond(
        actor=other_agency_lead_officer, escalation=escalation, position="agree", response="Yes"
    )
    deputy = member(other_agency, Role.LEAD_OFFICER)
    with pytest.raises(services.ReviewConflict, match="answered this escalation"):
        escalations.escalation_respond(
            actor=deputy, escalation=escalation, position="disagree", response="No"
        )


def test_an_agency_cannot_escalate_to_itself(decision, lead_officer, agency):
    with pytest.raises(services.ValidationError):
        escalations.review_escalate(
            actor=lead_officer,
            decision=decision,
            version=0,
            to_agency=agency,
            summary="s",
            reasons="r",
        )


def _escalate_to(agency, decision, lead_officer):
    return escalations.review_escalate(
        actor=lead_officer,
        decision=decision,
        version=0,
        to_agency=agency,
        summary=SUMMARY,
        reasons=REASONS,
    )


def _told_of_escalations() -> set[int]:
    return set(
        Notification.objects.filter(kind=Kind.ESCALATION_RECEIVED).values_list(
            "recipient_id", flat=True
        )
    )


def test_an_escalation_goes_to_the_lead_officer_the_officer_register_names(
    decision, lead_officer, other_agency, other_agency_lead_officer
):
    """Issue 14: the register names who receives escalations; while it names nobody, every
    lead information officer of the agency hears of it."""
    from agencies.models import Office, OfficerAppointment

    second = member(other_agency, Role.LEAD_OFFICER)
    OfficerAppointment.objects.create(
        agency=other_agency,
        office=Office.LEAD_INFORMATION_OFFICER,
        membership=second.membership,
    )
    _escalate_to(other_agency, decision, lead_officer)
    assert _told_of_escalations() == {second.pk}


def test_with_no_officer_named_every_lead_officer_hears_of_an_escalation(
    decision, lead_officer, other_agency, other_agency_lead_officer
):
    second = member(other_agency, Role.LEAD_OFFICER)
    _escalate_to(other_agency, decision, lead_officer)
    assert _told_of_escalations() == {other_agency_lead_officer.pk, second.pk}

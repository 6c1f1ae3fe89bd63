"""The lead officer's review actions (SPEC 6): each with its reasons and its audit event,
and the notifications they send."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from notifications.models import Kind, Notification
from review import selectors, services
from review.models import ActionKind, Review, State
from sharing.models import Decision
from tests.factories.sharing import submitted_decision

pytestmark = pytest.mark.django_db


def _events(decision, action):
    return AuditEvent.objects.filter(action=action, object_id=str(decision.pk))


def test_countersigning_records_the_action_its_reasons_and_its_audit_event(decision, lead_officer):
    action = services.review_countersign(
        actor=lead_officer, decision=decision, version=0, reasons="Consent refusal respected"
    )
    review = Review.objects.get(decision=decision)
    assert (review.state, review.version) == (State.COUNTERSIGNED, 1)
    assert action.kind == ActionKind.COUNTERSIGNED
    event = _events(decision, "review.countersigned").get()
    assert event.payload["reasons"] == "Consent refusal respected"
    assert event.case_id == decision.case_id
    assert event.chain == f"agency:{decision.case.agency_id}"


@pytest.mark.parametrize(
    ("service", "arguments", "field"),
    [
        (services.review_countersign, {"reasons": "  "}, "reasons"),
        (services.review_return, {"comments": ""}, "comments"),
        (services.review_determine, {"determination": "share", "reasons": ""}, "reasons"),
        (services.review_determine, {"determination": "maybe", "reasons": "x"}, "determination"),
    ],
)
def test_every_action_needs_its_reasons(decision, lead_officer, service, arguments, field):
    with pytest.raises(ValidationError) as raised:
        service(actor=lead_officer, decision=decision, version=0, **arguments)
    assert field in raised.value.message_dict
    assert not Review.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="review.").exists()


def test_only_the_agencys_lead_officer_reviews(decision, practitioner, other_agency_lead_officer):
    for outsider in (practitioner, other_agency_lead_officer):
        with pytest.raises(PermissionDenied):
            services.review_countersign(actor=outsider, decision=decision, version=0, reasons="x")


def test_a_draft_cannot_be_reviewed(allocated_case, practitioner, lead_officer):
    draft = submitted_decision(allocated_case, practitioner, status="draft", submitted_at=None)
    with pytest.raises(ValidationError):
        services.review_countersign(actor=lead_officer, decision=draft, version=0, reasons="x")


def test_a_returned_decision_goes_to_the_practitioner_and_back_with_their_amendment(
    decision, lead_officer, practitioner, agency, django_capture_on_commit_callbacks
):
    practitioner.email = "sam@example.org"
    practitioner.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.review_return(
            actor=lead_officer, decision=decision, version=0, comments="Say why consent outweighs"
        )
    assert _events(decision, "review.returned").get().payload["returned_to"] == practitioner.pk
    notice = Notification.objects.get(recipient=practitioner)
    assert notice.kind == Kind.DECISION_RETURNED
    assert len(mail.outbox) == 1
    agency_decisions = selectors.agency_decisions(agency.pk)
    assert list(selectors.returned_unanswered(agency_decisions)) == [decision]
    assert decision not in selectors.awaiting_review(agency_decisions)

    amendment = submitted_decision(decision.case, practitioner, amends=decision, outcome="share")
    assert list(selectors.returned_unanswered(agency_decisions)) == []
    assert list(selectors.awaiting_review(agency_decisions)) == [amendment]  # back to the LIO
    services.review_countersign(
        actor=lead_officer, decision=amendment, version=0, reasons="Now right"
    )
    assert list(selectors.awaiting_review(agency_decisions)) == []


def test_a_returned_decision_cannot_be_countersigned_before_it_is_answered(decision, lead_officer):
    services.review_return(actor=lead_officer, decision=decision, version=0, comments="Fix it")
    with pytest.raises(ValidationError, match="returned to the practitioner"):
        services.review_countersign(actor=lead_officer, decision=decision, version=1, reasons="x")


def test_a_determination_is_kept_beside_the_practitioners_decision(
    decision, lead_officer, practitioner
):
    services.review_determine(
        actor=lead_officer,
        decision=decision,
        version=0,
        determination="share",
        reasons="Significant harm: we must share (Bromley protocol, section 1)",
    )
    decision.refresh_from_db()
    assert decision.outcome == "do_not_share"  # the practitioner's record never changes
    panel = selectors.review_panel(lead_officer, decision=decision)
    assert panel.determination.determination_label == "Share the information"
    event = _events(decision, "review.determined").get()
    assert event.payload["determination"] == "share"
    assert event.payload["practitioner_decision"] == "do_not_share"
    assert Notification.objects.get(recipient=practitioner).kind == Kind.DETERMINATION_RECORDED


def test_the_record_shows_the_determination_and_the_review_history(
    client, decision, lead_officer, practitioner
):
    services.review_determine(
        actor=lead_officer,
        decision=decision,
        version=0,
        determination="share",
        reasons="Must share",
    )
    client.force_login(practitioner)
    body = client.get(reverse("sharing:decision_detail", args=[decision.pk])).content.decode()
    assert "Lead information officer's determination" in body
    assert "Share the information" in body
    assert "Determination recorded" in body
    assert "Must share" in body


def test_review_actions_show_in_the_cases_history(client, decision, lead_officer):
    services.review_countersign(actor=lead_officer, decision=decision, version=0, reasons="Agreed")
    client.force_login(lead_officer)
    body = client.get(reverse("records:case_history", args=[decision.case_id])).content.decode()
    assert f"Decision {decision.pk} countersigned by the lead information officer" in body
    assert "Agreed" in body


def test_the_review_pages_walk_from_choice_to_action(client, decision, lead_officer):
    client.force_login(lead_officer)
    url = reverse("review:review", args=[decision.pk])
    page = client.get(url).content.decode()
    assert "Not sharing, although the risk recorded is significant harm" in page
    assert "Select what you want to do" in client.post(url, {}).content.decode()
    assert client.post(url, {"action": "countersign"})["Location"] == reverse(
        "review:countersign", args=[decision.pk]
    )
    action = reverse("review:countersign", args=[decision.pk])
    assert (
        "Enter why you are countersigning" in client.post(action, {"version": 0}).content.decode()
    )
    done = client.post(action, {"version": 0, "reasons": "Agreed"})
    assert done["Location"] == reverse("sharing:decision_detail", args=[decision.pk])
    assert Review.objects.get(decision=decision).state == State.COUNTERSIGNED


def test_an_amended_decision_is_reviewed_through_its_amendment(
    decision, lead_officer, practitioner
):
    submitted_decision(decision.case, practitioner, amends=decision)
    with pytest.raises(ValidationError, match="amended by decision"):
        services.review_countersign(actor=lead_officer, decision=decision, version=0, reasons="x")


def test_submitted_amendments_are_counted_not_drafts(decision, lead_officer, practitioner, agency):
    services.review_return(actor=lead_officer, decision=decision, version=0, comments="Fix")
    submitted_decision(
        decision.case, practitioner, amends=decision, status="draft", submitted_at=None
    )
    assert list(selectors.returned_unanswered(selectors.agency_decisions(agency.pk))) == [decision]
    assert Decision.objects.filter(amends=decision).count() == 1

"""Information requests: the 15-working-day clock, pauses, both sides, the answer."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from exchange import queues, services
from exchange.models import InformationRequest
from sharing.models import Decision
from tests.factories.exchange import incoming

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_request_is_due_fifteen_working_days_after_it_arrived(on, lead_officer):
    on(D(2027, 3, 16))
    request = incoming(lead_officer, received_on=D(2027, 3, 1))
    assert request.due_on == D(2027, 3, 22)
    event = AuditEvent.objects.get(action="request.recorded")
    assert event.chain == f"agency:{lead_officer.membership.agency_id}"
    assert event.payload["items"] == request.items


def test_a_pause_moves_the_due_date_on_by_the_working_days_it_was_stopped(on, lead_officer):
    on(D(2027, 3, 10))
    request = incoming(lead_officer, received_on=D(2027, 3, 1))
    services.request_pause(
        actor=lead_officer, request=request, paused_on=D(2027, 3, 10), reason="Which adults?"
    )
    on(D(2027, 3, 15))
    # Stopped Thursday 11, Friday 12 and Monday 15: due Monday 22 becomes Thursday 25.
    pause = services.request_resume(actor=lead_officer, request=request, resumed_on=D(2027, 3, 15))
    request.refresh_from_db()
    assert (pause.due_before, pause.due_after, request.due_on) == (
        D(2027, 3, 22),
        D(2027, 3, 25),
        D(2027, 3, 25),
    )
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions[-2:] == ["request.paused", "request.resumed"]


def test_a_paused_request_leaves_the_due_queue_and_returns_when_restarted(on, lead_officer):
    on(D(2027, 3, 23))
    request = incoming(lead_officer, received_on=D(2027, 3, 1))  # due 22 March: overdue
    assert queues.requests_due(lead_officer).count == 1
    services.request_pause(
        actor=lead_officer, request=request, paused_on=D(2027, 3, 23), reason="Which adults?"
    )
    assert queues.requests_due(lead_officer).count == 0
    services.request_resume(actor=lead_officer, request=request, resumed_on=D(2027, 3, 23))
    queue = queues.requests_due(lead_officer)
    assert queue.count == 1
    assert queue.items[0].detail == "Overdue by 1 working day"


def test_the_queue_holds_requests_due_within_three_working_days_or_overdue(on, lead_officer):
    on(D(2027, 3, 17))  # Wednesday
    incoming(lead_officer, received_on=D(2027, 3, 1))  # due Monday 22: 3 working days left
    incoming(lead_officer, received_on=D(2027, 3, 2))  # due Tuesday 23: 4 left
    queue = queues.requests_due(lead_officer)
    assert [item.detail for item in queue.items] == ["Due in 3 working days"]


def test_an_urgent_verbal_request_must_be_followed_up_in_writing_by_the_next_working_day(
    on, lead_officer
):
    on(D(2027, 3, 29))
    request = incoming(lead_officer, received_on=D(2027, 3, 25), urgency="urgent_verbal")
    assert request.written_follow_up_due_on == D(2027, 3, 30)  # Easter in between
    services.request_follow_up_record(
        actor=lead_officer, request=request, received_on=D(2027, 3, 29)
    )
    request.refresh_from_db()
    assert request.written_follow_up_on == D(2027, 3, 29)


def test_an_outgoing_request_arrives_in_the_other_agencys_requests_without_our_case(
    client, allocated_case, practitioner, other_agency, other_agency_lead_officer
):
    mine = services.request_record(
        actor=practitioner,
        direction="outgoing",
        other_agency=other_agency,
        contact_name="DC Smith",
        urgency="written",
        purpose="Section 47 enquiry",
        legal_bases=["ca1989_s47"],
        items=["Call-outs to the address this year"],
        received_on=datetime.date.today(),
    )
    services.request_link_case(actor=practitioner, request=mine, case=allocated_case)
    theirs = InformationRequest.objects.get(agency=other_agency)
    assert (theirs.direction, theirs.case, theirs.exchange_id) == (
        "incoming",
        None,
        mine.exchange_id,
    )
    assert theirs.verification == "on_system"
    sent = AuditEvent.objects.get(action="request.sent")
    received = AuditEvent.objects.get(action="request.received")
    assert sent.chain == f"agency:{allocated_case.agency_id}"
    assert received.chain == f"agency:{other_agency.pk}"
    assert sent.payload["exchange"] == received.payload["exchange"] == str(mine.exchange_id)
    assert received.case_id is None

    client.force_login(other_agency_lead_officer)
    listed = client.get(reverse("exchange:request_list"))
    assert [info for info, _ in listed.context["rows"]] == [theirs]
    page = client.get(reverse("exchange:request_detail", args=[theirs.pk])).content.decode()
    assert "Call-outs to the address this year" in page
    assert allocated_case.reference not in page
    assert allocated_case.child_name not in page
    assert client.get(reverse("exchange:request_detail", args=[mine.pk])).status_code == 404


def test_answering_a_request_starts_a_decision_prefilled_from_it(client, lead_officer, case):
    request = incoming(lead_officer, received_on=datetime.date.today())
    client.force_login(lead_officer)
    response = client.post(reverse("exchange:request_decide", args=[request.pk]))
    assert response["Location"] == reverse("exchange:request_case", args=[request.pk])
    client.post(reverse("exchange:request_case", args=[request.pk]), {"case": case.pk})
    response = client.post(reverse("exchange:request_decide", args=[request.pk]))
    decision = Decision.objects.get()
    assert response["Location"] == reverse("sharing:question", args=[decision.pk, 1])
    start = decision.answers["start"]
    assert decision.kind == "request_received"
    assert start["requester_agency_name"] == "Riverside Housing Association"
    assert start["requester_name"] == "Dana Lee, Tenancy officer"
    assert start["request_details"] == (
        "Names of the adults in the household; Any known risks to visitors"
    )
    assert start["purpose"] == "Assess whether the family can be rehoused safely"
    assert start["legal_basis"] == "Children Act 1989, section 17 (children in need)"
    request.refresh_from_db()
    assert request.decision == decision
    # Asking again returns the same decision.
    client.post(reverse("exchange:request_decide", args=[request.pk]))
    assert Decision.objects.count() == 1


def test_a_submitted_decision_answers_the_request_on_both_sides(
    allocated_case, practitioner, other_agency, other_agency_lead_officer
):
    from sharing.models import Decision as D8
    from tests.factories.records import CaseFactory

    theirs_case = CaseFactory(agency=other_agency, created_by=other_agency_lead_officer)
    asked = services.request_record(
        actor=practitioner,
        direction="outgoing",
        other_agency=other_agency,
        contact_name="DC Smith",
        urgency="written",
        purpose="Section 47 enquiry",
        legal_bases=["ca1989_s47"],
        items=["Call-outs"],
        received_on=datetime.date.today(),
    )
    holder = InformationRequest.objects.get(agency=other_agency)
    services.request_link_case(actor=other_agency_lead_officer, request=holder, case=theirs_case)
    decision = services.request_answer_start(actor=other_agency_lead_officer, request=holder)
    D8.objects.filter(pk=decision.pk).update(
        status="submitted", outcome="do_not_share", submitted_at=decision.created_at
    )
    services.exchange_catch_up()
    asked.refresh_from_db()
    holder.refresh_from_db()
    assert asked.outcome_label == holder.outcome_label == "Do not share"
    answered = AuditEvent.objects.filter(action="request.answered")
    assert sorted(e.chain for e in answered) == sorted(
        [f"agency:{allocated_case.agency_id}", f"agency:{other_agency.pk}"]
    )
    # The requester's side is told the outcome, not the other agency's decision.
    mine = answered.get(chain=f"agency:{allocated_case.agency_id}")
    assert "decision" not in mine.payload

"""Both ends on record (verify_exchanges), corrections within 14 days, onward sharing."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from audit.models import AuditEvent
from exchange import queues, services
from exchange.check import check_exchanges
from exchange.models import CorrectionNotice, OnwardRequest
from sharing.models import Decision
from tests.conftest import guards_off
from tests.factories.exchange import delivered, share, without_delivery
from tests.factories.records import CaseFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def receipt(health_case, health_practitioner, agency):
    return delivered(health_case, health_practitioner, agency)


def test_the_exchange_check_passes_when_every_step_is_on_both_chains(receipt, lead_officer):
    services.receipt_acknowledge(actor=lead_officer, receipt=receipt)
    result = check_exchanges()
    assert result.ok
    assert (result.steps, result.paired) == (3, 3)  # sent, opened, acknowledged
    call_command("verify_exchanges")


def test_the_exchange_check_finds_a_removed_receive_event(receipt, agency):
    received = AuditEvent.objects.get(action="disclosure.received")
    with guards_off() as cursor:
        cursor.execute("DELETE FROM audit_event WHERE id = %s", [received.pk])
    result = check_exchanges()
    assert [(u.step, u.missing_on) for u in result.unpaired] == [("sent", f"agency:{agency.pk}")]
    assert [u.disclosure for u in result.undelivered] == [str(receipt.disclosure_id)]
    with pytest.raises(CommandError, match="1 step"):
        call_command("verify_exchanges")


def test_a_disclosure_never_delivered_is_reported(health_case, health_practitioner, agency):
    """Bulk-loaded records (or any made without the submission's signal) are caught up."""
    with without_delivery():
        disclosure = share(health_case, health_practitioner, agency)
    assert [u.disclosure for u in check_exchanges().undelivered] == [str(disclosure.pk)]
    services.exchange_catch_up()
    assert check_exchanges().ok


def test_a_recipient_on_the_service_is_told_of_a_correction_at_once_on_both_chains(
    on, receipt, health_case, health_practitioner, health, agency, client, lead_officer
):
    correction = services.correction_record(
        actor=health_practitioner,
        case=health_case,
        disclosures=[receipt.disclosure],
        inaccurate="The weight recorded on 3 March",
        corrected="It was 5.2 kg, not 4.2 kg",
    )
    notice = CorrectionNotice.objects.get()
    assert notice.receipt == receipt
    assert notice.told_how == "on_system"
    sent = AuditEvent.objects.get(action="correction.sent")
    received = AuditEvent.objects.get(action="correction.received")
    assert (sent.chain, received.chain) == (f"agency:{health.pk}", f"agency:{agency.pk}")
    assert sent.payload["exchange"] == received.payload["exchange"]
    assert received.payload["original_exchange"] == str(receipt.exchange_id)
    client.force_login(lead_officer)
    page = client.get(reverse("exchange:notice_detail", args=[notice.pk])).content.decode()
    assert "It was 5.2 kg, not 4.2 kg" in page
    assert reverse("exchange:receipt_detail", args=[receipt.pk]) in page
    client.post(reverse("exchange:notice_detail", args=[notice.pk]))
    notice.refresh_from_db()
    assert notice.acknowledged_at is not None
    assert correction.due_on == correction.recorded_on + datetime.timedelta(days=14)
    assert check_exchanges().ok


def test_a_recipient_off_the_service_must_be_told_within_fourteen_days(
    on, health_case, health_practitioner, health_lead
):
    on(D(2027, 3, 1))
    disclosure = share(health_case, health_practitioner, None)
    correction = services.correction_record(
        actor=health_practitioner,
        case=health_case,
        disclosures=[disclosure],
        inaccurate="The address",
        corrected="12 Mill Lane, not 21",
    )
    assert correction.due_on == D(2027, 3, 15)  # 14 calendar days, weekends included
    queue = queues.corrections_untold(health_lead)
    assert (queue.count, queue.items[0].overdue) == (1, False)
    on(D(2027, 3, 15))
    assert not queues.corrections_untold(health_lead).items[0].overdue  # day 14: in time
    on(D(2027, 3, 16))
    assert queues.corrections_untold(health_lead).items[0].overdue  # day 15: late
    notice = correction.notices.get()
    services.correction_mark_told(
        actor=health_practitioner, notice=notice, told_on=D(2027, 3, 16), told_how="telephone"
    )
    told = AuditEvent.objects.get(action="correction.told")
    assert told.payload["within_14_days"] is False
    assert queues.corrections_untold(health_lead).count == 0


def test_onward_sharing_is_asked_and_answered_on_both_chains_and_the_decision_cites_it(
    client, receipt, agency, health, lead_officer, health_lead, health_practitioner
):
    own_case = CaseFactory(agency=agency, created_by=lead_officer)
    services.receipt_acknowledge(actor=lead_officer, receipt=receipt)
    services.receipt_file(actor=lead_officer, receipt=receipt, case=own_case)
    client.force_login(lead_officer)
    response = client.post(
        reverse("exchange:onward_new", args=[receipt.pk]),
        {"pass_to": "Riverside Primary School", "what": "The weight", "reason": "Meals plan"},
    )
    onward = OnwardRequest.objects.get()
    assert response["Location"] == reverse("exchange:onward_detail", args=[onward.pk])
    # The recipient cannot answer its own request; the originator's practitioner cannot.
    client.post(reverse("exchange:onward_detail", args=[onward.pk]), {"answer": "agreed"})
    client.force_login(health_practitioner)
    assert client.get(reverse("exchange:onward_detail", args=[onward.pk])).status_code == 404
    onward.refresh_from_db()
    assert onward.status == "asked"
    assert queues.onward_awaiting(health_lead).count == 1

    client.force_login(health_lead)
    response = client.post(
        reverse("exchange:onward_detail", args=[onward.pk]),
        {"answer": "agreed", "reasons": "Needed for the meals plan", "conditions": "Weight only"},
    )
    assert response.status_code == 302
    for action in ("onward.asked", "onward.answered"):
        chains = sorted(AuditEvent.objects.filter(action=action).values_list("chain", flat=True))
        assert chains == sorted([f"agency:{agency.pk}", f"agency:{health.pk}"]), action

    client.force_login(lead_officer)
    client.post(reverse("exchange:onward_decide", args=[onward.pk]))
    onward.refresh_from_db()
    decision = Decision.objects.get(pk=onward.decision_id)
    assert decision.case == own_case
    prompted = decision.answers["start"]["prompted_by"]
    assert "agreed by their lead information officer" in prompted
    assert "on condition that Weight only" in prompted
    assert decision.answers["start"]["onward_agreement_id"] == onward.pk


def test_a_refusal_needs_reasons(receipt, lead_officer, health_lead):
    onward = services.onward_ask(
        actor=lead_officer, receipt=receipt, pass_to="A school", what="All of it", reason="Why not"
    )
    with pytest.raises(Exception, match="reasons"):
        services.onward_answer(actor=health_lead, onward=onward, answer="refused", reasons=" ")

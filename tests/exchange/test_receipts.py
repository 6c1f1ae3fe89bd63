"""What was received: the recipient sees what was disclosed and nothing of the sender's
case; each receipt state is on both agencies' chains."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape

from agencies.models import Role
from audit.models import AuditEvent
from exchange import queues, services
from exchange.models import Receipt
from tests.factories.agencies import member
from tests.factories.exchange import delivered, share, without_delivery
from tests.factories.records import CaseFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def receipt(health_case, health_practitioner, agency):
    return delivered(health_case, health_practitioner, agency, recipient_name="Nobody Here")


def test_the_recipient_sees_exactly_what_was_disclosed_and_never_the_senders_case(
    client, receipt, health_case, lead_officer
):
    client.force_login(lead_officer)
    inbox = client.get(reverse("exchange:inbox"))
    assert list(inbox.context["receipts"]) == [receipt]
    page = client.get(reverse("exchange:receipt_detail", args=[receipt.pk])).content.decode()
    for shown in (
        "Weight has fallen below the 2nd centile",
        "Parent seems reluctant to attend appointments",
        "Fact",
        "Opinion",
        "To protect the child from significant harm",  # the purpose
        "Children Act 1989, section 47",
        "Oliver Brown",
    ):
        assert shown in page, shown
    items = client.get(reverse("exchange:receipt_detail", args=[receipt.pk])).context["item"]
    assert [(i.text, i.nature) for i in items["items"]] == [
        ("Weight has fallen below the 2nd centile", "Fact"),
        ("Parent seems reluctant to attend appointments", "Opinion"),
    ]
    for hidden in (
        health_case.reference,
        "Concerns at school",  # what prompted the decision
        "Risk of significant harm outweighs confidentiality",  # the sender's reasons
        "A. Manager",  # who authorised it
    ):
        assert hidden not in page, hidden
    decision = receipt.disclosure.decision
    assert client.get(reverse("records:case_detail", args=[health_case.pk])).status_code == 404
    assert client.get(reverse("sharing:decision_detail", args=[decision.pk])).status_code == 404


def test_each_receipt_state_is_on_both_chains_with_one_exchange_identifier(
    client, receipt, health, agency, lead_officer, health_case, health_practitioner
):
    own_case = CaseFactory(agency=agency, created_by=lead_officer)
    client.force_login(lead_officer)
    client.get(reverse("exchange:receipt_detail", args=[receipt.pk]))
    client.post(reverse("exchange:receipt_acknowledge", args=[receipt.pk]))
    client.post(reverse("exchange:receipt_file", args=[receipt.pk]), {"case": own_case.pk})
    receipt.refresh_from_db()
    assert receipt.state == "Filed"
    assert [name for name, _ in receipt.states()] == [
        "Sent",
        "Opened",
        "Acknowledged",
        "Filed to one of their cases",
    ]
    sender, recipient = f"agency:{health.pk}", f"agency:{agency.pk}"
    for action_pair in (
        ("disclosure.sent", "disclosure.received"),
        ("disclosure.opened", "disclosure.opened"),
        ("disclosure.acknowledged", "disclosure.acknowledged"),
        ("disclosure.filed", "disclosure.filed"),
    ):
        at_sender = AuditEvent.objects.get(action=action_pair[0], chain=sender)
        at_recipient = AuditEvent.objects.get(action=action_pair[1], chain=recipient)
        assert at_sender.payload["exchange"] == at_recipient.payload["exchange"]
        assert at_sender.payload["exchange"] == str(receipt.exchange_id)
        assert at_sender.case_id == health_case.pk
    filed = AuditEvent.objects.get(action="disclosure.filed", chain=recipient)
    assert filed.case_id == own_case.pk
    assert own_case.reference not in str(
        AuditEvent.objects.get(action="disclosure.filed", chain=sender).payload
    )

    # The sender sees each state on the case's chronology.
    client.force_login(health_practitioner)
    page = client.get(reverse("records:case_detail", args=[health_case.pk])).content.decode()
    assert escape(f"Acknowledged by {agency.name}") in page
    assert escape(f"Filed to a case at {agency.name}") in page


def test_an_auditor_reading_the_item_does_not_open_it(client, receipt, auditor):
    client.force_login(auditor)
    assert client.get(reverse("exchange:receipt_detail", args=[receipt.pk])).status_code == 200
    receipt.refresh_from_db()
    assert receipt.opened_at is None
    assert (
        client.post(reverse("exchange:receipt_acknowledge", args=[receipt.pk])).status_code == 403
    )


def test_the_practitioner_named_as_recipient_finds_it_in_their_inbox(
    client, health_case, health_practitioner, agency
):
    named = member(agency, Role.PRACTITIONER, user__first_name="Jo", user__last_name="Bloggs")
    colleague = member(agency, Role.PRACTITIONER)
    receipt = delivered(health_case, health_practitioner, agency, recipient_name="Jo Bloggs")
    assert receipt.recipient_user == named
    client.force_login(named)
    assert list(client.get(reverse("exchange:inbox")).context["receipts"]) == [receipt]
    client.force_login(colleague)
    assert list(client.get(reverse("exchange:inbox")).context["receipts"]) == []
    assert client.get(reverse("exchange:receipt_detail", args=[receipt.pk])).status_code == 404


def test_a_disclosure_not_yet_delivered_is_delivered_when_the_inbox_is_next_read(
    client, health_case, health_practitioner, agency, lead_officer
):
    """The catch-up: records loaded without the submission's signal reach the inbox."""
    with without_delivery():
        disclosure = share(health_case, health_practitioner, agency)
    assert not Receipt.objects.exists()
    client.force_login(lead_officer)
    client.get(reverse("exchange:inbox"))
    assert Receipt.objects.get().disclosure == disclosure


def test_a_disclosure_to_an_organisation_off_the_service_has_no_receipt(
    health_case, health_practitioner
):
    disclosure = share(health_case, health_practitioner, None)
    assert services.disclosure_deliver(disclosure=disclosure) is None


def test_sent_and_not_acknowledged_within_two_working_days_is_in_the_senders_queue(
    on, health_case, health_practitioner, health_lead, agency
):
    on(D(2027, 3, 25))  # Thursday before Easter
    delivered(health_case, health_practitioner, agency)
    on(D(2027, 3, 30))  # Tuesday: Good Friday and Easter Monday do not count; 1 day
    assert queues.sent_unacknowledged(health_lead).count == 0
    on(D(2027, 3, 31))  # 2 working days: still within
    assert queues.sent_unacknowledged(health_lead).count == 0
    on(D(2027, 4, 1))  # the third working day
    assert queues.sent_unacknowledged(health_lead).count == 1


# --- delivery at submission, and the sender's view of it ---------------------------------


def test_submitting_a_disclosure_puts_it_in_the_recipients_inbox_at_once_on_both_chains(
    health_case, health_practitioner, agency, health
):
    """SPEC 3, both ends on record: delivery happens in the submission's transaction,
    not when somebody next opens a page of the exchange."""
    disclosure = share(health_case, health_practitioner, agency)
    receipt = Receipt.objects.get(disclosure=disclosure)
    assert (receipt.agency, receipt.sender_agency) == (agency, health)
    sent = AuditEvent.objects.get(action="disclosure.sent")
    received = AuditEvent.objects.get(action="disclosure.received")
    assert (sent.chain, received.chain) == (f"agency:{health.pk}", f"agency:{agency.pk}")


def test_a_failed_delivery_rolls_the_submission_back(
    monkeypatch, health_case, health_practitioner, agency
):
    """One transaction: a record whose delivery could not be saved is not submitted."""
    from sharing.models import Decision

    def broken(**kwargs):
        raise RuntimeError("the inbox could not be written")

    monkeypatch.setattr(services.receipts, "disclosure_deliver", broken)
    with pytest.raises(RuntimeError):
        share(health_case, health_practitioner, agency)
    assert not Decision.objects.filter(status=Decision.Status.SUBMITTED).exists()
    assert not AuditEvent.objects.filter(action="decision.submitted").exists()


def test_the_sender_sees_each_receipt_state_with_its_time_on_the_decision_record(
    client, receipt, health_practitioner, lead_officer
):
    """SPEC 3: 'The sender sees each state with its time on the decision's record.'"""
    decision = receipt.disclosure.decision
    client.force_login(health_practitioner)
    page = client.get(reverse("sharing:decision_detail", args=[decision.pk])).content.decode()
    assert "Not yet acknowledged" in page
    services.receipt_open(actor=lead_officer, receipt=receipt)
    services.receipt_acknowledge(actor=lead_officer, receipt=receipt)
    page = client.get(reverse("sharing:decision_detail", args=[decision.pk])).content.decode()
    name = lead_officer.get_full_name()
    assert f"by {name}: they have it and will handle it under the limits stated" in page
    assert "Not yet acknowledged" not in page

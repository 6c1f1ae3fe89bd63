"""The home page's work queues: what each role finds waiting, each queue with its count,
its oldest items and a link to the whole list; a fixed number of queries per role."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from agencies.models import Role
from queues import registry
from records import emergency_services
from records import services as record_services
from review import escalations, services
from sharing.models import FollowUp
from tests.factories.agencies import member
from tests.factories.records import CaseFactory, allocate
from tests.factories.sharing import consent_given, submitted_decision

pytestmark = pytest.mark.django_db

FLAG = {
    "code": "no_legal_basis",
    "message": "Identifiable information is shared with no legal basis recorded.",
}


def _queues(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return {queue.key: queue for queue in response.context["queues"]}, response.content.decode()


@pytest.fixture
def desk(
    agency, other_agency, practitioner, lead_officer, other_agency_lead_officer, allocated_case
):
    """One of everything a lead officer's queues hold."""
    waited = timezone.now() - datetime.timedelta(days=3)
    flagged = submitted_decision(
        allocated_case,
        practitioner,
        needs_review=True,
        flags=[FLAG],
        submitted_at=waited,
        outcome="share",
        recipient_agency=other_agency,
    )
    to_return = submitted_decision(allocated_case, practitioner, needs_review=True, flags=[FLAG])
    services.review_return(actor=lead_officer, decision=to_return, version=0, comments="Fix")
    submitted_decision(allocated_case, practitioner)  # not flagged: in no queue
    to_escalate = submitted_decision(allocated_case, practitioner, needs_review=True, flags=[FLAG])
    escalations.review_escalate(
        actor=lead_officer,
        decision=to_escalate,
        version=0,
        to_agency=other_agency,
        summary="s",
        reasons="r",
    )
    theirs = submitted_decision(
        CaseFactory(agency=other_agency), member(other_agency), needs_review=True
    )
    escalations.review_escalate(
        actor=other_agency_lead_officer,
        decision=theirs,
        version=0,
        to_agency=agency,
        summary="s",
        reasons="r",
    )
    FollowUp.objects.create(
        decision=flagged,
        kind=FollowUp.Kind.CONFIRM_IN_WRITING,
        due_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    consent = consent_given(allocated_case, agencies=[agency], recorded_by=practitioner)
    consent.review_on = timezone.localdate() + datetime.timedelta(days=3)
    consent.save()
    consent_given(allocated_case, agencies=[agency], recorded_by=practitioner)  # no review date
    colleague = member(agency, Role.PRACTITIONER)
    emergency_services.emergency_access_grant(
        actor=colleague, case=CaseFactory(agency=agency), reason="covering", details="Duty"
    )
    return {"flagged": flagged, "returned": to_return}


def test_the_lead_officers_queues(client, lead_officer, desk, other_agency):
    queues, body = _queues(client, lead_officer)
    counts = {key: queue.count for key, queue in queues.items()}
    assert counts == {
        "drafts": 0,
        "awaiting_review": 1,
        "returned": 1,
        "escalations_received": 1,
        "escalations_sent": 1,
        "follow_ups": 1,
        "consents_due": 1,
        "emergency_review": 1,
        # The exchange's queues (exchange/home.py), empty here.
        "exchange_requests_due": 0,
        "exchange_received_unacknowledged": 0,
        "exchange_sent_unacknowledged": 0,
        "exchange_corrections_untold": 0,
        "exchange_onward_awaiting": 0,
    }
    awaiting = queues["awaiting_review"].items[0]
    assert awaiting.url == reverse("sharing:decision_detail", args=[desk["flagged"].pk])
    assert f"share with {other_agency.name}" in awaiting.text
    assert FLAG["message"] in awaiting.details  # why it was flagged, in words
    assert "Waiting 3\xa0days" in body  # how long it has waited
    assert queues["awaiting_review"].link.startswith(reverse("sharing:review") + "?review=awaiting")
    assert queues["follow_ups"].items[0].overdue


def test_each_queue_links_to_the_same_decisions_in_the_log(client, lead_officer, desk):
    queues, _ = _queues(client, lead_officer)
    for key in ("awaiting_review", "returned"):
        log = client.get(queues[key].link)
        assert log.context["counts"]["total"] == queues[key].count, key


def test_the_practitioners_queues(client, practitioner, desk, allocated_case):
    submitted_decision(allocated_case, practitioner, status="draft", submitted_at=None)
    queues, _ = _queues(client, practitioner)
    assert {key: queue.count for key, queue in queues.items()} == {
        "drafts": 1,
        "returned": 1,
        "follow_ups": 1,
        "consents_due": 1,
    }
    assert queues["returned"].title == "Returned to you with comments"
    assert queues["returned"].items[0].url == reverse(
        "sharing:decision_detail", args=[desk["returned"].pk]
    )


def test_the_auditors_home_shows_their_scope_and_latest_exports(client, auditor, agency, case):
    record_services.record_export(actor=auditor, case=case, details={"format": "pdf"})
    queues, body = _queues(client, auditor)
    # Subject access requests (issue 13b): an auditor of their own agency handles them.
    assert list(queues) == ["audit_scope", "subject_access_due"]
    assert [item.text for item in queues["audit_scope"].items] == [agency.name]
    assert f"Disclosure history of case {case.pk} as PDF" in body


def test_a_queue_in_full(client, lead_officer, desk):
    client.force_login(lead_officer)
    response = client.get(reverse("queue"), {"queue": "consents_due"})
    assert response.context["queue"].count == 1
    assert client.get(reverse("queue"), {"queue": "no_such_queue"}).status_code == 404


def test_an_app_adds_a_queue_without_changing_the_home_page(client, practitioner):
    def extra(user, limit):
        return registry.Queue(key="extra", title="Requests due soon", count=0, items=[], order=1)

    registry.register("extra", extra)
    try:
        queues, body = _queues(client, practitioner)
        assert "extra" in queues
        assert "Requests due soon" in body
    finally:
        registry._registry.pop("extra")


# Session, user, membership, the header's unread count, whether the person has a second
# factor (and, for those who must use one, the device their session was verified with),
# two per queue (count and items), and the session's save (three statements). Lead
# officers: eight queues, and the exchange's five (one query each while empty);
# practitioners: drafts, returns, follow-ups, consents, and their own emergency access (one
# query: shown only when there is one); auditors: their scope and their exports.
HOME_QUERIES = {
    # Issue 14a: leavers' drafts (one query while empty); and, for everyone but auditors,
    # whether the officer register names them as DPO (subject access requests due).
    # Issue 14b: agreements past their review date, for lead officers and administrators
    # (one query while empty).
    Role.LEAD_OFFICER: 33,
    Role.PRACTITIONER: 18,
    Role.AUDITOR: 13,  # subject access requests due (issue 13b): may handle, and the list
    Role.AGENCY_ADMIN: 11,
}


@pytest.mark.parametrize("role", list(HOME_QUERIES))
def test_the_home_page_reads_a_fixed_number_of_queries_for_each_role(
    client, agency, desk, role, django_assert_num_queries
):
    person = member(agency, role, audit_scope=[agency] if role == Role.AUDITOR else None)
    if role == Role.PRACTITIONER:
        for _ in range(8):  # more than the home page shows
            allocate(case := CaseFactory(agency=agency), person)
            submitted_decision(case, person, status="draft", submitted_at=None)
    client.force_login(person)
    with django_assert_num_queries(HOME_QUERIES[role]):
        assert client.get(reverse("home")).status_code == 200

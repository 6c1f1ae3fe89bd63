"""The guided decision through Django's test client: branching, saving, submitting, immutability."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from audit.models import AuditEvent
from sharing import selectors
from sharing.models import Decision, Disclosure, FollowUp
from tests.factories.sharing import (
    ABOUT_PROACTIVE,
    Q1_NO_PURPOSE,
    Q1_PURPOSE,
    Q2_ANONYMISED,
    Q2_IDENTIFIABLE,
    Q3_CONFIDENTIAL,
    Q3_WIDELY_KNOWN,
    Q4_REFUSED,
    Q5_NO_DUTY,
    Q5_S47,
    START_PROACTIVE,
    answer_question,
    consent_given,
    q4_obtained,
    q6,
    q7,
    q8,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def walk(client, allocated_case, practitioner):
    client.force_login(practitioner)

    def start(kind=START_PROACTIVE, about=ABOUT_PROACTIVE) -> Decision:
        response = client.post(reverse("sharing:decision_new", args=[allocated_case.pk]), kind)
        assert response.status_code == 302, response.context["form"].errors
        decision = Decision.objects.latest("id")
        response = client.post(reverse("sharing:about", args=[decision.pk]), about)
        assert response.status_code == 302, response.context["form"].errors
        assert response["Location"] == reverse("sharing:decision_detail", args=[decision.pk])
        return decision

    def answer(decision: Decision, number: int, data: dict) -> str:
        return answer_question(client, decision, number, data)

    def submit(decision: Decision) -> Decision:
        response = client.post(reverse("sharing:check", args=[decision.pk]))
        assert response.status_code == 302, response.context.get("error")
        assert response["Location"] == reverse("sharing:confirmation", args=[decision.pk])
        return Decision.objects.get(pk=decision.pk)

    start.answer, start.submit = answer, submit
    return start


def _next(location: str) -> str:
    """The question a page sent the user to ("7"), or "check"."""
    parts = location.rstrip("/").split("/")
    return parts[parts.index("questions") + 1] if "questions" in parts else parts[-1]


def test_anonymised_information_goes_straight_to_how_it_is_shared(walk, other_agency):
    decision = walk()
    assert _next(walk.answer(decision, 1, Q1_PURPOSE)) == "2"
    assert _next(walk.answer(decision, 2, Q2_ANONYMISED)) == "7"
    assert _next(walk.answer(decision, 7, q7(other_agency.pk))) == "8"
    assert walk.answer(decision, 8, q8()).endswith("/check/")
    decision = walk.submit(decision)
    assert decision.recommendation == "may_share_anonymised"
    assert sorted(decision.answers) == ["q1", "q2", "q7", "q8", "start"]


def test_not_confidential_information_may_be_shared(walk, other_agency):
    # L 4.3.3: a teacher knows a parent misuses drugs, and it is widely known.
    decision = walk()
    walk.answer(decision, 1, Q1_PURPOSE)
    walk.answer(decision, 2, Q2_IDENTIFIABLE)
    assert _next(walk.answer(decision, 3, Q3_WIDELY_KNOWN)) == "7"
    walk.answer(decision, 7, q7(other_agency.pk))
    walk.answer(decision, 8, q8())
    assert walk.submit(decision).recommendation == "may_share"


def test_consent_obtained_in_writing_within_scope(walk, allocated_case, other_agency, practitioner):
    consent = consent_given(allocated_case, agencies=[other_agency], recorded_by=practitioner)
    decision = walk()
    walk.answer(decision, 1, Q1_PURPOSE)
    walk.answer(decision, 2, Q2_IDENTIFIABLE)
    walk.answer(decision, 3, Q3_CONFIDENTIAL)
    assert _next(walk.answer(decision, 4, q4_obtained(consent))) == "7"
    walk.answer(decision, 7, q7(other_agency.pk))
    walk.answer(decision, 8, q8())
    decision = walk.submit(decision)
    assert decision.recommendation == "share_with_consent"
    assert list(decision.consents.all()) == [consent]
    assert decision.answers["q4"] == {
        "consent_status": "obtained",
        "not_sought_reason": "",
        "consent_ids": [consent.pk],
        "pr_conflict": False,
    }


def test_police_request_under_section_47_must_be_shared(walk, other_agency):
    decision = walk(
        {"kind": "request_received"},
        {
            "requester_agency": other_agency.pk,
            "requester_name": "DC Smith",
            "received_on_0": "3",
            "received_on_1": "3",
            "received_on_2": "2026",
            "request_details": "Any concerns about the child",
        },
    )
    walk.answer(decision, 1, Q1_PURPOSE)
    walk.answer(decision, 2, Q2_IDENTIFIABLE)
    walk.answer(decision, 3, Q3_CONFIDENTIAL)
    not_sought = {"consent_position": "not_sought:prejudice_serious_crime"}
    assert _next(walk.answer(decision, 4, not_sought)) == "5"
    assert _next(walk.answer(decision, 5, Q5_S47)) == "7"
    walk.answer(decision, 7, q7(other_agency.pk))
    walk.answer(decision, 8, q8())
    decision = walk.submit(decision)
    assert decision.recommendation == "must_share"
    disclosure = Disclosure.objects.get(decision=decision)
    assert disclosure.requested == "Any concerns about the child"
    assert disclosure.recipient_agency == other_agency


def test_refused_consent_shared_in_the_public_interest(
    walk, allocated_case, other_agency, practitioner
):
    # L 4.4.5: parents of a baby failing to thrive refuse consent.
    refusal = consent_given(
        allocated_case, agencies=[], recorded_by=practitioner, outcome="refused"
    )
    decision = walk()
    walk.answer(decision, 1, Q1_PURPOSE)
    walk.answer(decision, 2, Q2_IDENTIFIABLE)
    walk.answer(decision, 3, Q3_CONFIDENTIAL)
    refused = {**Q4_REFUSED, "refusal_ids": [str(refusal.pk)]}
    assert _next(walk.answer(decision, 4, refused)) == "5"
    assert _next(walk.answer(decision, 5, Q5_NO_DUTY)) == "6"
    assert _next(walk.answer(decision, 6, q6("justified"))) == "7"
    walk.answer(decision, 7, q7(other_agency.pk))
    walk.answer(decision, 8, q8())
    decision = walk.submit(decision)
    assert decision.recommendation == "share_in_public_interest"
    assert decision.outcome == "share"
    assert list(decision.consents.all()) == [refusal]


def test_not_sharing_despite_significant_harm_is_flagged_for_review(walk):
    decision = walk()
    walk.answer(decision, 1, Q1_PURPOSE)
    walk.answer(decision, 2, Q2_IDENTIFIABLE)
    walk.answer(decision, 3, Q3_CONFIDENTIAL)
    walk.answer(decision, 4, Q4_REFUSED)
    walk.answer(decision, 5, Q5_NO_DUTY)
    assert _next(walk.answer(decision, 6, q6("not_justified", risk="suffered_or_likely"))) == "8"
    walk.answer(decision, 8, q8("do_not_share", "Parent would disengage"))
    decision = walk.submit(decision)
    codes = {flag["code"] for flag in decision.flags}
    assert "not_sharing_despite_significant_harm" in codes
    assert decision.recommendation == "share_in_public_interest"  # B 1, B 6
    assert decision.needs_review
    assert not Disclosure.objects.filter(decision=decision).exists()


def test_choosing_to_share_against_the_guidance_asks_what_was_shared(client, walk, other_agency):
    decision = walk()
    assert _next(walk.answer(decision, 1, Q1_NO_PURPOSE)) == "8"
    # Deciding to share adds question 7 to the route: it must be answered before submitting.
    assert _next(walk.answer(decision, 8, q8("share"))) == "7"
    decision.refresh_from_db()
    assert selectors.draft_progress(decision.author, decision=decision).missing == [7]
    response = client.post(reverse("sharing:check", args=[decision.pk]))
    assert response.status_code == 200
    assert response.context["error"] == "Answer question 7 before submitting"
    walk.answer(decision, 7, q7(other_agency.pk))
    decision = walk.submit(decision)
    assert decision.recommendation == "do_not_share"
    assert "decision_departs_from_recommendation" in {flag["code"] for flag in decision.flags}


def test_stale_answers_from_an_abandoned_branch_are_not_submitted(walk, other_agency):
    decision = walk()
    walk.answer(decision, 1, Q1_PURPOSE)
    walk.answer(decision, 2, Q2_IDENTIFIABLE)
    walk.answer(decision, 3, Q3_CONFIDENTIAL)
    walk.answer(decision, 4, Q4_REFUSED)
    walk.answer(decision, 5, Q5_NO_DUTY)
    walk.answer(decision, 6, q6("justified"))
    # Back to question 2: the information turns out to be anonymised.
    walk.answer(decision, 2, Q2_ANONYMISED)
    decision.refresh_from_db()
    assert "q6" in decision.answers  # kept in the draft in case the branch changes back
    walk.answer(decision, 7, q7(other_agency.pk))
    walk.answer(decision, 8, q8())
    decision = walk.submit(decision)
    assert sorted(decision.answers) == ["q1", "q2", "q7", "q8", "start"]
    # Within a question, only the pages the answers need are kept.
    assert "identity_at_risk" not in decision.answers["q2"]


def test_every_saved_page_is_an_audit_event(walk):
    decision = walk()
    walk.answer(decision, 1, Q1_PURPOSE)
    events = AuditEvent.objects.filter(object_type="decision", object_id=str(decision.pk)).order_by(
        "id"
    )
    assert [e.action for e in events] == [
        "decision.started",
        "decision.start_saved",
        *["decision.answer_saved"] * 3,  # the purpose, the legal basis, functions
    ]
    assert events[2].payload["answers"]["purpose"] == Q1_PURPOSE["purpose"]
    pages = [e.payload["page"] for e in events[2:]]
    assert pages == ["", "legal-basis", "functions"]


def test_submission_records_disclosure_follow_ups_and_audit_events_together(walk, other_agency):
    decision = walk()
    walk.answer(decision, 1, Q1_PURPOSE)
    walk.answer(decision, 2, Q2_ANONYMISED)
    walk.answer(decision, 7, q7(other_agency.pk, method="telephone", written_confirmation="yes"))
    walk.answer(decision, 8, q8())
    decision = walk.submit(decision)
    submitted = AuditEvent.objects.get(action="decision.submitted", object_id=str(decision.pk))
    assert submitted.payload["recommendation"] == "may_share_anonymised"
    assert AuditEvent.objects.filter(action="disclosure.recorded").exists()
    # Verbal sharing is confirmed in writing (P 4); the person is told, as recorded.
    kinds = set(FollowUp.objects.filter(decision=decision).values_list("kind", flat=True))
    assert kinds == {"confirm_in_writing", "tell_person"}
    assert AuditEvent.objects.filter(action="follow_up.created").count() == 2


def test_raw_sql_cannot_change_a_submitted_decision(walk, other_agency):
    decision = walk()
    walk.answer(decision, 1, Q1_PURPOSE)
    walk.answer(decision, 2, Q2_ANONYMISED)
    walk.answer(decision, 7, q7(other_agency.pk))
    walk.answer(decision, 8, q8())
    decision = walk.submit(decision)
    with pytest.raises(DatabaseError, match="submitted decision is final"), transaction.atomic():
        connection.cursor().execute(
            "UPDATE sharing_decision SET outcome = 'do_not_share' WHERE id = %s", [decision.pk]
        )
    with pytest.raises(DatabaseError, match="submitted decision is final"), transaction.atomic():
        connection.cursor().execute("DELETE FROM sharing_decision WHERE id = %s", [decision.pk])
    assert Decision.objects.get(pk=decision.pk).outcome == "share"


def test_a_submitted_decision_cannot_be_answered_again(client, walk):
    decision = walk()
    walk.answer(decision, 1, Q1_NO_PURPOSE)
    walk.answer(decision, 8, q8("do_not_share", "No legitimate purpose"))
    decision = walk.submit(decision)
    response = client.post(reverse("sharing:question", args=[decision.pk, 1]), Q1_PURPOSE)
    assert response["Location"] == reverse("sharing:decision_detail", args=[decision.pk])
    assert Decision.objects.get(pk=decision.pk).answers == decision.answers


def test_amendment_is_a_new_draft_linked_with_a_reason_that_opens_on_its_task_list(client, walk):
    decision = walk()
    walk.answer(decision, 1, Q1_NO_PURPOSE)
    walk.answer(decision, 8, q8("do_not_share", "No legitimate purpose"))
    decision = walk.submit(decision)
    response = client.post(reverse("sharing:amend", args=[decision.pk]), {"reason": ""})
    assert response.context["form"].errors["reason"] == ["Enter the reason for the amendment"]
    response = client.post(
        reverse("sharing:amend", args=[decision.pk]), {"reason": "Wrong purpose recorded"}
    )
    amendment = Decision.objects.get(amends=decision)
    assert response["Location"] == reverse("sharing:decision_detail", args=[amendment.pk])
    assert amendment.is_draft
    assert amendment.amendment_reason == "Wrong purpose recorded"
    assert AuditEvent.objects.filter(action="decision.amendment_started").exists()


def test_practitioner_cannot_see_a_colleagues_decision(client, walk, agency):
    from agencies.models import Role
    from tests.factories.agencies import member

    decision = walk()
    colleague = member(agency, Role.PRACTITIONER)
    client.force_login(colleague)
    assert client.get(reverse("sharing:decision_detail", args=[decision.pk])).status_code == 404


def test_every_page_of_a_full_walk_renders(
    client, walk, allocated_case, other_agency, practitioner
):
    consent_given(allocated_case, agencies=[other_agency], recorded_by=practitioner)
    assert client.get(reverse("sharing:decision_new", args=[allocated_case.pk])).status_code == 200
    decision = walk()
    assert client.get(reverse("sharing:about", args=[decision.pk])).status_code == 200
    steps = [
        (1, Q1_PURPOSE),
        (2, Q2_IDENTIFIABLE),
        (3, Q3_CONFIDENTIAL),
        (4, Q4_REFUSED),
        (5, Q5_NO_DUTY),
        (6, q6()),
        (7, q7(other_agency.pk)),
        (8, q8()),
    ]
    for number, data in steps:
        page = client.get(reverse("sharing:question", args=[decision.pk, number]))
        assert page.status_code == 200
        assert f"Question {number} of 8" in page.content.decode()
        walk.answer(decision, number, data)
    check = client.get(reverse("sharing:check", args=[decision.pk]))
    assert check.status_code == 200
    assert "Check your answers" in check.content.decode()
    decision = walk.submit(decision)
    confirmation = client.get(reverse("sharing:confirmation", args=[decision.pk]))
    assert "Decision recorded" in confirmation.content.decode()
    detail = client.get(reverse("sharing:decision_detail", args=[decision.pk]))
    body = detail.content.decode()
    assert "Share the information" in body
    assert "Weight has fallen below the 2nd centile (fact)" in body
    assert client.get(reverse("records:case_detail", args=[allocated_case.pk])).status_code == 200
    assert client.get(reverse("sharing:amend", args=[decision.pk])).status_code == 200


def test_a_decision_belongs_to_its_case_agency_and_the_database_refuses_another(
    walk, case, other_agency
):
    """ADR 0037: the decision log scopes by the decision's own agency column, so the database
    sets it from the case on insert and refuses any other agency."""
    decision = walk()
    assert Decision.objects.get(pk=decision.pk).agency_id == case.agency_id
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO sharing_decision (case_id, author_id, kind, status, answers, typed,"
            " created_at, updated_at, recommendation, guidance_reasons, flags, needs_review,"
            " outcome, consent_status, legal_bases, amendment_reason)"
            " SELECT case_id, author_id, kind, 'draft', '{}', '{}', now(), now(), '', '[]',"
            " '[]', false, '', '', '{}', '' FROM sharing_decision WHERE id = %s"
            " RETURNING agency_id",
            [decision.pk],
        )
        assert cursor.fetchone()[0] == case.agency_id
    with (
        pytest.raises(DatabaseError, match="belongs to its case's agency"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE sharing_decision SET agency_id = %s WHERE id = %s",
            [other_agency.pk, decision.pk],
        )

"""A decision's question 1 offers the clauses of agreements that cover both agencies, the
decision records the clause relied on, and the engine flags relying on none (issue 14)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from agencies.models import Role
from sharing import guidance, selectors
from sharing.models import Decision
from sharing.sources import spell
from tests.factories.agencies import AgencyFactory, member
from tests.factories.agreements import agreement_signed_by
from tests.factories.sharing import (
    ABOUT_PROACTIVE,
    Q1_PURPOSE,
    Q2_ANONYMISED,
    START_PROACTIVE,
    answer_question,
    q7,
    q8,
)

pytestmark = pytest.mark.django_db

WORDS = (
    "Northshire multi-agency information sharing protocol v4.0, clause 3: "
    "Protecting a child from significant harm"
)


def _start(client, case, kind=START_PROACTIVE, about=ABOUT_PROACTIVE) -> Decision:
    client.post(reverse("sharing:decision_new", args=[case.pk]), kind)
    decision = Decision.objects.latest("id")
    client.post(reverse("sharing:about", args=[decision.pk]), about)
    return decision


def _request_from(agency) -> dict[str, object]:
    return {
        "requester_agency": agency.pk,
        "requester_name": "DC Smith",
        "received_on_0": "3",
        "received_on_1": "3",
        "received_on_2": "2026",
        "request_details": "Any concerns about the child",
    }


def _offered(decision: Decision) -> list[int]:
    decision.refresh_from_db()
    return selectors.agreement_facts(decision, decision.answers)["offered"]


def test_agreement_clauses_are_offered_only_when_both_agencies_signed_and_are_covered(
    client, agency, other_agency, allocated_case, practitioner
):
    both = agreement_signed_by(agency, other_agency)
    third = agreement_signed_by(agency, AgencyFactory(), title="Another agreement")
    not_signed = agreement_signed_by(
        agency, AgencyFactory(), covers=[agency, other_agency], title="Unsigned by them"
    )
    client.force_login(practitioner)
    decision = _start(
        client, allocated_case, {"kind": "request_received"}, _request_from(other_agency)
    )
    assert _offered(decision) == [both.pk]
    answer_question(client, decision, 1, {**Q1_PURPOSE, "agreement_clause_id": str(both.pk)})
    page = client.get(reverse("sharing:question_page", args=[decision.pk, 1, "agreement"]))
    assert WORDS in page.content.decode()
    assert "Another agreement" not in page.content.decode()
    assert third.pk not in _offered(decision)
    assert not_signed.pk not in _offered(decision)


def test_no_agreement_page_is_asked_when_no_clause_covers_the_agency(
    client, agency, other_agency, allocated_case, practitioner
):
    agreement_signed_by(other_agency, AgencyFactory())
    client.force_login(practitioner)
    decision = _start(client, allocated_case)
    answer_question(client, decision, 1, Q1_PURPOSE)
    decision.refresh_from_db()
    assert "agreement_clause_id" not in decision.answers["q1"]


def test_the_clause_relied_on_is_recorded_and_shown_in_words_on_the_record_and_the_log(
    client, agency, other_agency, allocated_case, practitioner
):
    clause = agreement_signed_by(agency, other_agency)
    client.force_login(practitioner)
    decision = _start(client, allocated_case)
    answer_question(client, decision, 1, {**Q1_PURPOSE, "agreement_clause_id": str(clause.pk)})
    answer_question(client, decision, 2, Q2_ANONYMISED)
    answer_question(client, decision, 7, q7(other_agency.pk))
    answer_question(client, decision, 8, q8())
    assert client.post(reverse("sharing:check", args=[decision.pk])).status_code == 302
    decision.refresh_from_db()
    assert decision.agreement_clause == clause
    assert "no_agreement_relied_on_where_one_covers_both" not in [f["code"] for f in decision.flags]
    record = client.get(reverse("sharing:decision_detail", args=[decision.pk])).content.decode()
    assert "Information-sharing agreement relied on" in record
    assert WORDS in record
    client.force_login(member(agency, Role.LEAD_OFFICER))
    csv = b"".join(client.get(reverse("sharing:review") + "?format=csv").streaming_content)
    assert WORDS in csv.decode()


def test_an_unknown_clause_is_refused_beside_the_field_and_the_page_keeps_the_rest(
    client, agency, other_agency, allocated_case, practitioner
):
    agreement_signed_by(agency, other_agency)
    client.force_login(practitioner)
    decision = _start(client, allocated_case)
    answer_question(client, decision, 1, {**Q1_PURPOSE, "agreement_clause_id": "none"})
    url = reverse("sharing:question_page", args=[decision.pk, 1, "agreement"])
    response = client.post(url, {"agreement_clause_id": "999999"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Select one of the clauses listed, or that none of them applies" in page
    assert "govuk-error-summary" in page


def test_relying_on_no_agreement_where_one_covers_both_is_a_weak_record_citing_its_sources(
    client, agency, other_agency, allocated_case, practitioner
):
    agreement_signed_by(agency, other_agency)
    client.force_login(practitioner)
    decision = _start(client, allocated_case)
    answer_question(client, decision, 1, {**Q1_PURPOSE, "agreement_clause_id": "none"})
    answer_question(client, decision, 2, Q2_ANONYMISED)
    answer_question(client, decision, 7, q7(other_agency.pk))
    answer_question(client, decision, 8, q8())
    client.post(reverse("sharing:check", args=[decision.pk]))
    decision.refresh_from_db()
    assert decision.agreement_clause is None
    flag = next(
        f for f in decision.flags if f["code"] == "no_agreement_relied_on_where_one_covers_both"
    )
    assert flag["severity"] == "weak_record"
    assert spell(flag["source"]) == (
        "Oxfordshire Information Sharing Protocol, the scope of the protocol; Bromley Multi "
        "Agency Children's Safeguarding Information Sharing Protocol, section 12"
    )


def test_no_agreement_rule_is_silent_when_no_agreement_covers_both():
    answers = {
        "kind": "proactive",
        "q1": {"has_purpose": True, "agreement_clause_id": None},
        "agreements": {"recipient_known": True, "offered": [], "covering": []},
    }
    codes = [f.code for f in guidance.evaluate(answers).flags]
    assert "no_agreement_relied_on_where_one_covers_both" not in codes


def test_a_clause_that_does_not_cover_the_recipient_is_a_weak_record(
    client, agency, other_agency, allocated_case, practitioner
):
    clause = agreement_signed_by(agency, AgencyFactory())
    client.force_login(practitioner)
    decision = _start(client, allocated_case)
    answer_question(client, decision, 1, {**Q1_PURPOSE, "agreement_clause_id": str(clause.pk)})
    answer_question(client, decision, 2, Q2_ANONYMISED)
    answer_question(client, decision, 7, q7(other_agency.pk))
    answer_question(client, decision, 8, q8())
    client.post(reverse("sharing:check", args=[decision.pk]))
    decision.refresh_from_db()
    assert decision.agreement_clause is None
    assert "agreement_clause_does_not_cover_recipient" in [f["code"] for f in decision.flags]


def test_the_history_page_and_its_csv_show_the_clause_relied_on_in_words(
    client, agency, other_agency, allocated_case, practitioner
):
    clause = agreement_signed_by(agency, other_agency)
    client.force_login(practitioner)
    decision = _start(client, allocated_case)
    answer_question(client, decision, 1, {**Q1_PURPOSE, "agreement_clause_id": str(clause.pk)})
    answer_question(client, decision, 2, Q2_ANONYMISED)
    answer_question(client, decision, 7, q7(other_agency.pk))
    answer_question(client, decision, 8, q8())
    client.post(reverse("sharing:check", args=[decision.pk]))
    client.force_login(member(agency, Role.LEAD_OFFICER))
    url = reverse("records:case_history", args=[allocated_case.pk])
    page = client.get(url).content.decode()
    assert WORDS in page
    response = client.get(url, {"format": "csv"})
    body = response.content if not response.streaming else b"".join(response.streaming_content)
    assert WORDS in body.decode("utf-8-sig")


def test_the_agreement_page_sent_empty_says_what_is_missing_beside_the_field(
    client, agency, other_agency, allocated_case, practitioner
):
    """Nothing typed is lost and bad input is told (house rule): the page asks for a clause
    or "none", and sent with neither it says so in the summary and beside the field."""
    agreement_signed_by(agency, other_agency)
    client.force_login(practitioner)
    decision = _start(client, allocated_case)
    answer_question(client, decision, 1, {**Q1_PURPOSE, "agreement_clause_id": "none"})
    url = reverse("sharing:question_page", args=[decision.pk, 1, "agreement"])
    response = client.post(url, {})
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert page.count("Select the clause you rely on, or that none of them applies") >= 2

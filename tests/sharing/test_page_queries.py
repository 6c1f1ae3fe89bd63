"""The question, check-answers and record pages read a fixed number of queries: the
draft's progress is worked out once per request (sharing.selectors.draft_progress), and
nothing is read once per answer or once per consent record."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sharing.models import Decision
from tests.factories.sharing import (
    Q1_PURPOSE,
    Q2_IDENTIFIABLE,
    Q3_CONFIDENTIAL,
    Q5_NO_DUTY,
    START_PROACTIVE,
    consent_given,
    q6,
    q7,
    q8,
)

pytestmark = pytest.mark.django_db

Q4_NOT_SOUGHT = {"consent_status": "not_sought", "not_sought_reason": "child_at_increased_risk"}
# Session, user, membership, the decision, the agencies, the case's consents and the
# agencies each consent covers (one query for all of them), and the header's count of
# unread notifications; on a POST, the lock, the save and its audit event too. Q4 also
# lists the consents given and refused. Every signed-in request also asks once whether the
# person has a second factor (accounts.selectors).
GET_QUERIES = {1: 12, 2: 12, 3: 12, 4: 16, 5: 12, 6: 12, 7: 12, 8: 12}
POST_QUERIES = 18
CHECK_QUERIES = 11


@pytest.fixture
def draft(client, allocated_case, practitioner, other_agency):
    """A complete draft through every question, on a case with three consent records."""
    for _ in range(3):
        consent_given(allocated_case, agencies=[other_agency], recorded_by=practitioner)
    client.force_login(practitioner)
    client.post(reverse("sharing:decision_new", args=[allocated_case.pk]), START_PROACTIVE)
    decision = Decision.objects.latest("id")
    pages = {
        1: Q1_PURPOSE,
        2: Q2_IDENTIFIABLE,
        3: Q3_CONFIDENTIAL,
        4: Q4_NOT_SOUGHT,
        5: Q5_NO_DUTY,
        6: q6(),
        7: q7(other_agency.pk),
        8: q8(),
    }
    return decision, pages


@pytest.mark.parametrize("number", range(1, 9))
def test_a_question_page_reads_a_fixed_number_of_queries(
    client, draft, number, django_assert_num_queries
):
    decision, pages = draft
    for earlier in range(1, number):
        client.post(reverse("sharing:question", args=[decision.pk, earlier]), pages[earlier])
    url = reverse("sharing:question", args=[decision.pk, number])
    with django_assert_num_queries(GET_QUERIES[number]):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(POST_QUERIES):
        assert client.post(url, pages[number]).status_code == 302


def test_check_answers_reads_a_fixed_number_of_queries(client, draft, django_assert_num_queries):
    decision, pages = draft
    for number, data in pages.items():
        client.post(reverse("sharing:question", args=[decision.pk, number]), data)
    with django_assert_num_queries(CHECK_QUERIES):
        response = client.get(reverse("sharing:check", args=[decision.pk]))
    assert response.status_code == 200
    assert not response.context["missing"]

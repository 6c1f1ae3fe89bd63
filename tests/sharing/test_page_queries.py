"""The task list, every question page, check answers, the confirmation and the record read a
fixed number of queries: the draft's progress is worked out once per request
(sharing.selectors.draft_progress), and nothing is read once per answer, per page or per
consent record."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sharing import journey, selectors
from sharing.models import Decision
from sharing.presenters import page_url
from tests.factories.sharing import (
    ABOUT_PROACTIVE,
    Q1_PURPOSE,
    Q2_IDENTIFIABLE,
    Q3_CONFIDENTIAL,
    Q4_NOT_SOUGHT,
    Q5_NO_DUTY,
    START_PROACTIVE,
    answer_question,
    consent_given,
    q6,
    q7,
    q8,
)

pytestmark = pytest.mark.django_db

# Every question page, GET: the session, the user, their membership, whether they have a
# second factor (accounts: its two kinds of device), the decision (with its case and
# agency), the case's consents and the agencies each covers (one query for all of them), the
# agencies one may share with, the header's count of unread notifications, and the session's
# save (three, with its savepoint), and the agreement clauses that cover the agency (one,
# issue 14: what question 1 offers and the engine reads). POST: the same reads but the
# unread count (a redirect has no header), then the lock, the permission checks (two),
# the save and the answer's audit event (one round trip), in a savepoint. The same on every page.
PAGE_GET = 13
PAGE_POST = 20  # the clauses read again for the saved draft (issue 14)
# Each of these also reads the agreement clauses (one, issue 14). The task list and the
# record also log the view (an audit event, in a savepoint); the
# task list also asks whether the draft reconsiders a decision not to share (review).
TASK_LIST = 19
CHECK = 13
CONFIRMATION = 10
# The record also reads its follow-ups, its disclosure, its amendments, the permission to
# amend (two), and its review: state, history, reconsiderations, the amendment answering a
# return, and who may review it; and, when it shared with an agency on the service, what
# became of it there (the receipt, with who opened and acknowledged it: one query).
RECORD = 28

TEACHER = {
    1: Q1_PURPOSE,
    2: Q2_IDENTIFIABLE,
    3: Q3_CONFIDENTIAL,
    4: Q4_NOT_SOUGHT,
    5: Q5_NO_DUTY,
    6: q6(),
    8: q8(),
}


@pytest.fixture
def draft(client, allocated_case, practitioner, other_agency):
    """A draft on a case with three consent records; answers for the whole route."""
    for _ in range(3):
        consent_given(allocated_case, agencies=[other_agency], recorded_by=practitioner)
    client.force_login(practitioner)
    client.post(reverse("sharing:decision_new", args=[allocated_case.pk]), START_PROACTIVE)
    decision = Decision.objects.latest("id")
    client.post(reverse("sharing:about", args=[decision.pk]), ABOUT_PROACTIVE)
    return decision, {**TEACHER, 7: q7(other_agency.pk)}


def every_page(client, decision, pages):
    """Walk the route page by page, yielding each page before it is answered."""
    for number in range(1, 9):
        while True:
            decision.refresh_from_db()
            progress = selectors.draft_progress(decision.author, decision=decision)
            todo = [s for s in progress.sequence if s.question == number]
            todo = [s for s in todo if s in progress.state(number).todo]
            if not todo:
                break
            spec = todo[0]
            seen = journey.version(spec, progress.engine_input, decision.typed)
            yield spec, page_url(decision.pk, spec), {**pages[number], "seen": seen}


def test_every_question_page_reads_a_fixed_number_of_queries(
    client, draft, django_assert_num_queries
):
    decision, pages = draft
    measured = []
    for spec, url, data in every_page(client, decision, pages):
        with django_assert_num_queries(PAGE_GET):
            assert client.get(url).status_code == 200, spec.ref
        with django_assert_num_queries(PAGE_POST):
            assert client.post(url, data).status_code == 302, spec.ref
        measured.append(spec.ref)
    # Consent not sought, no duty, the public interest, nothing sensitive: 21 pages.
    assert len(measured) == 21, measured


def test_the_task_list_reads_a_fixed_number_of_queries(client, draft, django_assert_num_queries):
    decision, pages = draft
    url = reverse("sharing:decision_detail", args=[decision.pk])
    with django_assert_num_queries(TASK_LIST):
        assert client.get(url).status_code == 200
    for number in (1, 2, 3):
        answer_question(client, decision, number, pages[number])
    with django_assert_num_queries(TASK_LIST):
        assert client.get(url).status_code == 200


def test_check_confirmation_and_record_read_a_fixed_number_of_queries(
    client, draft, django_assert_num_queries
):
    decision, pages = draft
    for number, data in pages.items():
        answer_question(client, decision, number, data)
    with django_assert_num_queries(CHECK):
        response = client.get(reverse("sharing:check", args=[decision.pk]))
    assert response.status_code == 200
    assert response.context["complete"]
    client.post(reverse("sharing:check", args=[decision.pk]))
    with django_assert_num_queries(CONFIRMATION):
        assert client.get(reverse("sharing:confirmation", args=[decision.pk])).status_code == 200
    with django_assert_num_queries(RECORD):
        assert client.get(reverse("sharing:decision_detail", args=[decision.pk])).status_code == 200

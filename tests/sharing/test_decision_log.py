"""The lead officer's and auditor's decision log: scope, filters as removable tags, sorting,
keyset pagination, counts, and CSV in words with the codes beside them."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from agencies.models import Role
from audit.models import AuditEvent
from sharing.models import FollowUp
from tests.factories.agencies import member
from tests.factories.records import CaseFactory
from tests.factories.sharing import submitted_decision

pytestmark = pytest.mark.django_db

FLAG = {
    "code": "not_sharing_despite_significant_harm",
    "message": "Not sharing, although the risk recorded is significant harm.",
    "source": "B 1",
    "severity": "review",
}


@pytest.fixture
def log_data(agency, other_agency, practitioner, lead_officer):
    case = CaseFactory(agency=agency, child_name="Amelia Clarke", reference="CSC-1")
    flagged = submitted_decision(
        case,
        practitioner,
        outcome="do_not_share",
        needs_review=True,
        flags=[FLAG],
        legal_bases=["ca1989_s47"],
        consent_status="refused",
    )
    shared = submitted_decision(
        case, practitioner, recipient_agency=other_agency, legal_bases=["ca1989_s17"]
    )
    draft = submitted_decision(case, practitioner, status="draft", submitted_at=None, outcome="")
    theirs = submitted_decision(CaseFactory(agency=other_agency), member(other_agency))
    return {"flagged": flagged, "shared": shared, "draft": draft, "theirs": theirs}


def _ids(response):
    return {d.pk for d in response.context["page"].rows}


def _order(response):
    return [d.pk for d in response.context["page"].rows]


def test_lead_officer_sees_their_agencys_submitted_decisions(client, lead_officer, log_data):
    client.force_login(lead_officer)
    response = client.get(reverse("sharing:review"))
    assert _ids(response) == {log_data["flagged"].pk, log_data["shared"].pk}
    assert response.context["counts"] == {"total": 2, "flagged": 1, "shared": 1, "not_shared": 1}


def test_each_row_names_the_child_and_links_in_words(client, lead_officer, log_data, other_agency):
    client.force_login(lead_officer)
    body = client.get(reverse("sharing:review")).content.decode()
    shared = log_data["shared"]
    assert "Amelia Clarke" in body
    assert "CSC-1" in body
    assert f"Decision {shared.pk}: share with {other_agency.name}, " in body
    assert f"Decision {log_data['flagged'].pk}: do not share, " in body
    assert FLAG["message"] in body  # the flag's reason in words, not its code
    assert FLAG["code"] not in body


def test_auditor_sees_the_agencies_in_scope(client, auditor, other_agency, log_data):
    client.force_login(auditor)
    assert _ids(client.get(reverse("sharing:review"))) == {
        log_data["flagged"].pk,
        log_data["shared"].pk,
    }
    wide = member(other_agency, Role.AUDITOR, audit_scope=[other_agency])
    client.force_login(wide)
    assert _ids(client.get(reverse("sharing:review"))) == {log_data["theirs"].pk}


def test_practitioner_has_no_decision_log(client, practitioner):
    client.force_login(practitioner)
    assert client.get(reverse("sharing:review")).status_code == 403


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"flagged": "yes"}, {"flagged"}),
        ({"flagged": "no"}, {"shared"}),
        ({"outcome": "share"}, {"shared"}),
        ({"legal_basis": "ca1989_s47"}, {"flagged"}),
        ({"consent_status": "refused"}, {"flagged"}),
        ({"status": "draft"}, {"draft"}),
        ({"status": "all"}, {"flagged", "shared", "draft"}),
        ({"review": "awaiting"}, {"flagged"}),
        ({"review": "countersigned"}, set()),
    ],
)
def test_filters(client, lead_officer, log_data, query, expected):
    client.force_login(lead_officer)
    response = client.get(reverse("sharing:review"), query)
    assert _ids(response) == {log_data[name].pk for name in expected}


def test_filter_by_recipient_agency(client, lead_officer, other_agency, log_data):
    client.force_login(lead_officer)
    response = client.get(
        reverse("sharing:review"), {"recipient_agency": other_agency.pk, "status": "submitted"}
    )
    assert _ids(response) == {log_data["shared"].pk}


def test_outstanding_written_confirmation_filter(client, lead_officer, log_data):
    FollowUp.objects.create(
        decision=log_data["shared"],
        kind=FollowUp.Kind.CONFIRM_IN_WRITING,
        due_on=timezone.localdate(),
    )
    client.force_login(lead_officer)
    response = client.get(reverse("sharing:review"), {"follow_up": "outstanding"})
    assert _ids(response) == {log_data["shared"].pk}


def test_a_date_range_counts_whole_local_days(client, lead_officer, agency, practitioner):
    case = CaseFactory(agency=agency)
    at = timezone.make_aware(datetime.datetime(2026, 3, 4, 23, 30))
    inside = submitted_decision(case, practitioner, submitted_at=at)
    submitted_decision(case, practitioner, submitted_at=at + datetime.timedelta(hours=1))
    client.force_login(lead_officer)
    response = client.get(
        reverse("sharing:review"),
        {
            **{f"submitted_from_{i}": v for i, v in enumerate(("4", "3", "2026"))},
            **{f"submitted_to_{i}": v for i, v in enumerate(("4", "3", "2026"))},
        },
    )
    assert _ids(response) == {inside.pk}


def test_chosen_filters_are_tags_that_remove_themselves(client, lead_officer, log_data):
    client.force_login(lead_officer)
    response = client.get(
        reverse("sharing:review"), {"flagged": "yes", "outcome": "do_not_share", "sort": "child"}
    )
    tags = {tag.text: tag.remove_url for tag in response.context["tags"]}
    assert set(tags) == {"Flagged for review", "Do not share"}
    without_flags = client.get(reverse("sharing:review") + tags["Flagged for review"])
    assert [t.text for t in without_flags.context["tags"]] == ["Do not share"]
    assert "sort=child" in tags["Flagged for review"]  # the order is kept
    body = response.content.decode()
    assert "Clear filters" in body
    assert "Remove this filter" in body


def test_bad_filter_dates_are_explained_and_the_other_filters_still_apply(
    client, lead_officer, log_data
):
    client.force_login(lead_officer)
    response = client.get(
        reverse("sharing:review"),
        {
            "flagged": "yes",
            "submitted_from_0": "40",
            "submitted_from_1": "1",
            "submitted_from_2": "2026",
        },
    )
    assert response.status_code == 200
    assert "From date must be a real date" in response.content.decode()
    assert _ids(response) == {log_data["flagged"].pk}


@pytest.fixture
def many(agency, practitioner):
    """Seven decisions on three children, submitted a minute apart."""
    start = timezone.now() - datetime.timedelta(days=1)
    names = ["Zara Young", "Adam Baker", "Mia Jones"]
    cases = [CaseFactory(agency=agency, child_name=name) for name in names]
    return [
        submitted_decision(
            cases[n % 3],
            practitioner,
            submitted_at=start + datetime.timedelta(minutes=n),
            outcome=["share", "do_not_share", "share_part"][n % 3],
        )
        for n in range(7)
    ]


def test_the_log_is_newest_first_and_sorts_by_each_column(client, lead_officer, many):
    client.force_login(lead_officer)
    assert _order(client.get(reverse("sharing:review"))) == [d.pk for d in reversed(many)]
    by_child = _order(client.get(reverse("sharing:review"), {"sort": "child", "order": "asc"}))
    names = [next(d for d in many if d.pk == pk).case.child_name for pk in by_child]
    assert names == sorted(names)
    oldest_first = client.get(reverse("sharing:review"), {"sort": "submitted", "order": "asc"})
    assert _order(oldest_first) == [d.pk for d in many]
    by_outcome = _order(client.get(reverse("sharing:review"), {"sort": "outcome"}))
    outcomes = [next(d for d in many if d.pk == pk).outcome for pk in by_outcome]
    assert outcomes == sorted(outcomes)


@pytest.mark.parametrize("sort", ["submitted", "child", "reference", "outcome", "practitioner"])
@pytest.mark.parametrize("order", ["asc", "desc"])
def test_next_and_previous_pages_by_keyset_match_the_pages_by_number(
    client, lead_officer, many, sort, order, monkeypatch
):
    """Walking Next from page 1 and back with Previous gives exactly the pages OFFSET does."""
    monkeypatch.setattr("sharing.decision_log.paging.PAGE_SIZE", 3)
    client.force_login(lead_officer)
    url = reverse("sharing:review")
    by_number = [
        _order(client.get(url, {"sort": sort, "order": order, "page": n})) for n in (1, 2, 3)
    ]
    assert sum(len(p) for p in by_number) == 7
    walked, response = [], client.get(url, {"sort": sort, "order": order})
    walked.append(_order(response))
    for number in (2, 3):
        cursor = response.context["page"].next_cursor
        response = client.get(url, {"sort": sort, "order": order, "after": cursor, "page": number})
        walked.append(_order(response))
    assert walked == by_number
    assert not response.context["page"].has_next
    back = client.get(
        url,
        {
            "sort": sort,
            "order": order,
            "before": response.context["page"].previous_cursor,
            "page": 2,
        },
    )
    assert _order(back) == by_number[1]


def test_a_cursor_that_is_not_ours_shows_the_first_page(client, lead_officer, many):
    client.force_login(lead_officer)
    response = client.get(reverse("sharing:review"), {"after": "not-a-cursor", "page": "2"})
    assert response.status_code == 200
    assert _order(response) == [d.pk for d in reversed(many)]


def test_log_query_count_is_pinned(
    client, lead_officer, agency, practitioner, django_assert_num_queries
):
    """Session, user and membership; the counts and the page; the header's unread count; the
    practitioners, the agencies in scope and the agencies shared with, for the filters; and
    the session's save (three statements): whatever the number of decisions."""
    case = CaseFactory(agency=agency)
    for _ in range(60):
        submitted_decision(case, practitioner, needs_review=True, flags=[FLAG])
    client.force_login(lead_officer)
    with django_assert_num_queries(12):
        response = client.get(reverse("sharing:review"))
    assert len(response.context["page"].rows) == 50
    cursor = response.context["page"].next_cursor
    with django_assert_num_queries(12):
        deep = client.get(reverse("sharing:review"), {"after": cursor, "page": 2})
    assert len(deep.context["page"].rows) == 10


def test_csv_is_in_words_with_the_codes_beside_them_and_is_logged(
    client, lead_officer, log_data, practitioner
):
    client.force_login(lead_officer)
    response = client.get(reverse("sharing:review"), {"format": "csv"})
    assert response.streaming
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert {int(row["decision_id"]) for row in rows} == {
        log_data["flagged"].pk,
        log_data["shared"].pk,
    }
    flagged = next(row for row in rows if int(row["decision_id"]) == log_data["flagged"].pk)
    assert flagged["Decision outcome"] == "Do not share"
    assert flagged["Why it was flagged"] == FLAG["message"]
    assert flagged["Consent"] == "Consent was refused"
    assert flagged["Legal bases"].startswith("Children Act 1989, section 47")
    assert flagged["Child"] == "Amelia Clarke"
    assert flagged["Practitioner"] == practitioner.get_full_name()
    assert flagged["Practitioner's role"] == "Social worker"
    assert flagged["flags"] == FLAG["code"]
    assert flagged["outcome"] == "do_not_share"
    assert flagged["legal_bases"] == "ca1989_s47"
    assert all(practitioner.username not in row.values() for row in rows)  # names, not usernames
    assert AuditEvent.objects.filter(
        action="decision_log.exported", actor_id=lead_officer.pk
    ).exists()

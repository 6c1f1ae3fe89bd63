"""The lead officer's and auditor's decision log: scope, filters, counts and CSV."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from agencies.models import Role
from audit.models import AuditEvent
from tests.factories.agencies import member
from tests.factories.records import CaseFactory
from tests.factories.sharing import submitted_decision

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_data(agency, other_agency, practitioner, lead_officer):
    case = CaseFactory(agency=agency)
    flagged = submitted_decision(
        case,
        practitioner,
        outcome="do_not_share",
        needs_review=True,
        flags=[{"code": "not_sharing_despite_significant_harm"}],
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
    return {d.pk for d in response.context["page"].object_list}


def test_lead_officer_sees_their_agencys_submitted_decisions(client, lead_officer, log_data):
    client.force_login(lead_officer)
    response = client.get(reverse("sharing:review"))
    assert _ids(response) == {log_data["flagged"].pk, log_data["shared"].pk}
    assert response.context["counts"] == {"total": 2, "flagged": 1, "shared": 1, "not_shared": 1}


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


def test_bad_filter_dates_are_explained(client, lead_officer, log_data):
    client.force_login(lead_officer)
    response = client.get(
        reverse("sharing:review"),
        {"submitted_from_0": "40", "submitted_from_1": "1", "submitted_from_2": "2026"},
    )
    assert response.status_code == 200
    assert "From date must be a real date" in response.content.decode()


def test_log_query_count_is_pinned(
    client, lead_officer, agency, practitioner, django_assert_max_num_queries
):
    case = CaseFactory(agency=agency)
    for _ in range(60):
        submitted_decision(case, practitioner)
    client.force_login(lead_officer)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("sharing:review"))
    assert len(response.context["page"].object_list) == 50


def test_csv_streams_every_matching_decision_and_is_logged(client, lead_officer, log_data):
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
    assert flagged["flags"] == "not_sharing_despite_significant_harm"
    assert AuditEvent.objects.filter(
        action="decision_log.exported", actor_id=lead_officer.pk
    ).exists()

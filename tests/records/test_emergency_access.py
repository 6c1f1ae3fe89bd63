"""Emergency access (SPEC 6, the NHS Summary Care Record's model): justify, access for a
limited time, and the lead officer reviews every one. Never another agency's case."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from agencies import permissions
from agencies.models import Role
from audit.models import AuditEvent
from notifications.models import Kind, Notification
from records import emergency_services as services
from records.models import EmergencyAccess
from records.selectors import cases_visible_to
from tests.factories.agencies import member
from tests.factories.records import CaseFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
REASON = {"reason": "covering", "details": "On duty; the allocated worker is on leave"}


@pytest.fixture
def colleague(agency):
    """A practitioner of the agency the case is not allocated to."""
    return member(agency, Role.PRACTITIONER, user__username="colleague")


def test_a_practitioner_sees_the_case_for_eight_hours_then_no_longer(
    client, case, colleague, time_machine
):
    time_machine.move_to(NOW, tick=False)
    client.force_login(colleague)
    url = reverse("records:case_detail", args=[case.pk])
    assert client.get(url).status_code == 404
    response = client.post(reverse("records:emergency_access", args=[case.pk]), REASON)
    assert response["Location"] == url
    page = client.get(url)
    assert page.status_code == 200
    assert "You are seeing this case by emergency access" in page.content.decode()
    assert not permissions.may_record_on(colleague, case)  # read access only

    time_machine.move_to(NOW + datetime.timedelta(hours=7, minutes=59), tick=False)
    assert cases_visible_to(colleague).filter(pk=case.pk).exists()
    time_machine.move_to(NOW + datetime.timedelta(hours=8), tick=False)
    assert not cases_visible_to(colleague).filter(pk=case.pk).exists()
    client.force_login(colleague)  # the 30-minute session has long ended: sign in again
    assert client.get(url).status_code == 404


def test_the_grant_is_an_audit_event_with_its_reason(case, colleague, time_machine):
    time_machine.move_to(NOW, tick=False)
    access = services.emergency_access_grant(actor=colleague, case=case, **REASON)
    event = AuditEvent.objects.get(action="access.emergency_granted")
    assert event.case_id == case.pk
    assert event.actor_id == colleague.pk
    assert event.payload["reason"] == "covering"
    assert event.payload["details"] == REASON["details"]
    assert access.expires_at == NOW + datetime.timedelta(hours=8)


def test_another_agencys_case_is_refused_like_a_missing_page_and_logged(
    client, other_agency, other_agency_practitioner
):
    theirs = CaseFactory(agency=other_agency)
    outsider = member(CaseFactory().agency, Role.PRACTITIONER, user__username="outsider")
    client.force_login(outsider)
    url = reverse("records:emergency_access", args=[theirs.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, REASON).status_code == 404
    assert not EmergencyAccess.objects.exists()
    refused = AuditEvent.objects.filter(action="access.refused", actor_id=outsider.pk)
    assert refused.count() == 2
    assert {e.chain for e in refused} == {f"agency:{other_agency.pk}"}
    with pytest.raises(PermissionDenied):
        services.emergency_access_grant(actor=outsider, case=theirs, **REASON)


def test_a_grant_on_another_agencys_case_is_never_honoured(other_agency, practitioner):
    """Even a row written by hand: the scope joins the case's agency to the user's."""
    theirs = CaseFactory(agency=other_agency)
    EmergencyAccess.objects.create(
        case=theirs,
        user=practitioner,
        reason="other",
        details="x",
        granted_at=timezone.now(),
        expires_at=timezone.now() + datetime.timedelta(hours=8),
    )
    assert not cases_visible_to(practitioner).filter(pk=theirs.pk).exists()


def test_only_practitioners_ask_and_with_a_reason(case, colleague, auditor, agency_admin):
    for person in (auditor, agency_admin):
        with pytest.raises(PermissionDenied):
            services.emergency_access_grant(actor=person, case=case, **REASON)
    with pytest.raises(ValidationError) as raised:
        services.emergency_access_grant(actor=colleague, case=case, reason="", details=" ")
    assert set(raised.value.message_dict) == {"reason", "details"}


def test_a_missing_reason_is_explained_and_what_was_typed_is_kept(client, case, colleague):
    client.force_login(colleague)
    response = client.post(
        reverse("records:emergency_access", args=[case.pk]), {"details": "Urgent call"}
    )
    body = response.content.decode()
    assert "Select why you need to see this case now" in body
    assert "Urgent call" in body


def test_one_access_at_a_time(case, colleague):
    services.emergency_access_grant(actor=colleague, case=case, **REASON)
    with pytest.raises(ValidationError, match="already have emergency access"):
        services.emergency_access_grant(actor=colleague, case=case, **REASON)


def test_the_exact_reference_offers_emergency_access_and_a_partial_one_does_not(
    client, agency, colleague
):
    case = CaseFactory(agency=agency, reference="CSC-1001")
    client.force_login(colleague)
    exact = client.get(reverse("records:case_list"), {"q": "csc-1001"})
    assert exact.context["emergency_case"] == case
    assert "Ask for emergency access to case CSC-1001" in exact.content.decode()
    assert (
        client.get(reverse("records:case_list"), {"q": "CSC-10"}).context["emergency_case"] is None
    )
    assert case.child_name not in exact.content.decode()  # not before access is granted


def test_the_lead_officer_is_told_reviews_it_and_it_leaves_their_queue(
    client, case, colleague, lead_officer
):
    access = services.emergency_access_grant(actor=colleague, case=case, **REASON)
    notice = Notification.objects.get(recipient=lead_officer)
    assert notice.kind == Kind.EMERGENCY_ACCESS_USED
    client.force_login(lead_officer)
    home = client.get(reverse("home"))
    queue = next(q for q in home.context["queues"] if q.key == "emergency_review")
    assert queue.count == 1
    url = reverse("records:emergency_access_review", args=[access.pk])
    assert queue.items[0].url == url
    response = client.post(url, {"outcome": "concern"})
    assert "Explain your concern" in response.content.decode()
    client.post(url, {"outcome": "concern", "notes": "Not on duty that day; I will ask why"})
    access.refresh_from_db()
    assert access.review_outcome == "concern"
    assert access.reviewed_by == lead_officer
    event = AuditEvent.objects.get(action="access.emergency_reviewed")
    assert event.payload["outcome"] == "concern"
    home = client.get(reverse("home"))
    assert next(q for q in home.context["queues"] if q.key == "emergency_review").count == 0


def test_the_review_page_shows_what_was_looked_at(client, case, colleague, lead_officer):
    access = services.emergency_access_grant(actor=colleague, case=case, **REASON)
    client.force_login(colleague)
    client.get(reverse("records:case_detail", args=[case.pk]))
    client.force_login(lead_officer)
    response = client.get(reverse("records:emergency_access_review", args=[access.pk]))
    assert [e.action for e in response.context["looked_at"]] == ["case.viewed"]
    assert "The case record" in response.content.decode()


def test_emergency_access_reads_in_the_cases_history(client, case, colleague, lead_officer):
    services.emergency_access_grant(actor=colleague, case=case, **REASON)
    client.force_login(lead_officer)
    body = client.get(reverse("records:case_history", args=[case.pk])).content.decode()
    assert "Emergency access to the case" in body
    assert "I am covering for the allocated worker" in body

"""An agency's administrators run its members: the list and its CSV, roles, leavers and
their return (issue 14). Never another agency's members, never their own role or access."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from agencies.models import Role
from audit.models import AuditEvent
from records.models import Allocation
from sharing.models import Decision
from tests.factories.agencies import member
from tests.factories.records import CaseFactory, allocate

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, agency_admin):
    client.force_login(agency_admin)
    return client


def _reload(user):
    return get_user_model().objects.get(pk=user.pk)


# --- the member list ----------------------------------------------------------------------


def test_the_member_list_shows_names_roles_in_words_status_and_last_sign_in(
    admin_client, practitioner, lead_officer, django_assert_num_queries
):
    member(lead_officer.membership.agency, Role.PRACTITIONER, user__is_active=False)
    with django_assert_num_queries(10):
        page = admin_client.get(reverse("administration:members"))
    text = page.content.decode()
    assert page.status_code == 200
    assert practitioner.get_full_name() in text
    assert "Lead information officer" in text
    assert "Agency administrator" in text
    assert "Left" in text
    assert "Active" in text
    assert "Never" in text  # nobody else has signed in
    assert "lead_officer" not in text
    assert "practitioner" not in text.replace("Practitioner", "")


def test_the_member_list_query_count_does_not_grow_with_members(
    admin_client, agency, django_assert_max_num_queries
):
    for _ in range(15):
        member(agency, Role.PRACTITIONER)
    with django_assert_max_num_queries(10):
        admin_client.get(reverse("administration:members"))


def test_the_member_list_shows_only_the_administrators_own_agency(
    admin_client, other_agency_practitioner
):
    text = admin_client.get(reverse("administration:members")).content.decode()
    assert other_agency_practitioner.get_full_name() not in text


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.LEAD_OFFICER, Role.AUDITOR])
def test_only_agency_administrators_see_the_agency_pages(client, agency, role):
    client.force_login(member(agency, role, audit_scope=[agency] if role == Role.AUDITOR else None))
    for name in (
        "administration:landing",
        "administration:members",
        "administration:member_export",
    ):
        assert client.get(reverse(name)).status_code == 403, name


def test_the_member_csv_is_in_words_with_codes_after_and_the_export_is_audited(
    admin_client, practitioner, agency_admin
):
    response = admin_client.get(reverse("administration:member_export"))
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode().lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:4] == ["Name", "Job title", "Role", "Status"]
    assert rows[0][-3:] == ["user_id", "role", "is_active"]
    by_name = {row[0]: row for row in rows[1:]}
    row = by_name[practitioner.get_full_name()]
    assert row[2] == "Practitioner"
    assert row[3] == "Active"
    assert row[-2] == "practitioner"
    event = AuditEvent.objects.get(action="membership.list_exported")
    assert event.actor_id == agency_admin.pk
    assert event.payload["rows"] == 2


# --- another agency's members -------------------------------------------------------------


@pytest.mark.parametrize("route", ["member_detail", "member_role", "member_leave"])
def test_an_administrator_cannot_see_or_change_another_agencys_members(
    client, practitioner, other_agency, route
):
    outsider = member(other_agency, Role.AGENCY_ADMIN)
    client.force_login(outsider)
    url = reverse(f"administration:{route}", args=[practitioner.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"role": Role.AGENCY_ADMIN, "reason": "x"}).status_code == 404
    assert _reload(practitioner).is_active
    assert (
        practitioner.membership.__class__.objects.get(user=practitioner).role == Role.PRACTITIONER
    )
    refused = AuditEvent.objects.filter(action="access.refused").first()
    assert refused is not None
    assert refused.chain == f"agency:{practitioner.membership.agency_id}"


# --- roles --------------------------------------------------------------------------------


def test_the_administrator_changes_a_members_role_with_a_reason_and_it_is_audited(
    admin_client, practitioner, agency_admin
):
    url = reverse("administration:member_role", args=[practitioner.pk])
    response = admin_client.post(
        url, {"role": Role.LEAD_OFFICER, "reason": "Promoted to team manager"}
    )
    assert response.status_code == 302
    assert _reload(practitioner).membership.role == Role.LEAD_OFFICER
    event = AuditEvent.objects.get(action="membership.role_changed")
    assert event.actor_id == agency_admin.pk
    assert event.payload["from"] == Role.PRACTITIONER
    assert event.payload["to"] == Role.LEAD_OFFICER
    assert event.payload["reason"] == "Promoted to team manager"


def test_a_role_change_without_a_reason_is_refused_beside_the_field_keeping_the_choice(
    admin_client, practitioner
):
    url = reverse("administration:member_role", args=[practitioner.pk])
    page = admin_client.post(url, {"role": Role.AUDITOR, "reason": "   "})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Enter the reason" in text
    assert "govuk-error-summary" in text
    assert 'value="auditor" checked' in text or "checked" in text
    assert _reload(practitioner).membership.role == Role.PRACTITIONER


def test_an_administrator_cannot_raise_or_change_their_own_role(admin_client, agency_admin):
    url = reverse("administration:member_role", args=[agency_admin.pk])
    assert admin_client.get(url).status_code == 403
    assert admin_client.post(url, {"role": Role.LEAD_OFFICER, "reason": "me"}).status_code == 403
    assert _reload(agency_admin).membership.role == Role.AGENCY_ADMIN
    leave = reverse("administration:member_leave", args=[agency_admin.pk])
    assert admin_client.post(leave, {"reason": "me"}).status_code == 403
    assert _reload(agency_admin).is_active
    assert not AuditEvent.objects.filter(action__startswith="membership.").exists()


def test_moving_a_practitioner_to_a_role_that_holds_no_cases_ends_their_allocations(
    admin_client, practitioner, lead_officer, agency
):
    case = CaseFactory(agency=agency, created_by=lead_officer)
    allocate(case, practitioner)
    url = reverse("administration:member_role", args=[practitioner.pk])
    admin_client.post(url, {"role": Role.AUDITOR, "reason": "Moved to information governance"})
    assert not Allocation.objects.filter(user=practitioner, ended_at__isnull=True).exists()
    assert not _reload(practitioner).has_perm("records.view_case", case)


# --- leavers ------------------------------------------------------------------------------


def test_a_leavers_next_request_signs_them_out_and_their_sessions_are_deleted(
    client, practitioner, agency_admin
):
    from django.contrib.sessions.models import Session
    from django.test import Client

    client.force_login(practitioner)
    assert client.get(reverse("home")).status_code == 200
    admin = Client()
    admin.force_login(agency_admin)
    response = admin.post(
        reverse("administration:member_leave", args=[practitioner.pk]),
        {"reason": "Left the agency on 30 November"},
    )
    assert response.status_code == 302
    assert not _reload(practitioner).is_active
    theirs = [
        s
        for s in Session.objects.all()
        if s.get_decoded().get("_auth_user_id") == str(practitioner.pk)
    ]
    assert theirs == []
    after = client.get(reverse("home"))
    assert after.status_code == 302
    assert after["Location"].startswith("/accounts/login/")
    # The administrator's own session is untouched.
    assert admin.get(reverse("administration:members")).status_code == 200
    event = AuditEvent.objects.get(action="membership.left")
    assert event.payload["sessions_ended"] == 1
    assert event.payload["reason"] == "Left the agency on 30 November"


def test_a_leaver_cannot_sign_in_with_their_password(client, practitioner, agency_admin):
    from accounts.services import __name__ as _  # noqa: F401
    from administration.services import member_leave

    member_leave(actor=agency_admin, membership=practitioner.membership, reason="Left")
    from tests.factories.agencies import PASSWORD

    response = client.post(reverse("login"), {"username": "practitioner", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200


def test_every_allocation_of_a_leaver_ends_with_an_event_on_each_case(
    admin_client, practitioner, lead_officer, agency
):
    cases = [CaseFactory(agency=agency, created_by=lead_officer) for _ in range(2)]
    for case in cases:
        allocate(case, practitioner)
    admin_client.post(
        reverse("administration:member_leave", args=[practitioner.pk]), {"reason": "Left"}
    )
    assert Allocation.objects.filter(user=practitioner).count() == 2
    assert not Allocation.objects.filter(user=practitioner, ended_at__isnull=True).exists()
    ended = AuditEvent.objects.filter(action="allocation.changed", payload__change="ended")
    assert sorted(ended.values_list("case_id", flat=True)) == sorted(c.pk for c in cases)
    assert not _reload(practitioner).has_perm("records.view_case", cases[0])


def test_a_leavers_open_draft_shows_in_the_lead_officers_queue_to_reassign(
    client, admin_client, practitioner, lead_officer, agency
):
    case = CaseFactory(agency=agency, created_by=lead_officer, child_name="Amelia Clarke")
    allocate(case, practitioner)
    Decision.objects.create(case=case, author=practitioner, kind="proactive")
    from django.test import Client

    lio = Client()
    lio.force_login(lead_officer)
    assert "Drafts of people who have left" not in lio.get(reverse("home")).content.decode()
    admin_client.post(
        reverse("administration:member_leave", args=[practitioner.pk]), {"reason": "Left"}
    )
    home = lio.get(reverse("home")).content.decode()
    assert "Drafts of people who have left" in home
    assert "Amelia Clarke" in home
    assert practitioner.get_full_name() in home


def test_a_leaver_is_given_access_again_with_a_reason_and_it_is_audited(admin_client, practitioner):
    admin_client.post(
        reverse("administration:member_leave", args=[practitioner.pk]), {"reason": "Left"}
    )
    url = reverse("administration:member_reactivate", args=[practitioner.pk])
    page = admin_client.post(url, {"reason": ""})
    assert "Enter the reason" in page.content.decode()
    assert not _reload(practitioner).is_active
    admin_client.post(url, {"reason": "Came back from secondment"})
    assert _reload(practitioner).is_active
    event = AuditEvent.objects.get(action="membership.reactivated")
    assert event.payload["reason"] == "Came back from secondment"


def test_recording_a_leaver_twice_is_told_not_a_500(admin_client, practitioner):
    url = reverse("administration:member_leave", args=[practitioner.pk])
    admin_client.post(url, {"reason": "Left"})
    again = admin_client.post(url, {"reason": "Left"})
    assert again.status_code == 200
    assert "already left" in again.content.decode()

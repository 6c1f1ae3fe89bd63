"""Cases are need-to-know: allocation opens a case; another agency's case is a 404."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from agencies.models import Role
from audit.models import AuditEvent
from records import services
from records.models import Allocation, Case
from tests.factories.agencies import member
from tests.factories.records import CaseFactory, allocate

pytestmark = pytest.mark.django_db


def _listed(client, user) -> set[str]:
    client.force_login(user)
    response = client.get(reverse("records:case_list"))
    assert response.status_code == 200
    return {case.reference for case in response.context["page"].object_list}


def test_practitioner_sees_only_cases_allocated_to_them(client, agency, practitioner):
    mine = CaseFactory(agency=agency)
    CaseFactory(agency=agency)
    allocate(mine, practitioner)
    assert _listed(client, practitioner) == {mine.reference}


def test_lead_officer_sees_every_case_in_their_agency_only(
    client, agency, other_agency, lead_officer
):
    ours = {CaseFactory(agency=agency).reference for _ in range(3)}
    CaseFactory(agency=other_agency)
    assert _listed(client, lead_officer) == ours


def test_auditor_sees_the_agencies_in_their_audit_scope(client, agency, other_agency):
    third = CaseFactory(agency=other_agency).agency
    in_scope = CaseFactory(agency=agency)
    CaseFactory(agency=other_agency)
    scoped = member(third, Role.AUDITOR, audit_scope=[agency])
    assert _listed(client, scoped) == {in_scope.reference}


def test_agency_administrator_sees_no_cases_without_a_grant(client, agency, agency_admin):
    CaseFactory(agency=agency)
    assert _listed(client, agency_admin) == set()


def test_an_object_level_grant_opens_another_agencys_case(
    client, agency, other_agency_practitioner
):
    shared = CaseFactory(agency=agency)
    allocate(shared, other_agency_practitioner)
    assert _listed(client, other_agency_practitioner) == {shared.reference}


def test_search_by_reference_or_name(client, agency, lead_officer):
    CaseFactory(agency=agency, reference="CSC-1", child_name="Amelia Clarke")
    CaseFactory(agency=agency, reference="CSC-2", child_name="Noah Williams")
    client.force_login(lead_officer)
    by_name = client.get(reverse("records:case_list"), {"q": "noah"}).context["page"].object_list
    by_ref = client.get(reverse("records:case_list"), {"q": "csc-1"}).context["page"].object_list
    assert [c.reference for c in by_name] == ["CSC-2"]
    assert [c.reference for c in by_ref] == ["CSC-1"]


def test_case_list_query_count_does_not_grow_with_cases(
    client, agency, lead_officer, django_assert_max_num_queries
):
    for _ in range(30):
        CaseFactory(agency=agency)
    client.force_login(lead_officer)
    # A lead officer's session also reads the device that verified it (accounts).
    with django_assert_max_num_queries(11):
        response = client.get(reverse("records:case_list"))
    assert len(response.context["page"].object_list) == 25
    assert b"Page 1 of 2" in response.content


def test_practitioner_case_list_query_count_is_pinned(
    client, agency, practitioner, django_assert_max_num_queries
):
    for _ in range(30):
        allocate(CaseFactory(agency=agency), practitioner)
    client.force_login(practitioner)
    with django_assert_max_num_queries(10):
        client.get(reverse("records:case_list"))


def test_other_agencys_case_is_404_and_the_refusal_is_logged(
    client, allocated_case, other_agency_practitioner
):
    client.force_login(other_agency_practitioner)
    response = client.get(reverse("records:case_detail", args=[allocated_case.pk]))
    assert response.status_code == 404
    refusal = AuditEvent.objects.get(action="access.refused")
    assert refusal.actor_id == other_agency_practitioner.pk
    assert refusal.object_type == "case"
    assert refusal.case_id == allocated_case.pk
    # Logged on the owning agency's chain, so its lead officer can see who tried.
    assert refusal.chain == f"agency:{allocated_case.agency_id}"


def test_missing_case_is_the_same_404_without_a_refusal_event(client, other_agency_practitioner):
    client.force_login(other_agency_practitioner)
    assert client.get(reverse("records:case_detail", args=[987654])).status_code == 404
    assert not AuditEvent.objects.filter(action="access.refused").exists()


def test_viewing_a_case_is_logged(client, allocated_case, practitioner):
    client.force_login(practitioner)
    client.get(reverse("records:case_detail", args=[allocated_case.pk]))
    event = AuditEvent.objects.get(action="case.viewed")
    assert (event.actor_id, event.case_id, event.actor_role) == (
        practitioner.pk,
        allocated_case.pk,
        "practitioner",
    )
    assert event.request_id
    assert event.ip == "127.0.0.1"


def test_lead_officer_and_auditor_see_recent_accesses_practitioner_does_not(
    client, allocated_case, practitioner, lead_officer, auditor
):
    client.force_login(practitioner)
    assert (
        client.get(reverse("records:case_detail", args=[allocated_case.pk])).context[
            "recent_accesses"
        ]
        is None
    )
    for viewer in (lead_officer, auditor):
        client.force_login(viewer)
        accesses = client.get(reverse("records:case_detail", args=[allocated_case.pk])).context[
            "recent_accesses"
        ]
        assert practitioner.username in {event.actor_username for event in accesses}


def test_lead_officer_creates_a_case_with_an_audit_event(client, lead_officer):
    client.force_login(lead_officer)
    response = client.post(
        reverse("records:case_create"),
        {
            "reference": "CSC-77",
            "child_name": "Leo Hughes",
            "date_of_birth_0": "20",
            "date_of_birth_1": "1",
            "date_of_birth_2": "2010",
        },
    )
    case = Case.objects.get(reference="CSC-77")
    assert response.status_code == 302
    assert case.date_of_birth == datetime.date(2010, 1, 20)
    assert AuditEvent.objects.filter(action="case.created", case_id=case.pk).exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {
                "reference": "",
                "child_name": "A",
                "date_of_birth_0": "1",
                "date_of_birth_1": "1",
                "date_of_birth_2": "2010",
            },
            "reference",
            "Enter the agency case reference",
        ),
        (
            {
                "reference": "X",
                "child_name": "A",
                "date_of_birth_0": "31",
                "date_of_birth_1": "2",
                "date_of_birth_2": "2010",
            },
            "date_of_birth",
            "Date of birth must be a real date",
        ),
        (
            {
                "reference": "X",
                "child_name": "A",
                "date_of_birth_0": "1",
                "date_of_birth_1": "1",
                "date_of_birth_2": "3000",
            },
            "date_of_birth",
            "Date of birth must be a real date",
        ),
        (
            {
                "reference": "X",
                "child_name": "A",
                "date_of_birth_0": "x",
                "date_of_birth_1": "1",
                "date_of_birth_2": "2010",
            },
            "date_of_birth",
            "Date of birth must be a real date",
        ),
        (
            {
                "reference": "X" * 300,
                "child_name": "A",
                "date_of_birth_0": "1",
                "date_of_birth_1": "1",
                "date_of_birth_2": "2010",
            },
            "reference",
            "at most 64",
        ),
    ],
)
def test_bad_case_input_is_explained_and_kept(client, lead_officer, data, field, message):
    client.force_login(lead_officer)
    response = client.post(reverse("records:case_create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors)
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert f'value="{data["child_name"]}"' in body


def test_duplicate_reference_in_the_same_agency_is_refused(client, lead_officer, case):
    client.force_login(lead_officer)
    response = client.post(
        reverse("records:case_create"),
        {
            "reference": case.reference.lower(),
            "child_name": "B",
            "date_of_birth_0": "1",
            "date_of_birth_1": "1",
            "date_of_birth_2": "2010",
        },
    )
    assert response.context["form"].errors["reference"] == [
        "Your agency already has a case with this reference"
    ]


def test_practitioner_opens_a_case_and_is_allocated_to_it(client, practitioner):
    client.force_login(practitioner)
    client.post(
        reverse("records:case_create"),
        {
            "reference": "CSC-88",
            "child_name": "Isla Johnson",
            "date_of_birth_0": "2",
            "date_of_birth_1": "3",
            "date_of_birth_2": "2014",
        },
    )
    case = Case.objects.get(reference="CSC-88")
    assert practitioner.has_perm("records.view_case", case)
    assert client.get(reverse("records:case_detail", args=[case.pk])).status_code == 200


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.AGENCY_ADMIN])
def test_auditors_and_administrators_do_not_open_cases(client, agency, role):
    client.force_login(member(agency, role))
    assert client.get(reverse("records:case_create")).status_code == 403


def test_allocation_grants_and_ending_it_revokes_access(lead_officer, practitioner, case):
    allocation = services.case_allocate(actor=lead_officer, case=case, user=practitioner)
    assert practitioner.has_perm("records.view_case", case)
    assert AuditEvent.objects.filter(
        action="allocation.changed", payload__change="allocated"
    ).exists()
    services.case_deallocate(actor=lead_officer, allocation=allocation)
    practitioner = type(practitioner).objects.get(pk=practitioner.pk)  # fresh permission cache
    assert not practitioner.has_perm("records.view_case", case)
    assert Allocation.objects.get(pk=allocation.pk).ended_at is not None
    assert AuditEvent.objects.filter(action="allocation.changed", payload__change="ended").exists()


def test_cannot_allocate_someone_from_another_agency(
    client, lead_officer, case, other_agency_practitioner
):
    client.force_login(lead_officer)
    response = client.post(
        reverse("records:allocations", args=[case.pk]), {"user": other_agency_practitioner.pk}
    )
    assert response.context["form"].errors["user"] == ["Choose a practitioner from the list"]
    assert not Allocation.objects.exists()


def test_sign_in_sign_out_and_failed_sign_in_are_logged(client, practitioner):
    client.post(reverse("login"), {"username": "practitioner", "password": "wrong"})
    client.post(reverse("login"), {"username": "practitioner", "password": "a-test-password-1"})
    client.post(reverse("logout"))
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["auth.sign_in_failed", "auth.signed_in", "auth.signed_out"]
    failed = AuditEvent.objects.get(action="auth.sign_in_failed")
    # The account is named by its id; the text typed is never kept (tests/accounts).
    assert failed.payload == {"username": "known"}
    assert failed.object_id == str(practitioner.pk)


def test_the_grants_read_from_the_permission_tables_are_django_guardians_grants(
    agency, other_agency, practitioner
):
    """ADR 0004: an object-level grant is what django-guardian says it is. The scope reads
    guardian's tables directly (for speed at scale); the cases it opens must be exactly
    those `get_objects_for_user` opens: the user's own grants and their groups', of
    `view_case` only, and never a grant of another permission."""
    from django.contrib.auth.models import Group
    from guardian.shortcuts import assign_perm, get_objects_for_user

    from records.selectors import cases_visible_to

    allocated, by_group, other_perm, nothing = (CaseFactory(agency=agency) for _ in range(4))
    cross_agency = CaseFactory(agency=other_agency)
    allocate(allocated, practitioner)
    team = Group.objects.create(name="Duty team")
    practitioner.groups.add(team)
    assign_perm("records.view_case", team, by_group)
    assign_perm("records.view_case", practitioner, cross_agency)
    assign_perm("records.change_case", practitioner, other_perm)

    guardian = set(
        get_objects_for_user(
            practitioner,
            "records.view_case",
            klass=Case,
            with_superuser=False,
            accept_global_perms=False,
        )
    )
    assert guardian == {allocated, by_group, cross_agency}
    assert set(cases_visible_to(practitioner)) == guardian
    assert nothing not in set(cases_visible_to(practitioner))

"""The officer register (O 6.7.6, O 8): each office a member with contact details; the
member it names as Data Protection Officer handles subject access requests (issue 14)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from agencies import permissions
from agencies.models import AgencyKind, Office, OfficerAppointment, Role
from audit.models import AuditEvent
from tests.factories.agencies import AgencyFactory, member

pytestmark = pytest.mark.django_db


def _post(client, data):
    return client.post(reverse("administration:officers"), data)


def test_the_administrator_names_the_dpo_with_contact_details_and_it_is_audited(
    client, agency_admin, practitioner
):
    client.force_login(agency_admin)
    response = _post(
        client,
        {
            f"{Office.DATA_PROTECTION_OFFICER}-membership": practitioner.membership.pk,
            f"{Office.DATA_PROTECTION_OFFICER}-telephone": "01632 960 001",
            f"{Office.DATA_PROTECTION_OFFICER}-email": "dpo@northshire.gov.uk",
        },
    )
    assert response.status_code == 302
    held = OfficerAppointment.objects.get(office=Office.DATA_PROTECTION_OFFICER)
    assert held.membership.user == practitioner
    assert held.email == "dpo@northshire.gov.uk"
    event = AuditEvent.objects.get(action="agency.officer_changed")
    assert event.payload["office"] == Office.DATA_PROTECTION_OFFICER
    page = client.get(reverse("administration:officers")).content.decode()
    assert "01632 960 001" in page
    assert "Caldicott Guardian" in page  # children's social care names one
    assert "Designated safeguarding lead" not in page  # schools only


def test_a_school_register_names_a_designated_safeguarding_lead():
    school = AgencyFactory(kind=AgencyKind.EDUCATION)
    offices = permissions.offices_of(school)
    assert Office.DESIGNATED_SAFEGUARDING_LEAD in offices
    assert Office.CALDICOTT_GUARDIAN not in offices


def test_contact_details_without_a_holder_are_refused_beside_the_field_and_kept(
    client, agency_admin
):
    client.force_login(agency_admin)
    page = _post(client, {f"{Office.CALDICOTT_GUARDIAN}-email": "cg@northshire.gov.uk"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Select who holds this office" in text
    assert "govuk-error-summary" in text
    assert "cg@northshire.gov.uk" in text
    assert not OfficerAppointment.objects.exists()


def test_another_agencys_member_cannot_be_named(client, agency_admin, other_agency_practitioner):
    client.force_login(agency_admin)
    page = _post(
        client,
        {f"{Office.DATA_PROTECTION_OFFICER}-membership": other_agency_practitioner.membership.pk},
    )
    assert page.status_code == 200
    assert "Select a member of your agency" in page.content.decode()
    assert not OfficerAppointment.objects.exists()


def test_only_the_administrator_edits_the_register(client, lead_officer):
    client.force_login(lead_officer)
    assert client.get(reverse("administration:officers")).status_code == 403


def test_the_member_named_as_dpo_handles_subject_access_requests(agency, agency_admin):
    from administration.services import officer_register_set

    dpo = member(agency, Role.PRACTITIONER, job_title="Data Protection Officer")
    assert not permissions.may_handle_subject_access(dpo, agency.pk)
    officer_register_set(
        actor=agency_admin, office=Office.DATA_PROTECTION_OFFICER, membership=dpo.membership
    )
    dpo = type(dpo).objects.get(pk=dpo.pk)  # a fresh user: no cached membership
    assert permissions.is_named_data_protection_officer(dpo, agency.pk)
    assert permissions.may_handle_subject_access(dpo, agency.pk)


def test_the_named_dpo_handles_only_their_own_agencys_requests(agency, agency_admin, other_agency):
    from administration.services import officer_register_set

    dpo = member(agency, Role.PRACTITIONER)
    officer_register_set(
        actor=agency_admin, office=Office.DATA_PROTECTION_OFFICER, membership=dpo.membership
    )
    assert not permissions.may_handle_subject_access(dpo, other_agency.pk)


def test_a_dpo_who_has_left_no_longer_handles_subject_access(agency, agency_admin):
    from administration.services import member_leave, officer_register_set

    dpo = member(agency, Role.PRACTITIONER)
    officer_register_set(
        actor=agency_admin, office=Office.DATA_PROTECTION_OFFICER, membership=dpo.membership
    )
    member_leave(actor=agency_admin, membership=dpo.membership, reason="Left")
    dpo = type(dpo).objects.get(pk=dpo.pk)
    assert not permissions.may_handle_subject_access(dpo, agency.pk)


def test_the_start_of_a_decision_names_the_officer_to_ask_from_the_register(
    client, agency, practitioner, lead_officer, allocated_case
):
    """Issue 14: the register names who answers for the agency's sharing; the first page of
    a decision tells the practitioner whom to ask, by name."""
    from django.urls import reverse

    from agencies.models import Office, OfficerAppointment

    lead_officer.first_name, lead_officer.last_name = "Alex", "Morgan"
    lead_officer.save(update_fields=["first_name", "last_name"])
    OfficerAppointment.objects.create(
        agency=agency, office=Office.LEAD_INFORMATION_OFFICER, membership=lead_officer.membership
    )
    client.force_login(practitioner)
    page = client.get(reverse("sharing:decision_new", args=[allocated_case.pk]))
    assert "ask Alex Morgan, your lead information officer" in page.content.decode()

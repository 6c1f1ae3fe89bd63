"""agencies.permissions: one predicate per question of who may do what (SPEC 2)."""

from __future__ import annotations

import pytest

from agencies import permissions
from agencies.models import Role
from audit.events import actor_of
from tests.factories.agencies import member
from tests.factories.sharing import submitted_decision

pytestmark = pytest.mark.django_db


def test_practitioners_and_lead_officers_open_cases_and_others_do_not(
    practitioner, lead_officer, auditor, agency_admin
):
    assert permissions.may_open_cases(practitioner)
    assert permissions.may_open_cases(lead_officer)
    assert not permissions.may_open_cases(auditor)
    assert not permissions.may_open_cases(agency_admin)


def test_only_the_allocated_practitioner_and_the_agencys_lead_record_on_a_case(
    case, practitioner, lead_officer, auditor, other_agency_lead_officer
):
    assert not permissions.may_record_on(practitioner, case)
    assert permissions.may_record_on(lead_officer, case)
    assert not permissions.may_record_on(auditor, case)
    assert not permissions.may_record_on(other_agency_lead_officer, case)


def test_allocation_opens_recording_on_that_case(allocated_case, practitioner):
    assert permissions.may_record_on(practitioner, allocated_case)


def test_only_the_agencys_lead_officer_allocates_and_only_to_its_own_recorders(
    case, lead_officer, practitioner, auditor, other_agency_practitioner
):
    assert permissions.may_allocate_on(lead_officer, case)
    assert not permissions.may_allocate_on(practitioner, case)
    assert permissions.may_be_allocated(practitioner, case)
    assert not permissions.may_be_allocated(auditor, case)
    assert not permissions.may_be_allocated(other_agency_practitioner, case)
    assert set(permissions.members_who_may_be_allocated(case)) == {lead_officer, practitioner}


def test_a_case_history_is_for_its_lead_officer_and_auditors_with_it_in_scope(
    case, lead_officer, auditor, practitioner, other_agency
):
    outside_auditor = member(other_agency, Role.AUDITOR, audit_scope=[other_agency])
    assert permissions.may_see_case_history(lead_officer, case)
    assert permissions.may_see_case_history(auditor, case)
    assert not permissions.may_see_case_history(outside_auditor, case)
    assert not permissions.may_see_case_history(practitioner, case)


def test_the_decision_log_covers_the_lead_officers_agency_or_the_auditors_scope(
    agency, other_agency, lead_officer, practitioner
):
    wide_auditor = member(agency, Role.AUDITOR, audit_scope=[agency, other_agency])
    assert list(permissions.decision_log_agencies(lead_officer)) == [agency]
    assert set(permissions.decision_log_agencies(wide_auditor)) == {agency, other_agency}
    assert not permissions.decision_log_agencies(practitioner).exists()
    assert not permissions.may_see_decision_log(practitioner)
    assert permissions.reads_submitted_decisions_only(wide_auditor)
    assert not permissions.reads_submitted_decisions_only(lead_officer)


def test_a_draft_is_changed_only_by_its_author_while_they_may_record(
    allocated_case, practitioner, lead_officer
):
    decision = submitted_decision(allocated_case, practitioner, status="draft")
    assert permissions.may_change_draft(practitioner, decision)
    assert not permissions.may_change_draft(lead_officer, decision)  # not theirs
    assert permissions.may_record_on_case_of(lead_officer, decision)


def test_the_audit_log_records_each_actor_with_their_agency_and_role(lead_officer, agency):
    actor = actor_of(lead_officer)
    assert (actor.agency_id, actor.agency_name, actor.role) == (
        agency.pk,
        agency.name,
        Role.LEAD_OFFICER,
    )

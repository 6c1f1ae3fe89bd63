"""A system administrator sets each auditor's scope; every change is audited on the chain
of each agency it concerns and shown to those agencies (issue 14)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from agencies.models import Role
from agencies.services import audit_scope_set
from audit.models import AuditEvent
from tests.factories.agencies import AgencyFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser(
        username="system.admin", password="x" * 20, first_name="Sam", last_name="Okafor"
    )


def test_a_scope_change_is_an_event_on_every_agency_it_concerns(superuser, agency, other_agency):
    audit_office = AgencyFactory()
    auditor = member(audit_office, Role.AUDITOR, audit_scope=[agency])
    audit_scope_set(actor=superuser, membership=auditor.membership, agencies=[other_agency])
    events = AuditEvent.objects.filter(action="auditor.scope_changed")
    assert {e.chain for e in events} == {
        f"agency:{audit_office.pk}",
        f"agency:{agency.pk}",
        f"agency:{other_agency.pk}",
    }
    payload = events.first().payload
    assert payload["added"] == [other_agency.pk]
    assert payload["removed"] == [agency.pk]
    assert set(auditor.membership.audit_scope.all()) == {other_agency}


def test_setting_the_same_scope_again_records_nothing(superuser, agency):
    auditor = member(agency, Role.AUDITOR, audit_scope=[agency])
    audit_scope_set(actor=superuser, membership=auditor.membership, agencies=[agency])
    assert not AuditEvent.objects.filter(action="auditor.scope_changed").exists()


def test_a_scope_change_in_the_django_admin_is_audited_for_each_agency(
    client, superuser, agency, other_agency
):
    auditor = member(agency, Role.AUDITOR, audit_scope=[agency])
    client.force_login(superuser)
    response = client.post(
        reverse("admin:agencies_membership_change", args=[auditor.membership.pk]),
        {
            "user": auditor.pk,
            "agency": agency.pk,
            "role": Role.AUDITOR,
            "job_title": "",
            "audit_scope": [agency.pk, other_agency.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    chains = set(
        AuditEvent.objects.filter(action="auditor.scope_changed").values_list("chain", flat=True)
    )
    assert chains == {f"agency:{agency.pk}", f"agency:{other_agency.pk}"}


def test_the_agency_page_shows_who_may_audit_it_and_the_latest_changes(
    client, superuser, agency, agency_admin
):
    audit_office = AgencyFactory(name="Northshire Internal Audit")
    auditor = member(audit_office, Role.AUDITOR, user__first_name="Dana", user__last_name="Evans")
    audit_scope_set(actor=superuser, membership=auditor.membership, agencies=[agency])
    client.force_login(agency_admin)
    text = client.get(reverse("administration:landing")).content.decode()
    assert "Dana Evans, Northshire Internal Audit" in text
    assert "Dana Evans (Northshire Internal Audit) may now audit your agency" in text
    assert "Sam Okafor" in text
    assert "system.admin" not in text

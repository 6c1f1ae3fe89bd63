"""Superusers set up agencies in Django's admin; each change still lands in the audit log."""

import pytest
from django.urls import reverse

from agencies.models import Agency
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_admin_changes_are_audited(admin_client):
    response = admin_client.post(
        reverse("admin:agencies_agency_add"),
        {
            "name": "Eastshire Probation",
            "kind": "probation",
            "statutory": "on",
            "secure_email_domains": "",
        },
    )
    assert response.status_code == 302
    agency = Agency.objects.get(name="Eastshire Probation")
    event = AuditEvent.objects.get(action="admin.added")
    assert event.object_type == "agencies.agency"
    assert event.object_id == str(agency.pk)
    assert event.chain == f"agency:{agency.pk}"
    admin_client.post(reverse("admin:agencies_agency_delete", args=[agency.pk]), {"post": "yes"})
    assert AuditEvent.objects.filter(action="admin.deleted", object_id=str(agency.pk)).exists()


def test_non_staff_cannot_use_the_admin(client, practitioner):
    client.force_login(practitioner)
    response = client.get(reverse("admin:agencies_agency_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]

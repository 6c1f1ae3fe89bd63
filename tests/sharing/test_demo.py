"""The demo data: the procedures' examples as records, and a draft for the demo practitioner
to resume from its task list."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from sharing.models import Decision

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=True)
def test_the_demo_practitioner_resumes_the_demo_draft_onto_its_task_list(client):
    out = io.StringIO()
    call_command("demo_data", stdout=out)
    submitted = Decision.objects.filter(status="submitted").count()
    call_command("demo_data", stdout=out)  # idempotent
    draft = Decision.objects.get(status="draft", author__username="csc.practitioner")
    # The procedures' three scenarios, and the other apps' demos (review, exchange): once.
    assert Decision.objects.filter(status="submitted").count() == submitted >= 3
    client.force_login(draft.author)
    case_page = client.get(reverse("records:case_detail", args=[draft.case_id])).content.decode()
    assert "Continue" in case_page
    response = client.get(reverse("sharing:decision_detail", args=[draft.pk]))
    assert response.templates[0].name == "sharing/task_list.html"
    status = {
        item["number"]: item["status"]
        for group in response.context["groups"]
        for item in group["items"]
    }
    assert (status[1], status[2], status[3], status[4], status[5]) == (
        "completed",
        "completed",
        "in_progress",
        "not_started",
        "cannot_start",
    )


@override_settings(DEBUG=True)
def test_each_demo_agency_names_its_officers_and_the_named_dpo_handles_subject_access():
    """Issue 13 and 14: the officer register names the DPO who answers subject access
    requests; in the demo, Jo Bennett of each agency."""
    from agencies import permissions
    from agencies.models import Agency, Office, OfficerAppointment

    call_command("demo_data", stdout=io.StringIO())
    call_command("demo_data", stdout=io.StringIO())  # idempotent
    csc = Agency.objects.get(name="Northshire Children's Social Care")
    dpo = OfficerAppointment.objects.get(agency=csc, office=Office.DATA_PROTECTION_OFFICER)
    assert dpo.membership.user.username == "csc.auditor"
    assert permissions.is_named_data_protection_officer(dpo.membership.user, csc.pk)
    assert permissions.may_handle_subject_access(dpo.membership.user, csc.pk)
    school = Agency.objects.get(name="Riverside Primary School")
    assert OfficerAppointment.objects.filter(
        agency=school, office=Office.DESIGNATED_SAFEGUARDING_LEAD
    ).exists()
    assert OfficerAppointment.objects.filter(office=Office.LEAD_INFORMATION_OFFICER).count() == 5

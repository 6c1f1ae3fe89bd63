"""The consent form asks everything in view (no conditional reveals) and reads what applies."""

from __future__ import annotations

import pytest
from django.urls import reverse

from consent.models import ConsentRecord
from tests.factories.sharing import TODAY, date_fields

pytestmark = pytest.mark.django_db
TOLD = ["what_collected", "purposes", "who_shared_with", "recipient_uses_including_crime"]


def post(client, case, **fields):
    data = {
        "giver_role": "child",
        "giver_name": "Amelia Clarke",
        "form": "explicit_verbal",
        "details": "Said no when we met at school",
        "outcome": "refused",
        **date_fields("obtained_on", TODAY),
        **fields,
    }
    return client.post(reverse("consent:consent_new", args=[case.pk]), data)


def test_a_childs_understanding_can_be_recorded_as_not_assessed_yet(
    client, allocated_case, practitioner
):
    client.force_login(practitioner)
    assert post(client, allocated_case, competent="not_assessed").status_code == 302
    consent = ConsentRecord.objects.get()
    assert consent.competent is None
    assert consent.verbal_details == "Said no when we met at school"
    assert consent.as_guidance_input()["details_recorded"] is True


def test_answers_about_a_childs_understanding_are_dropped_for_anyone_else(
    client, allocated_case, practitioner, other_agency
):
    client.force_login(practitioner)
    response = post(
        client,
        allocated_case,
        giver_role="adult_subject",
        giver_name="Karen Clarke",
        competent="yes",
        capacity_criteria_met=["understands_question"],
        form="implied",
        details="She asked us to refer her to the family support service",
        outcome="given",
        told=TOLD,
        scope_purposes=["early_help"],
        scope_agencies=[other_agency.pk],
    )
    assert response.status_code == 302
    consent = ConsentRecord.objects.get()
    assert (consent.giver_role, consent.competent, consent.capacity_criteria_met) == (
        "adult_subject",
        None,
        [],
    )
    assert consent.implied_context.startswith("She asked us")
    assert consent.verbal_details == ""


def test_the_consent_form_has_no_conditional_reveals_and_no_bare_references(
    client, allocated_case, practitioner
):
    client.force_login(practitioner)
    body = client.get(reverse("consent:consent_new", args=[allocated_case.pk])).content.decode()
    assert "govuk-radios__conditional" not in body
    assert "data-aria-controls" not in body
    assert "(L 4." not in body
    response = post(client, allocated_case, competent="yes", details="")
    assert response.context["form"].errors["details"] == [
        "Record the details of the verbal consent or refusal"
    ]

"""Secure e-mail domains in use (issue 14; London 4.7.8, Bromley 8; docs/adr/0036): a
decision sent by secure e-mail has its address checked against the receiving agency's
secure domains, and a mismatch is flagged and shown on the record."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sharing.guidance import email_domain_matches
from sharing.models import Decision
from tests.factories.sharing import (
    ABOUT_PROACTIVE,
    Q1_PURPOSE,
    Q2_ANONYMISED,
    START_PROACTIVE,
    answer_question,
    q7,
    q8,
)

FLAG = "secure_email_not_to_recipients_secure_domain"


@pytest.mark.parametrize(
    ("address", "domains", "matches"),
    [
        ("jane.smith@nhs.net", ["nhs.net"], True),
        ("Jane.Smith@MET.PNN.Police.UK", ["pnn.police.uk"], True),
        ("jane.smith@bromley.gcsx.gov.uk", ["@gcsx.gov.uk"], True),
        ("jane.smith@gmail.com", ["nhs.net"], False),
        ("jane.smith@notnhs.net", ["nhs.net"], False),
        ("jane.smith@nhs.net.example.com", ["nhs.net"], False),
    ],
)
def test_an_address_is_on_a_secure_domain_only_when_its_domain_is_one_or_below_one(
    address, domains, matches
):
    assert email_domain_matches(address, domains) is matches


def _submit(client, case, recipient, **q7_extra) -> Decision:
    client.post(reverse("sharing:decision_new", args=[case.pk]), START_PROACTIVE)
    decision = Decision.objects.latest("id")
    client.post(reverse("sharing:about", args=[decision.pk]), ABOUT_PROACTIVE)
    answer_question(client, decision, 1, Q1_PURPOSE)
    answer_question(client, decision, 2, Q2_ANONYMISED)
    answer_question(client, decision, 7, q7(recipient.pk, **q7_extra))
    answer_question(client, decision, 8, q8())
    assert client.post(reverse("sharing:check", args=[decision.pk])).status_code == 302
    decision.refresh_from_db()
    return decision


@pytest.mark.django_db
def test_secure_email_to_an_address_off_the_recipients_secure_domains_is_flagged_on_the_record(
    client, other_agency, allocated_case, practitioner
):
    client.force_login(practitioner)
    decision = _submit(client, allocated_case, other_agency, recipient_email="jo@gmail.com")
    flag = next(f for f in decision.flags if f["code"] == FLAG)
    assert flag["severity"] == "review"
    assert decision.needs_review
    record = client.get(reverse("sharing:decision_detail", args=[decision.pk])).content.decode()
    assert "not on any of the secure e-mail domains the receiving agency has recorded" in record
    assert "jo@gmail.com" in record


@pytest.mark.django_db
def test_secure_email_to_the_recipients_secure_domain_is_not_flagged(
    client, other_agency, allocated_case, practitioner
):
    client.force_login(practitioner)
    address = f"jo.bloggs@{other_agency.secure_email_domains[0]}"
    decision = _submit(client, allocated_case, other_agency, recipient_email=address)
    assert FLAG not in [f["code"] for f in decision.flags]
    assert decision.answers["q7"]["recipient_email"] == address


@pytest.mark.django_db
def test_a_malformed_address_is_refused_beside_the_field_and_what_was_typed_is_kept(
    client, other_agency, allocated_case, practitioner
):
    client.force_login(practitioner)
    client.post(reverse("sharing:decision_new", args=[allocated_case.pk]), START_PROACTIVE)
    decision = Decision.objects.latest("id")
    client.post(reverse("sharing:about", args=[decision.pk]), ABOUT_PROACTIVE)
    answer_question(client, decision, 1, Q1_PURPOSE)
    answer_question(client, decision, 2, Q2_ANONYMISED)
    url = reverse("sharing:question_page", args=[decision.pk, 7, "recipient"])
    response = client.post(
        url,
        {
            "recipient_agency_id": str(other_agency.pk),
            "recipient_name": "Jo Bloggs",
            "recipient_role": "Duty social worker",
            "recipient_email": "jo at nhs",
            "verification": "called_back",
        },
    )
    page = response.content.decode()
    assert "Enter an e-mail address in the correct format, like name@example.com" in page
    assert 'value="Jo Bloggs"' in page
    assert 'value="jo at nhs"' in page

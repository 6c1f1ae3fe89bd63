"""Information-sharing agreements (issue 14; docs/adr/0035): recorded by an agency's
administrator, read by every agency that signed, another agency's answers 404."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from agencies.models import Role
from agreements import services
from agreements.models import Agreement
from audit.models import AuditEvent
from tests.factories.agencies import AgencyFactory, member
from tests.factories.agreements import agreement_signed_by

pytestmark = pytest.mark.django_db

# The session, the user and their membership, the audit scope, the agreements, their parties.
LIST_QUERIES = 10

NEW = {
    "title": "Northshire multi-agency information sharing protocol",
    "version": "4.0",
    "ratified_on_0": "1",
    "ratified_on_1": "3",
    "ratified_on_2": "2026",
    "review_on_0": "1",
    "review_on_1": "3",
    "review_on_2": "2027",
    "signed_on_0": "2",
    "signed_on_1": "3",
    "signed_on_2": "2026",
}


def test_an_administrator_records_an_agreement_with_their_agency_as_first_party_audited(
    client, agency, agency_admin
):
    client.force_login(agency_admin)
    response = client.post(reverse("agreements:new"), NEW)
    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert [p.agency for p in agreement.parties.all()] == [agency]
    event = AuditEvent.objects.get(action="agreement.recorded")
    assert event.chain == f"agency:{agency.pk}"
    assert event.payload["version"] == "4.0"


def test_a_bad_agreement_keeps_what_was_typed_and_says_what_is_wrong_beside_the_field(
    client, agency_admin
):
    client.force_login(agency_admin)
    response = client.post(reverse("agreements:new"), {**NEW, "review_on_2": "2025"})
    assert response.status_code == 200
    assert not Agreement.objects.exists()
    page = response.content.decode()
    assert "The review date must be after the date it was ratified" in page
    assert "govuk-error-summary" in page
    assert 'value="Northshire multi-agency information sharing protocol"' in page


def test_only_an_agency_administrator_records_an_agreement(client, lead_officer):
    client.force_login(lead_officer)
    assert client.get(reverse("agreements:new")).status_code == 403


def test_a_clause_covers_only_agencies_that_signed(agency, agency_admin, other_agency):
    clause = agreement_signed_by(agency)
    with pytest.raises(Exception, match="only agencies that signed"):
        services.agreement_clause_add(
            actor=agency_admin,
            agreement=clause.agreement,
            number="4",
            purpose="p",
            data_covered="d",
            legal_basis="b",
            covers=[other_agency],
        )


def test_a_party_added_is_an_event_on_both_agencies_chains(agency, agency_admin, other_agency):
    clause = agreement_signed_by(agency)
    services.agreement_party_add(
        actor=agency_admin,
        agreement=clause.agreement,
        agency=other_agency,
        signed_on=datetime.date(2026, 3, 5),
    )
    chains = set(
        AuditEvent.objects.filter(action="agreement.party_added").values_list("chain", flat=True)
    )
    assert chains == {f"agency:{agency.pk}", f"agency:{other_agency.pk}"}


def test_every_member_of_a_party_agency_reads_the_agreement_and_its_clauses(
    client, agency, other_agency
):
    clause = agreement_signed_by(other_agency, agency)
    client.force_login(member(agency, Role.PRACTITIONER))
    listing = client.get(reverse("agreements:list")).content.decode()
    assert "Northshire multi-agency information sharing protocol, version 4.0" in listing
    page = client.get(reverse("agreements:detail", args=[clause.agreement_id])).content.decode()
    assert "Clause 3" in page
    assert "Section 47 of the Children Act 1989" in page
    assert "Add a clause" not in page  # only the recording agency's administrators


def test_an_agreement_the_agency_did_not_sign_answers_404_and_the_refusal_is_logged(
    client, agency, other_agency
):
    clause = agreement_signed_by(other_agency)
    client.force_login(member(agency, Role.AGENCY_ADMIN))
    assert client.get(reverse("agreements:detail", args=[clause.agreement_id])).status_code == 404
    assert AuditEvent.objects.filter(
        action="access.refused", object_type="agreement", chain=f"agency:{other_agency.pk}"
    ).exists()


def test_the_agreement_list_reads_in_a_fixed_number_of_queries(
    client, agency, django_assert_num_queries
):
    for n in range(3):
        agreement_signed_by(agency, AgencyFactory(), title=f"Agreement {n}")
    user = member(agency, Role.PRACTITIONER)
    client.force_login(user)
    client.get(reverse("agreements:list"))
    with django_assert_num_queries(LIST_QUERIES):
        client.get(reverse("agreements:list"))

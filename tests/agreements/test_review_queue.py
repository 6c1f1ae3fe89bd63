"""An agreement past its review date shows in the home-page queue of the agencies that
signed it (issue 14), for their administrators and lead information officers."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from agencies.models import Role
from tests.factories.agencies import AgencyFactory, member
from tests.factories.agreements import agreement_signed_by

pytestmark = pytest.mark.django_db

PAST = datetime.date(2025, 9, 1)


def test_an_agreement_past_its_review_date_is_in_the_queue_of_every_agency_that_signed_it(
    client, agency, other_agency
):
    agreement_signed_by(agency, other_agency, review_on=PAST, title="Old agreement")
    for signatory, role in ((agency, Role.AGENCY_ADMIN), (other_agency, Role.LEAD_OFFICER)):
        client.force_login(member(signatory, role))
        home = client.get(reverse("home")).content.decode()
        assert "Agreements past their review date" in home
        assert "Old agreement, version 4.0" in home


def test_an_agency_that_did_not_sign_it_and_a_current_agreement_show_nothing(client, agency):
    agreement_signed_by(AgencyFactory(), review_on=PAST, title="Not ours")
    agreement_signed_by(agency, title="Current")
    client.force_login(member(agency, Role.AGENCY_ADMIN))
    home = client.get(reverse("home")).content.decode()
    assert "Agreements past their review date" not in home


def test_practitioners_do_not_get_the_review_queue(client, agency):
    agreement_signed_by(agency, review_on=PAST)
    client.force_login(member(agency, Role.PRACTITIONER))
    assert "Agreements past their review date" not in client.get(reverse("home")).content.decode()

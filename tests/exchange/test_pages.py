"""The exchange's pages read a fixed number of queries, however many rows they show, and
the case page shows the chronology."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape

from exchange import services
from tests.factories.exchange import delivered, incoming
from tests.factories.records import CaseFactory

pytestmark = pytest.mark.django_db

# Session and user, membership, the lead officer's verified second factor and whether they
# have one (accounts), the catch-up (disclosures to deliver, requests answered), the rows
# with their pauses, the queues, and the header.
REQUEST_LIST = 17
INBOX = 12
CASE_PAGE = 25  # the chronology panel adds 4: its events, their actors, may_record_on (2)


def _requests(lead, count):
    for n in range(count):
        incoming(lead, received_on=datetime.date.today(), contact_name=f"Person {n}")


@pytest.mark.parametrize("count", [1, 6])
def test_the_request_list_reads_a_fixed_number_of_queries(
    client, lead_officer, count, django_assert_num_queries
):
    _requests(lead_officer, count)
    client.force_login(lead_officer)
    client.get(reverse("exchange:request_list"))
    with django_assert_num_queries(REQUEST_LIST):
        response = client.get(reverse("exchange:request_list"))
    assert len(response.context["rows"]) == count


@pytest.mark.parametrize("count", [1, 4])
def test_the_inbox_reads_a_fixed_number_of_queries(
    client, health_case, health_practitioner, agency, lead_officer, count, django_assert_num_queries
):
    for _ in range(count):
        delivered(health_case, health_practitioner, agency)
    client.force_login(lead_officer)
    with django_assert_num_queries(INBOX):
        response = client.get(reverse("exchange:inbox"))
    assert len(response.context["receipts"]) == count


def test_the_case_page_shows_the_chronology_in_a_fixed_number_of_queries(
    client, health_case, health_practitioner, agency, lead_officer, django_assert_num_queries
):
    receipt = delivered(health_case, health_practitioner, agency)
    services.receipt_acknowledge(actor=lead_officer, receipt=receipt)
    own = CaseFactory(agency=agency, created_by=lead_officer)
    services.receipt_file(actor=lead_officer, receipt=receipt, case=own)
    client.force_login(health_practitioner)
    url = reverse("records:case_detail", args=[health_case.pk])
    client.get(url)  # once first, so that no process-wide cache (content types) is counted
    with django_assert_num_queries(CASE_PAGE):
        page = client.get(url)
    titles = [entry.title for entry in page.context["panels"][-1].context["entries"]]
    assert titles[0].startswith("Decision started")
    assert titles[-3:] == [
        f"Opened at {agency.name}",
        f"Acknowledged by {agency.name}",
        f"Filed to a case at {agency.name}",
    ]
    # The recipient's case shows it filed there, with nothing of the sender's case.
    client.force_login(lead_officer)
    body = client.get(reverse("records:case_detail", args=[own.pk])).content.decode()
    assert escape(f"Filed to a case at {agency.name}") in body
    assert health_case.reference not in body


def test_an_auditor_of_both_agencies_sees_the_pair_and_one_of_the_recipient_only_its_side(
    client, health, health_case, health_practitioner, agency, lead_officer
):
    from agencies.models import Role
    from tests.factories.agencies import member

    receipt = delivered(health_case, health_practitioner, agency)
    services.receipt_acknowledge(actor=lead_officer, receipt=receipt)
    both = member(agency, Role.AUDITOR, audit_scope=[agency, health])
    recipient_only = member(agency, Role.AUDITOR, audit_scope=[agency])

    client.force_login(both)
    page = client.get(reverse("exchange:exchanges"))
    [pair] = page.context["pairs"]
    assert pair.exchange == str(receipt.exchange_id)
    assert all(side.event is not None for step in pair.steps for side in step.sides)
    assert page.context["check"].ok

    client.force_login(recipient_only)
    page = client.get(reverse("exchange:exchanges"))
    [pair] = page.context["pairs"]
    sender_side, recipient_side = pair.steps[0].sides
    assert (sender_side.in_scope, sender_side.event) == (False, None)
    assert recipient_side.event.chain == f"agency:{agency.pk}"
    assert b"Outside your audit scope" in page.content

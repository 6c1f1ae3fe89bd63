"""The exchange's work queues reach the lead officer's home page (SPEC 6), as on /requests/."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from exchange import queues
from tests.factories.exchange import incoming

D = datetime.date
pytestmark = pytest.mark.django_db


def test_an_overdue_request_shows_on_the_lead_officers_home_page(client, on, lead_officer):
    on(D(2027, 3, 23))
    request = incoming(lead_officer, received_on=D(2027, 3, 1))  # due 22 March: overdue
    client.force_login(lead_officer)
    home = client.get(reverse("home"))
    shown = {queue.key: queue for queue in home.context["queues"]}
    queue = shown["exchange_requests_due"]
    assert queue.count == queues.requests_due(lead_officer).count == 1
    assert queue.items[0].url == reverse("exchange:request_detail", args=[request.pk])
    assert queue.items[0].overdue
    assert "Overdue by 1 working day" in home.content.decode()


def test_a_practitioner_has_no_exchange_queue_on_their_home_page(client, on, practitioner):
    on(D(2027, 3, 23))
    client.force_login(practitioner)
    keys = {queue.key for queue in client.get(reverse("home")).context["queues"]}
    assert not {key for key in keys if key.startswith("exchange_")}

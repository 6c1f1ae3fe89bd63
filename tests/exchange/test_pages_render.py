"""Every page of the exchange renders for the people it is for (GOV.UK templates intact)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from exchange import services
from tests.factories.exchange import delivered, incoming, share

pytestmark = pytest.mark.django_db


def test_each_page_renders_for_its_own_side(
    client, case, lead_officer, health_case, health_practitioner, health_lead, agency
):
    request = incoming(lead_officer, received_on=datetime.date.today(), urgency="urgent_verbal")
    receipt = delivered(health_case, health_practitioner, agency)
    onward = services.onward_ask(
        actor=lead_officer, receipt=receipt, pass_to="A school", what="Weight", reason="Meals"
    )
    correction = services.correction_record(
        actor=health_practitioner,
        case=health_case,
        disclosures=[receipt.disclosure, share(health_case, health_practitioner, None)],
        inaccurate="Weight",
        corrected="5.2 kg",
    )
    on_system, off_system = correction.notices.order_by("id")
    client.force_login(lead_officer)
    for url in (
        reverse("exchange:request_list"),
        reverse("exchange:request_list") + "?tab=outgoing",
        reverse("exchange:request_new"),
        reverse("exchange:request_new_incoming"),
        reverse("exchange:request_new_outgoing"),
        reverse("exchange:request_detail", args=[request.pk]),
        reverse("exchange:request_case", args=[request.pk]),
        reverse("exchange:request_case_new", args=[request.pk]),
        reverse("exchange:request_pause", args=[request.pk]),
        reverse("exchange:request_follow_up", args=[request.pk]),
        reverse("exchange:inbox"),
        reverse("exchange:inbox") + "?tab=sent",
        reverse("exchange:receipt_detail", args=[receipt.pk]),
        reverse("exchange:receipt_file", args=[receipt.pk]),
        reverse("exchange:onward_new", args=[receipt.pk]),
        reverse("exchange:onward_detail", args=[onward.pk]),
        reverse("exchange:notice_detail", args=[on_system.pk]),
        reverse("exchange:exchanges"),
    ):
        assert client.get(url).status_code == 200, url
    client.force_login(health_practitioner)
    for url in (
        reverse("exchange:correction_new", args=[health_case.pk]),
        reverse("exchange:correction_detail", args=[correction.pk]),
        reverse("exchange:correction_told", args=[correction.pk, off_system.pk]),
        reverse("exchange:inbox") + "?tab=sent",
    ):
        assert client.get(url).status_code == 200, url
    client.force_login(health_lead)
    page = client.get(reverse("exchange:onward_detail", args=[onward.pk]))
    assert page.context["form"] is not None  # the originator's lead officer answers here
    assert client.get(reverse("exchange:request_list")).status_code == 200

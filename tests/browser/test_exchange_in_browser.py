"""The exchange in Chromium, with axe: the request form with bad input, the inbox, the
chronology."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from agencies.models import AgencyKind, Role
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories.agencies import AgencyFactory, member
from tests.factories.exchange import delivered
from tests.factories.records import CaseFactory, allocate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_request_form_keeps_what_was_typed_and_explains_bad_input(
    page, lead_officer, case, other_agency
):
    sign_in(page, "lead.officer")
    page.get_by_role("link", name="Requests", exact=True).click()
    page.get_by_role("button", name="Record a request").click()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select whether you received the request or are making it"
    )
    assert_accessible(page)
    page.get_by_label("A request we received from another agency").check()
    page.get_by_role("button", name="Continue").click()

    page.get_by_label("Which agency is asking?").select_option(
        label="An agency not on this service"
    )
    page.get_by_label("Name", exact=True).fill("Dana Lee")
    page.get_by_label("What is the information needed for?").fill("Rehousing the family")
    page.get_by_label("What is asked for?").fill("Who lives there\nAny risk to visitors")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2027")
    page.get_by_role("button", name="Save the request").click()
    summary = page.locator(".govuk-error-summary")
    for message in (
        "Enter the name of the agency",
        "Select how you checked who is asking",
        "Select how the request was made",
        "Date the request arrived must be a real date",
        "Select at least one legal basis",
    ):
        expect(summary).to_contain_text(message)
    expect(page.get_by_label("Name", exact=True)).to_have_value("Dana Lee")
    expect(page.get_by_label("What is asked for?")).to_have_value(
        "Who lives there\nAny risk to visitors"
    )
    assert_accessible(page)

    page.get_by_label("Name of the agency, if it is not on this service").fill("Northshire Homes")
    page.get_by_label("I called them back through their agency's switchboard").check()
    page.get_by_label("Made in writing").check()
    today = datetime.date.today()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Children Act 1989, section 17 (children in need)").check()
    page.get_by_role("button", name="Save the request").click()
    expect(page.get_by_role("heading", name="Which child is the request about?")).to_be_visible()
    assert_accessible(page)
    page.get_by_label(case.child_name, exact=False).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="From Northshire Homes")).to_be_visible()
    expect(page.get_by_test_id("request-clock")).to_contain_text("Due in 15 working days")
    assert_accessible(page)


def test_the_inbox_shows_what_was_received_and_the_sender_sees_the_acknowledgement(
    page, agency, lead_officer
):
    health = AgencyFactory(name="Northshire Community Health", kind=AgencyKind.HEALTH)
    visitor = member(health, Role.PRACTITIONER, user__username="health.visitor")
    baby = CaseFactory(agency=health, created_by=visitor, child_name="Oliver Brown")
    allocate(baby, visitor)
    receipt = delivered(baby, visitor, agency)

    sign_in(page, "lead.officer")
    page.get_by_role("link", name="Received", exact=True).click()
    expect(
        page.get_by_role("heading", name="What was received from other agencies")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Northshire Community Health").click()
    expect(page.get_by_test_id("received-items")).to_contain_text(
        "Weight has fallen below the 2nd centile"
    )
    assert_accessible(page)
    page.get_by_role("button", name="We have this and will handle it under these limits").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Acknowledged")
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "health.visitor")
    page.goto(f"/cases/{baby.pk}/")
    chronology = page.get_by_test_id("chronology")
    expect(chronology).to_contain_text(f"Acknowledged by {agency.name}")
    expect(chronology).to_contain_text(f"Disclosure delivered to {agency.name}'s inbox")
    assert_accessible(page)
    # And on the decision's own record, each state with its time and who.
    page.goto(f"/decisions/{receipt.disclosure.decision_id}/")
    expect(page.get_by_test_id("receipt-acknowledged")).to_contain_text(
        f"by {lead_officer.get_full_name()}"
    )
    assert_accessible(page)

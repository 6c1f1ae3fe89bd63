"""The lead officer's desk in a real browser, with axe on every page: the home page's
queues, the decision log's filters as tags, a review action and its answer, and
emergency access."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from agencies.models import Role
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories.agencies import member
from tests.factories.records import CaseFactory
from tests.factories.review import flagged_decision
from tests.factories.sharing import submitted_decision

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def flagged(allocated_case, practitioner, agency):
    return flagged_decision(allocated_case, practitioner, {"csc": agency})


def test_lead_officer_filters_the_log_and_removes_the_filters_by_their_tags(
    page, flagged, allocated_case, practitioner, lead_officer
):
    submitted_decision(allocated_case, practitioner)
    sign_in(page, "lead.officer")
    page.get_by_role("link", name="Decision log").click()
    expect(page.get_by_test_id("counts")).to_contain_text("2 decisions: 1 flagged for review")
    assert_accessible(page)

    page.get_by_label("Flags").select_option(label="Flagged for review")
    page.get_by_label("Review", exact=True).select_option(label="Awaiting review")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_test_id("counts")).to_contain_text("1 decision: 1 flagged for review")
    selected = page.get_by_test_id("selected-filters")
    expect(selected).to_contain_text("Flagged for review")
    expect(selected).to_contain_text("Awaiting review")
    row = page.locator(f"[data-decision='{flagged.pk}']")
    expect(row).to_contain_text("Amelia Clarke")
    expect(row).to_contain_text("Not sharing, although the risk recorded is significant harm")
    expect(
        row.get_by_role("link", name=re.compile(rf"^Decision {flagged.pk}: do not share, "))
    ).to_be_visible()
    assert_accessible(page)

    selected.get_by_role("link", name=re.compile("Flagged for review")).click()
    expect(page.get_by_test_id("selected-filters")).not_to_contain_text("Flagged for review")
    expect(page.get_by_test_id("selected-filters")).to_contain_text("Awaiting review")
    page.get_by_role("link", name=re.compile("^Child")).click()
    expect(page.locator("th[aria-sort='ascending']")).to_contain_text("Child")
    page.get_by_role("link", name="Clear filters").click()
    expect(page.get_by_test_id("counts")).to_contain_text("2 decisions")
    expect(page.get_by_test_id("selected-filters")).to_have_count(0)
    assert_accessible(page)


def test_lead_officer_returns_a_decision_and_the_practitioner_answers_it(
    page, browser, live_server, flagged, practitioner, lead_officer
):
    sign_in(page, "lead.officer")
    page.get_by_role("link", name="Your work").click()
    queue = page.locator("[data-queue='awaiting_review']")
    expect(queue.get_by_test_id("count")).to_have_text("1")
    expect(queue).to_contain_text("Not sharing, although the risk recorded is significant harm")
    assert_accessible(page)
    queue.get_by_role("link", name=re.compile(rf"Decision {flagged.pk}")).click()
    page.get_by_role("link", name="Review this decision").click()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select what you want to do")
    assert_accessible(page)
    page.get_by_label("Return it to the practitioner with comments").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Return the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter what the practitioner needs to change"
    )
    assert_accessible(page)
    page.get_by_label("What does the practitioner need to change?").fill(
        "Record the advice you sought before deciding not to share."
    )
    page.get_by_role("button", name="Return the decision").click()
    expect(page.get_by_test_id("review-state")).to_have_text("Returned to the practitioner")

    other = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    sign_in(other, "practitioner")
    expect(other.get_by_test_id("notifications-link")).to_contain_text("1")
    other.get_by_role("link", name="Your work").click()
    returned = other.locator("[data-queue='returned']")
    expect(returned.get_by_test_id("count")).to_have_text("1")
    returned.get_by_role("link", name=re.compile(rf"Decision {flagged.pk}")).click()
    expect(other.get_by_test_id("returned")).to_be_visible()
    expect(other.get_by_test_id("review-history")).to_contain_text("Record the advice you sought")
    assert_accessible(other)
    other.get_by_role("link", name="Answer with an amendment").click()
    other.get_by_label("Why does the record need correcting?").fill("Advice now recorded")
    other.get_by_role("button", name="Start the amendment").click()
    other.get_by_role("button", name=re.compile("Submit")).click()
    expect(other.get_by_text(re.compile("Submitted by"))).to_be_visible()
    other.context.close()

    page.get_by_role("link", name="Your work").click()
    expect(page.locator("[data-queue='awaiting_review']").get_by_test_id("count")).to_have_text("1")
    expect(page.locator("[data-queue='returned']").get_by_test_id("count")).to_have_text("0")
    assert_accessible(page)


def test_a_practitioner_uses_emergency_access_and_the_lead_officer_reviews_it(
    page, browser, live_server, agency, lead_officer
):
    case = CaseFactory(agency=agency, reference="CSC-2001", child_name="Ruby Ahmed")
    member(agency, Role.PRACTITIONER, user__username="colleague", user__first_name="Priya")
    sign_in(page, "colleague")
    page.get_by_label("Search by case reference or child's name").fill("CSC-2001")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Ask for emergency access to case CSC-2001").click()
    page.get_by_role("button", name="Open the case for 8 hours").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select why you need to see this case now"
    )
    assert_accessible(page)
    page.get_by_label("I am covering for the allocated worker").check()
    page.get_by_label("Tell us more").fill("Duty desk: the school rang about a bruise")
    page.get_by_role("button", name="Open the case for 8 hours").click()
    expect(page.get_by_role("heading", name="Ruby Ahmed")).to_be_visible()
    expect(page.get_by_test_id("emergency-notice")).to_be_visible()
    assert_accessible(page)

    other = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    sign_in(other, "lead.officer")
    other.get_by_role("link", name="Your work").click()
    queue = other.locator("[data-queue='emergency_review']")
    queue.get_by_role("link", name=re.compile("opened case CSC-2001")).click()
    expect(other.get_by_test_id("emergency-access")).to_contain_text("Duty desk: the school rang")
    expect(other.get_by_test_id("emergency-access")).to_contain_text("The case record")
    assert_accessible(other)
    other.get_by_label("The access was appropriate").check()
    other.get_by_role("button", name="Record your review").click()
    expect(other.locator("[data-queue='emergency_review']").get_by_test_id("count")).to_have_text(
        "0"
    )
    assert case.emergency_accesses.get().review_outcome == "appropriate"
    other.context.close()


def test_the_receiving_lead_officer_answers_an_escalation(
    page, flagged, lead_officer, other_agency, other_agency_lead_officer
):
    from review import escalations

    escalations.review_escalate(
        actor=lead_officer,
        decision=flagged,
        version=0,
        to_agency=other_agency,
        summary="We decided not to share a disclosure with you.",
        reasons="Consent was refused.",
    )
    sign_in(page, "other.lead")
    page.get_by_role("link", name="Your work").click()
    queue = page.locator("[data-queue='escalations_received']")
    expect(queue.get_by_test_id("count")).to_have_text("1")
    assert_accessible(page)
    queue.get_by_role("link", name=re.compile("Escalation")).click()
    expect(page.get_by_test_id("summary")).to_have_text(
        "We decided not to share a disclosure with you."
    )
    page.get_by_label("We still disagree").check()
    page.get_by_role("button", name="Send your response").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your response")
    assert_accessible(page)
    page.get_by_label("Your response").fill("The risk is significant harm: please share")
    page.get_by_role("button", name="Send your response").click()
    expect(page.get_by_test_id("response")).to_contain_text("please share")
    assert_accessible(page)

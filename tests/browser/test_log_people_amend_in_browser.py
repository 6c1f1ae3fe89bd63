"""The pages the walkthroughs do not reach: the decision log, adding a connected person and
starting an amendment, each with its bad input and an axe check."""

import csv
import io

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible, sign_in
from tests.factories.sharing import submitted_decision

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lead_officer_filters_and_downloads_the_decision_log(
    page, allocated_case, practitioner, lead_officer
):
    flagged = submitted_decision(
        allocated_case,
        practitioner,
        outcome="do_not_share",
        needs_review=True,
        flags=[{"code": "not_sharing_despite_significant_harm"}],
    )
    submitted_decision(allocated_case, practitioner)
    sign_in(page, "lead.officer")
    page.get_by_role("link", name="Decision log", exact=True).click()
    expect(page.get_by_test_id("counts")).to_contain_text("2 decisions: 1 flagged for review")
    assert_accessible(page)

    page.get_by_label("Flags").select_option(label="Flagged for review")
    page.get_by_label("Day").first.fill("31")
    page.get_by_label("Month").first.fill("2")
    page.get_by_label("Year").first.fill("2026")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("From date must be a real date")
    expect(page.get_by_label("Flags")).to_have_value("yes")
    assert_accessible(page)

    page.get_by_label("Day").first.fill("")
    page.get_by_label("Month").first.fill("")
    page.get_by_label("Year").first.fill("")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_test_id("counts")).to_contain_text("1 decision: 1 flagged for review")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download these decisions as CSV").click()
    rows = list(csv.DictReader(io.StringIO(info.value.path().read_text(encoding="utf-8-sig"))))
    assert [int(row["decision_id"]) for row in rows] == [flagged.pk]


def test_lead_officer_adds_a_connected_person(page, case, lead_officer):
    sign_in(page, "lead.officer")
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name="Add a connected person").click()
    page.get_by_label("Full name").fill("Karen Clarke")
    page.get_by_role("button", name="Add person").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select how the person is connected to the child")
    expect(summary).to_contain_text("Select yes if they have parental responsibility")
    expect(page.get_by_label("Full name")).to_have_value("Karen Clarke")
    assert_accessible(page)

    page.get_by_label("Parent or carer").check()
    page.get_by_role(
        "group", name="Do they have parental responsibility for the child?"
    ).get_by_label("Yes").check()
    page.get_by_role("button", name="Add person").click()
    expect(page.locator(".govuk-table").filter(has_text="Karen Clarke")).to_contain_text(
        "Parent or carer"
    )


def test_practitioner_starts_an_amendment_with_a_reason(page, allocated_case, practitioner):
    decision = submitted_decision(allocated_case, practitioner)
    sign_in(page, "practitioner")
    page.goto(f"/decisions/{decision.pk}/")
    page.get_by_role("link", name="Record an amendment").click()
    page.get_by_role("button", name="Start the amendment").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the reason for the amendment"
    )
    assert_accessible(page)
    page.get_by_label("Why does the record need correcting?").fill("Wrong date of sharing")
    page.get_by_role("button", name="Start the amendment").click()
    expect(page.get_by_role("heading", name="Information-sharing decision")).to_be_visible()
    expect(page.get_by_test_id("task-list").first).to_be_visible()  # the amendment's task list
    expect(page.get_by_text("Reason: Wrong date of sharing")).to_be_visible()
    assert_accessible(page)

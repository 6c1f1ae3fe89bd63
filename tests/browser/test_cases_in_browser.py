"""A practitioner signs in, sees their cases and opens one, in a real Chromium."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible, sign_in
from tests.factories.records import CaseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_page_is_accessible_and_explains_bad_credentials(page, practitioner):
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Username").fill("practitioner")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter your password")
    expect(page.get_by_label("Username")).to_have_value("practitioner")
    assert_accessible(page)


def test_practitioner_sees_only_allocated_cases_and_opens_one(
    page, allocated_case, agency, practitioner
):
    CaseFactory(agency=agency, reference="NOT-MINE", child_name="Someone Else")
    sign_in(page, "practitioner")
    page.goto("/cases/")
    expect(page.get_by_role("heading", name="Cases")).to_be_visible()
    expect(page.get_by_role("link", name=allocated_case.reference)).to_be_visible()
    expect(page.get_by_text("NOT-MINE")).to_have_count(0)
    expect(page.get_by_test_id("signed-in-as")).to_contain_text("Practitioner")
    assert_accessible(page)

    page.get_by_role("link", name=allocated_case.reference).click()
    expect(page).to_have_url(re.compile(rf"/cases/{allocated_case.pk}/$"))
    expect(page.get_by_role("heading", name="Amelia Clarke")).to_be_visible()
    assert_accessible(page)


def test_lead_officer_opens_a_case_and_allocates_it(page, lead_officer, practitioner):
    sign_in(page, "lead.officer")
    page.goto("/cases/")
    page.get_by_role("button", name="Open a case").click()
    page.get_by_role("button", name="Open case").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the agency case reference")
    assert_accessible(page)

    page.get_by_label("Agency case reference").fill("CSC-9")
    page.get_by_label("Child's full name").fill("Noah Williams")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2015")
    page.get_by_role("button", name="Open case").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Date of birth must be a real date"
    )
    expect(page.get_by_label("Child's full name")).to_have_value("Noah Williams")
    page.get_by_label("Day").fill("28")
    page.get_by_role("button", name="Open case").click()
    expect(page.get_by_role("heading", name="Noah Williams")).to_be_visible()

    page.get_by_role("link", name="Change allocation").click()
    assert_accessible(page)
    page.get_by_label("Practitioner").select_option(
        label=f"{practitioner.get_full_name()} (Practitioner)"
    )
    page.get_by_role("button", name="Allocate").click()
    expect(page.locator(".govuk-table")).to_contain_text(practitioner.get_full_name())

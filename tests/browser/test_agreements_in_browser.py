"""An agency administrator records an information-sharing agreement, a party that signed
it and a clause, in Chromium with axe watching every page (issue 14; docs/adr/0035)."""

import pytest

from tests.browser.helpers import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _date(page, name: str, day: str, month: str, year: str) -> None:
    for part, value in enumerate((day, month, year)):
        page.locator(f'[name="{name}_{part}"]').fill(value)


def test_an_administrator_records_an_agreement_its_party_and_a_clause_accessibly(
    page, agency_admin, other_agency
):
    sign_in(page, "agency.admin")
    page.goto("/agency/")
    page.get_by_role("link", name="Information-sharing agreements").click()
    assert_accessible(page)
    page.get_by_role("link", name="Record an agreement").click()
    page.get_by_label("Title").fill("Northshire multi-agency information sharing protocol")
    page.get_by_label("Version").fill("4.0")
    _date(page, "ratified_on", "1", "3", "2026")
    _date(page, "review_on", "1", "3", "2025")
    _date(page, "signed_on", "2", "3", "2026")
    page.get_by_role("button", name="Save").click()
    # The review date before the ratification is told beside the field; the rest is kept.
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.get_by_label("Version").input_value() == "4.0"
    assert_accessible(page)
    page.locator('[name="review_on_2"]').fill("2027")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/agency/agreements/*/")
    assert_accessible(page)

    page.get_by_role("link", name="Add an agency that signed").click()
    page.get_by_label("Agency").select_option(label=other_agency.name)
    _date(page, "signed_on", "4", "3", "2026")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/agency/agreements/*/")

    page.get_by_role("link", name="Add a clause").click()
    assert_accessible(page)
    page.get_by_label("Clause number").fill("3")
    page.get_by_label("What the clause is for").fill("Protecting a child from significant harm")
    page.get_by_label("The information it covers").fill("The concerns about the child")
    page.get_by_label("Legal basis").fill("Section 47 of the Children Act 1989")
    page.get_by_label(other_agency.name).check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/agency/agreements/*/")
    assert page.get_by_role("heading", name="Clause 3").is_visible()
    assert page.get_by_text("Section 47 of the Children Act 1989").is_visible()
    assert_accessible(page)

"""The Data Protection Officer takes a subject access request through recording, review,
a second person's check and release; axe on every page; bad input keeps what was typed."""

import pytest
from playwright.sync_api import expect

from agencies.models import Role
from sar import services
from sar.models import SubjectAccessRequest
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories.agencies import member
from tests.factories.records import ConnectedPersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_subject_access_request_from_record_to_release(page, agency, case, auditor):
    ConnectedPersonFactory(case=case, name="Sarah Clarke")
    ConnectedPersonFactory(case=case, name="Daniel Price", notes="Partner of Sarah Clarke")
    checker = member(agency, Role.AUDITOR, user__username="checker", audit_scope=[agency])

    sign_in(page, "auditor")
    page.goto("/sar/")
    assert_accessible(page)
    page.get_by_role("link", name="Record a request").click()
    page.get_by_label("Agency case reference").fill("NOT-A-CASE")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("no case with this reference")
    expect(page.get_by_label("Agency case reference")).to_have_value("NOT-A-CASE")
    assert_accessible(page)
    page.get_by_label("Agency case reference").fill(case.reference)
    page.get_by_role("button", name="Continue").click()

    # Bad input: nothing chosen, a date that is not one; the notes typed come back.
    page.get_by_label("Details of the check (optional)").fill("Passport seen at the desk")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Record the request").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.get_by_label("Details of the check (optional)")).to_have_value(
        "Passport seen at the desk"
    )
    expect(page.get_by_label("Day")).to_have_value("31")
    assert_accessible(page)
    page.get_by_label("Sarah Clarke").check()
    page.get_by_label("Day").fill("1")
    page.get_by_label("Photo identification seen").check()
    page.get_by_role("button", name="Record the request").click()
    expect(
        page.get_by_role("heading", name="Subject access request from Sarah Clarke")
    ).to_be_visible()
    assert_accessible(page)

    # Review: the partner's details, redacted; bad input first.
    page.get_by_role("link", name="Details of Daniel Price").click()
    expect(page.get_by_text("It names another person")).to_be_visible()
    page.get_by_label("Release with parts removed").check()
    page.get_by_label("Exemption, if you remove parts or withhold it").select_option("")
    page.get_by_label("Why the exemption applies").fill("He has not agreed")
    page.get_by_role("button", name="Save the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the exemption")
    expect(page.get_by_label("Why the exemption applies")).to_have_value("He has not agreed")
    assert_accessible(page)
    page.get_by_label("Exemption, if you remove parts or withhold it").select_option("third_party")
    page.get_by_role("button", name="Save the decision").click()
    sar = SubjectAccessRequest.objects.get()
    for item in sar.items.filter(outcome=""):
        services.sar_item_decide(
            actor=auditor,
            item=item,
            outcome="redact" if item.third_parties else "release",
            exemption="third_party" if item.third_parties else "",
            reason="Not reasonable without their consent" if item.third_parties else "",
            redactions=item.third_parties,
        )
    page.reload()
    page.get_by_role("button", name="Send for a second person to check").click()
    expect(page.get_by_text("someone else must check it")).to_be_visible()
    assert_accessible(page)

    # The second person checks.
    page.context.clear_cookies()
    sign_in(page, checker.username)
    page.goto(f"/sar/{sar.pk}/check/")
    assert_accessible(page)
    page.get_by_label("No, return it to the reviewer").check()
    page.get_by_role("button", name="Record the check").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what the reviewer")
    assert_accessible(page)
    page.get_by_label("Yes, it is ready to release").check()
    page.get_by_role("button", name="Record the check").click()
    page.get_by_role("link", name="Release").click()
    assert_accessible(page)
    page.get_by_role("button", name="Release").click()
    expect(page.get_by_role("link", name="Download the released file (PDF)")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the released data (JSON)").click()
    released = info.value.path().read_text()
    assert "Daniel Price" not in released

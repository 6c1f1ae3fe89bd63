"""An agency administrator adds a member by invitation, and the new member chooses a
password and sets up their authenticator app, in Chromium with axe watching (issue 14)."""

import re

import pytest
from django.core import mail
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible, current_code, sign_in
from tests.conftest import watched_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_administrator_invites_a_member_who_sets_a_password_and_second_factor(
    page, browser, live_server, agency_admin, practitioner
):
    sign_in(page, "agency.admin")
    page.goto("/agency/")
    assert_accessible(page)
    page.get_by_role("link", name="Members").click()
    assert_accessible(page)
    page.get_by_role("link", name="Add a member").click()
    page.get_by_label("First name").fill("Priya")
    page.get_by_role("button", name="Send invitation").click()
    # Missing details are told beside each field and in the summary; the first name stays.
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.get_by_label("First name").input_value() == "Priya"
    assert_accessible(page)
    page.get_by_label("Last name").fill("Shah")
    page.get_by_label("Work e-mail address").fill("priya.shah@example.org")
    page.get_by_label("Practitioner").check()
    page.get_by_role("button", name="Send invitation").click()
    page.wait_for_url("**/agency/members/*/")
    assert page.get_by_text("has been sent an invitation").is_visible()
    assert_accessible(page)

    link = re.search(r"http\S+/accounts/invitation/\S+/", mail.outbox[-1].body).group(0)
    path = "/accounts/" + link.split("/accounts/", 1)[1]
    context = watched_context(browser, live_server.url)
    newcomer = context.new_page()
    newcomer.goto(path)
    assert newcomer.get_by_role("heading", name="Choose a password").is_visible()
    assert_accessible(newcomer)
    newcomer.get_by_label("Choose a password").fill("a long and unusual passphrase 42")
    newcomer.get_by_label("Type the password again").fill("a long and unusual passphrase 42")
    newcomer.get_by_role("button", name="Save password and continue").click()
    newcomer.wait_for_url("**/accounts/two-factor/set-up/**")
    assert_accessible(newcomer)
    device = TOTPDevice.objects.get(user__email="priya.shah@example.org", confirmed=False)
    newcomer.get_by_label("Code").fill(current_code(device))
    newcomer.get_by_role("button", name="Continue").click()
    newcomer.wait_for_url("**/accounts/two-factor/backup-codes/**")
    context.close()


def test_the_officer_register_and_the_agency_details_pages_pass_axe_and_keep_what_was_typed(
    page, agency_admin, lead_officer
):
    sign_in(page, "agency.admin")
    page.goto("/agency/officers/")
    expect(page.get_by_role("heading", name="Officer register")).to_be_visible()
    assert_accessible(page)
    page.goto("/agency/details/")
    page.get_by_label("Domains your agency receives secure e-mail on (optional)").fill(
        "nhs.net\nnot a domain"
    )
    page.get_by_role("button", name="Save details").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert (
        "not a domain"
        in page.get_by_label(
            "Domains your agency receives secure e-mail on (optional)"
        ).input_value()
    )
    assert_accessible(page)

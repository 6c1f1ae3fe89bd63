"""Signing in with the second factor, setting one up, and the timeout warning, in Chromium
with axe and the Content Security Policy watching."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.helpers import assert_accessible, current_code, sign_in
from tests.factories.agencies import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_lead_officer_signs_in_with_the_code_from_their_app(page, lead_officer):
    sign_in(page, "lead.officer")
    page.goto("/review/")
    assert page.get_by_role("heading", level=1).first.is_visible()
    assert_accessible(page)


def test_an_auditor_sets_up_an_authenticator_app_and_sees_backup_codes(page, auditor):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("auditor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/two-factor/set-up/**")
    assert page.get_by_test_id("qr-code").locator("svg").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    device = TOTPDevice.objects.get(user=auditor, confirmed=False)
    page.get_by_label("Code").fill(current_code(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/accounts/two-factor/backup-codes/**")
    assert page.get_by_test_id("backup-codes").locator("li").count() == 10
    assert_accessible(page)


def test_the_timeout_warning_offers_to_stay_signed_in(page, practitioner, settings):
    settings.SESSION_IDLE_TIMEOUT = 8
    settings.SESSION_WARNING_BEFORE = 6
    sign_in(page, "practitioner")
    dialog = page.locator('dialog[data-module="app-timeout-warning"]')
    dialog.get_by_role("button", name="Stay signed in").wait_for(state="visible", timeout=8000)
    assert dialog.get_by_role("heading", name="You are about to be signed out").is_visible()
    assert_accessible(page)
    dialog.get_by_role("button", name="Stay signed in").click()
    dialog.wait_for(state="hidden")
    page.reload()
    assert page.url.endswith("/cases/")


def test_the_csp_check_reports_a_refused_resource(page, practitioner):
    sign_in(page, "practitioner")
    page.evaluate(
        "document.body.insertAdjacentHTML('beforeend', "
        '\'<img alt="" src="https://elsewhere.invalid/tracker.png">\')'
    )
    page.wait_for_function("window.__cspViolations.length > 0")
    with pytest.raises(AssertionError):
        assert_accessible(page)

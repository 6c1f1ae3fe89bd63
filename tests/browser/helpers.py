from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

from tests.factories.agencies import PASSWORD

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_axe = Axe()


def _govuk_radio_expanded(violation: dict) -> bool:
    """GOV.UK Frontend's radios set aria-expanded on a radio that reveals a question.

    ARIA 1.2 does not list aria-expanded for radios, so axe reports aria-allowed-attr, but
    the Design System does it on purpose for screen reader users (govuk-frontend #979;
    docs/adr/0008). Only that exact case is let through: the rule, on radio inputs, about
    aria-expanded and nothing else.
    """
    if violation.get("id") != "aria-allowed-attr":
        return False
    for node in violation.get("nodes", []):
        html = node.get("html", "")
        messages = " ".join(
            check.get("message", "") for check in node.get("any", []) + node.get("all", [])
        )
        if 'type="radio"' not in html or "aria-expanded" not in messages:
            return False
        if messages.replace("aria-expanded", "").count("aria-") > 0:
            return False
    return True


def assert_no_csp_violations(page) -> None:
    """Nothing on the page was refused by the Content Security Policy (an inline script,
    style or handler, or a file from elsewhere, would be)."""
    assert page.evaluate("window.__cspViolations || []") == []


def assert_accessible(page) -> None:
    """No axe violations at WCAG 2.2 AA on the page as it stands, and nothing refused by
    the Content Security Policy."""
    assert_no_csp_violations(page)
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    violations = [v for v in results.response["violations"] if not _govuk_radio_expanded(v)]
    assert not violations, results.generate_report()


def current_code(device) -> str:
    """The code the person's authenticator app shows now, as the app computes it (RFC 6238).
    A code is accepted once: if this time step's code was used already (two sign-ins within
    30 seconds), this waits for the next one."""
    import time

    from django_otp.oath import TOTP

    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    while totp.t() <= device.last_t:
        time.sleep(0.5)
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def sign_in(page, username: str, password: str = PASSWORD, *, expect: str = "**/cases/**"):
    """Sign in as a person would: the password, then, for someone who must use a second
    factor (tests/conftest.py), the code from their authenticator app."""
    from django.contrib.auth import get_user_model

    from agencies import permissions
    from tests.conftest import verified_device

    user = get_user_model().objects.get(username=username)
    device = verified_device(user) if permissions.needs_second_factor(user) else None
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if device is not None:
        page.wait_for_url("**/accounts/two-factor/**")
        page.get_by_label("Code").fill(current_code(device))
        page.get_by_role("button", name="Continue").click()
    page.wait_for_url(expect)

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe

from tests.factories.agencies import PASSWORD

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_axe = Axe()


def assert_no_csp_violations(page) -> None:
    """Nothing on the page was refused by the Content Security Policy (an inline script,
    style or handler, or a file from elsewhere, would be)."""
    assert page.evaluate("window.__cspViolations || []") == []


def assert_accessible(page) -> None:
    """No axe violations at WCAG 2.2 AA on the page as it stands, with no rule filtered (no
    page uses GOV.UK conditional reveals any more: docs/adr/0021, which ends ADR 0008's
    exception), and nothing refused by the Content Security Policy."""
    assert_no_csp_violations(page)
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    assert not results.response["violations"], results.generate_report()


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


def sign_in(page, username: str, password: str = PASSWORD, *, expect: Any = None):
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
    # Everyone lands on their home page (settings.LOGIN_REDIRECT_URL) unless told otherwise.
    page.wait_for_url(expect or (lambda url: urlsplit(url).path == "/"))

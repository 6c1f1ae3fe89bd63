from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

from tests.factories.agencies import PASSWORD

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_axe = Axe()


def assert_accessible(page) -> None:
    """No axe violations at WCAG 2.2 AA on the page as it stands, with no rule filtered:
    no page uses GOV.UK conditional reveals any more (docs/adr/0021, which ends ADR 0008's
    exception)."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    assert not results.response["violations"], results.generate_report()


def sign_in(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/cases/**")

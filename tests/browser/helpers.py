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


def assert_accessible(page) -> None:
    """No axe violations at WCAG 2.2 AA on the page as it stands."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    violations = [v for v in results.response["violations"] if not _govuk_radio_expanded(v)]
    assert not violations, results.generate_report()


def sign_in(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/cases/**")

"""Recording consent, reading the record, downloading the signed form and recording a
withdrawal (L 4.3.10-4.3.29, SPEC 5), in Chromium."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from audit.models import AuditEvent
from consent import catalogues as cat
from consent.models import ConsentRecord
from tests.browser import flows
from tests.browser.flows import (
    TODAY,
    expect_errors,
    field,
    group,
    no_javascript_errors,  # noqa: F401  (autouse)
    summary_value,
)
from tests.browser.helpers import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_written_consent_is_filed_downloaded_and_withdrawn(
    page, allocated_case, other_agency, tmp_path
):
    sign_in(page, "practitioner")
    page.goto(f"/cases/{allocated_case.pk}/")
    page.get_by_role("link", name="Record consent or a refusal").click()
    flows.fill_consent(
        page,
        signed_form=flows.pdf_file(tmp_path),
        agencies=[other_agency.name],
        purposes=[flows.PURPOSE_S47, cat.label(cat.PURPOSES, "health_care")],
    )
    flows.fill_date(page, "When should it be reviewed? (optional)", TODAY + datetime.timedelta(90))
    flows.save_consent(page)

    expect(page).to_have_url(re.compile(r"/consents/\d+/$"))
    expect(page.get_by_role("heading", name="Consent: consent given")).to_be_visible()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Consent record saved for Karen Clarke"
    )
    expect(summary_value(page, "Who was asked")).to_have_text(
        "Karen Clarke (A person with parental responsibility)"
    )
    for told in flows.ALL_TOLD:
        expect(summary_value(page, "What they were told")).to_contain_text(f"Yes: {told}")
    expect(summary_value(page, "For purposes")).to_have_text(
        f"{flows.PURPOSE_S47}, {cat.label(cat.PURPOSES, 'health_care')}"
    )
    expect(summary_value(page, "With organisations")).to_have_text(other_agency.name)
    expect(summary_value(page, "Answer given on")).to_have_text(f"{TODAY:%-d %B %Y}")
    assert_accessible(page)  # the consent record

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the signed form").click()
    consent = ConsentRecord.objects.get()
    assert download.value.suggested_filename == f"consent-{consent.pk}.pdf"
    assert download.value.path().read_bytes().startswith(b"%PDF-1.4")
    assert AuditEvent.objects.filter(object_type="consent_form", object_id=str(consent.pk)).exists()

    page.get_by_role("button", name="Record that consent was withdrawn").click()
    expect(page.get_by_role("heading", name="Record withdrawal of consent")).to_be_visible()
    assert_accessible(page)  # the withdraw page
    withdraw = page.get_by_role("button", name="Record withdrawal")
    how = field(page, "How was it withdrawn, and what did they say?")
    withdraw.click()
    expect_errors(
        page,
        {
            "Enter the date withdrawn": group(page, "When was consent withdrawn?"),
            "Describe how consent was withdrawn": how,
        },
    )
    assert_accessible(page)

    tomorrow = TODAY + datetime.timedelta(days=1)
    flows.fill_date(page, "When was consent withdrawn?", tomorrow)
    how.fill("She telephoned to say she no longer agrees")
    withdraw.click()
    expect_errors(
        page,
        {"Date withdrawn must be today or in the past": group(page, "When was consent withdrawn?")},
    )
    flows.expect_date(page, "When was consent withdrawn?", tomorrow)
    expect(how).to_have_value("She telephoned to say she no longer agrees")

    yesterday = TODAY - datetime.timedelta(days=1)
    flows.fill_date(page, "When was consent withdrawn?", yesterday)
    withdraw.click()
    expect_errors(
        page,
        {
            "Date withdrawn must be on or after the date consent was given": group(
                page, "When was consent withdrawn?"
            )
        },
    )

    flows.fill_date(page, "When was consent withdrawn?", TODAY)
    withdraw.click()
    expect(page.get_by_role("heading", name="Consent: consent withdrawn")).to_be_visible()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Withdrawal of consent recorded"
    )
    expect(summary_value(page, "Withdrawn")).to_have_text(
        f"{TODAY:%-d %B %Y}: She telephoned to say she no longer agrees"
    )
    expect(page.get_by_role("button", name="Record that consent was withdrawn")).to_have_count(0)
    consent.refresh_from_db()
    assert (consent.outcome, consent.withdrawn_on) == ("withdrawn", TODAY)


def test_a_childs_refusal_records_their_understanding(page, allocated_case, other_agency):
    sign_in(page, "practitioner")
    page.goto(f"/cases/{allocated_case.pk}/consents/new/")
    hint = page.get_by_test_id("capacity-hint")
    # Born 17 May 2012: 12 or over, so generally expected to understand (L 4.3.16).
    expect(hint).to_have_text(cat.label(cat.CAPACITY_HINTS, "generally_expected"))
    shown = [entry.label for entry in cat.GILLICK_CRITERIA[:6]]
    flows.tick(page, "Which of these did the child show?", shown)
    flows.choose(
        page,
        "Is the child able to make their own decision about sharing?",
        "Yes, the child has sufficient understanding",
    )
    field(page, "How you assessed their understanding").fill("Talked it through at school")
    flows.fill_consent(
        page,
        who="child",
        name="Amelia Clarke",
        form="explicit_verbal",
        verbal_details="Said no when we met at school on Monday",
        outcome="refused",
        purposes=[],
    )
    field(page, "Do the child and a parent disagree? Record it here (optional)").fill(
        "Her mother agrees to sharing"
    )
    assert_accessible(page)  # the consent form, filled in for a child
    flows.save_consent(page)

    expect(page.get_by_role("heading", name="Consent: consent refused")).to_be_visible()
    expect(summary_value(page, "Able to decide for themselves")).to_have_text("Yes")
    understanding = summary_value(page, "Understanding")
    for entry in cat.GILLICK_CRITERIA:
        said = "Yes" if entry.label in shown else "No"
        expect(understanding).to_contain_text(f"{said}: {entry.label}")
    expect(understanding).to_contain_text("Talked it through at school")
    expect(summary_value(page, "Form")).to_have_text(
        "Explicit consent given verbally: Said no when we met at school on Monday"
    )
    expect(summary_value(page, "Child and parent disagree")).to_have_text(
        "Her mother agrees to sharing"
    )
    expect(page.get_by_role("button", name="Record that consent was withdrawn")).to_have_count(0)
    assert_accessible(page)
    consent = ConsentRecord.objects.get()
    assert (consent.giver_role, consent.competent, consent.outcome) == ("child", True, "refused")

"""An auditor opens a case's disclosure history, checks it with axe, downloads each format."""

import csv
import io
import json
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from records import services
from tests.browser.helpers import assert_accessible, sign_in
from tests.records.test_history import busy_case  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_auditor_reads_and_downloads_the_history(page, case, lead_officer, practitioner, auditor):
    services.case_allocate(actor=lead_officer, case=case, user=practitioner)
    services.record_view(actor=practitioner, object_type="case", object_id=case.pk, case=case)
    sign_in(page, "auditor")
    page.goto(f"/cases/{case.pk}/")
    expect(page.get_by_role("heading", name="Recent access to this record")).to_be_visible()
    page.get_by_role("link", name="Disclosure history and exports").click()
    expect(
        page.get_by_role("heading", name=f"Disclosure history for {case.child_name}")
    ).to_be_visible()
    expect(page.get_by_test_id("verification")).to_contain_text("Intact")
    # What was shared leads; the access events are left out until asked for (ADR 0032).
    expect(page.get_by_role("heading", name="What was shared")).to_be_visible()
    expect(page.get_by_role("heading", name="Decisions not to share")).to_be_visible()
    expect(page.locator("[data-kind='access']")).to_have_count(0)
    expect(page.get_by_test_id("hidden-access")).to_be_visible()
    assert_accessible(page)

    page.get_by_text("Filter events").click()
    page.get_by_label("Access: views, downloads and refused attempts", exact=True).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("[data-kind]")).to_have_count(1)
    expect(page.locator("[data-kind='access']")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/audit/cases/{case.pk}/history/")
    page.get_by_role("link", name="Show access events").click()
    expect(page.locator("[data-kind]").last).to_have_attribute("data-kind", "access")

    downloads = {}
    for name, link, extension in (
        ("pdf", "PDF (to file)", "pdf"),
        ("events-csv", "Events as CSV (a row per event)", "csv"),
        ("csv", "Disclosures as CSV (a row per disclosure)", "csv"),
        ("json", "JSON", "json"),
    ):
        with page.expect_download() as info:
            page.get_by_role("link", name=link).click()
        downloads[name] = info.value.path().read_bytes()
        assert info.value.suggested_filename.endswith(f".{extension}")

    rows = list(csv.DictReader(io.StringIO(downloads["events-csv"].decode("utf-8-sig"))))
    assert next(csv.reader(io.StringIO(downloads["csv"].decode("utf-8-sig"))))[0] == "Date shared"
    document = json.loads(downloads["json"])
    csv_ids = [int(row["event_id"]) for row in rows]
    json_ids = [event["id"] for event in document["events"]]
    # Each download is itself logged, so each later file holds one more event.
    assert json_ids[: len(csv_ids)] == csv_ids
    actions = {row["action"] for row in rows}
    assert {"allocation.changed", "case.viewed", "history.viewed"} <= actions
    pdf_text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(downloads["pdf"])).pages).split()
    )
    for event_id in csv_ids[:-1]:
        assert f"event {event_id} " in pdf_text
    assert "Case check: intact" in pdf_text  # the chain check, in words (issue 13 PDF)


def test_a_long_history_pages_its_record_accessibly(
    page, case, lead_officer, practitioner, auditor
):
    """Issue 13: 100 events a page, GOV.UK pagination (checked with axe), filters kept."""
    services.case_allocate(actor=lead_officer, case=case, user=practitioner)
    for _ in range(120):
        services.record_view(actor=practitioner, object_type="case", object_id=case.pk, case=case)
    sign_in(page, "auditor")
    page.goto(f"/audit/cases/{case.pk}/history/?access=on")
    expect(page.locator("[data-event]")).to_have_count(100)
    pages = page.get_by_role("navigation", name="Pages of the full record of events")
    expect(pages).to_be_visible()
    assert_accessible(page)
    pages.get_by_role("link", name="Next page").click()
    expect(page).to_have_url(
        re.compile(rf"/audit/cases/{case.pk}/history/\?access=on&page=2#record$")
    )
    expect(page.get_by_test_id("record-range")).to_contain_text("Events 101 to")
    expect(pages.get_by_role("link", name="Page 2")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("heading", name="What was shared")).to_be_visible()
    assert_accessible(page)


def test_the_disclosures_are_paged_with_govuk_pagination_that_passes_axe(
    page,
    busy_case,  # noqa: F811  (the fixture, imported from the history tests)
    practitioner,
    other_agency,
    auditor,
    monkeypatch,
):
    """Issue 13 / ADR 0040: a long summary is shown a page at a time; its pagination is
    GOV.UK's, keeps the other parts' pages, and the paged page passes axe."""
    from records import history
    from tests.records.test_history import _more_decisions

    _more_decisions(busy_case, practitioner, other_agency, ["share", "share"])
    monkeypatch.setattr(history, "SUMMARY_PAGE_SIZE", 1)  # the live server runs in-process
    sign_in(page, "auditor")
    page.goto(f"/audit/cases/{busy_case.pk}/history/")
    expect(page.get_by_test_id("disclosure-count")).to_have_text("3 disclosures")
    expect(page.locator("[data-disclosure]")).to_have_count(1)
    nav = page.get_by_role("navigation", name="Pages of the disclosures")
    assert_accessible(page)
    nav.get_by_role("link", name="Next page").click()
    expect(page.get_by_test_id("disclosures-range")).to_have_text(
        "Disclosures 2 to 2 of 3, earliest first."
    )
    expect(nav.get_by_role("link", name="Page 2")).to_have_attribute("aria-current", "page")
    assert_accessible(page)

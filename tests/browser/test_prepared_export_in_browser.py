"""The "your file is being prepared" page, in Chromium with axe: it checks by itself and
offers the download when the worker has made the PDF (issue 13, docs/adr/0039)."""

import pytest
from playwright.sync_api import expect

from records import prepared, services
from records.models import PreparedExport
from tests.browser.helpers import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_being_prepared_page_offers_the_download_once_the_worker_has_made_it(
    page, case, lead_officer, auditor, settings
):
    settings.HISTORY_PDF_INLINE_MAX_EVENTS = 2
    for _ in range(4):
        services.record_view(actor=lead_officer, object_type="case", object_id=case.pk, case=case)
    sign_in(page, "auditor")
    page.goto(f"/audit/cases/{case.pk}/history/?format=pdf&access=on")
    expect(page.get_by_role("heading", name="Your file is being prepared")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("checks for it every few seconds")
    assert_accessible(page)
    # The worker's half, as `procrastinate worker` runs it (tests/records/ run the real one).
    prepared.export_make(PreparedExport.objects.get().pk)
    expect(page.get_by_role("heading", name="Your file is ready")).to_be_visible(timeout=15_000)
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert download.value.suggested_filename.startswith(case.reference)

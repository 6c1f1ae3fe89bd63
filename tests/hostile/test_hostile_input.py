"""The four ways bad input reached a 500, each fixed at its root, and the other limits on
what a request may carry."""

import os
import stat

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from audit.middleware import client_ip
from audit.models import AuditEvent
from records import pdf
from records.formfields import GovDateField
from sharing.models import Decision, FollowUp
from tests.factories.sharing import TODAY

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("part", [0, 1, 2])
def test_a_date_part_of_ten_digits_is_not_a_real_date(part):
    parts = ["27", "3", "2015"]
    parts[part] = "9" * 10
    field = GovDateField(label_text="Date of birth")
    with pytest.raises(Exception, match="Date of birth must be a real date"):
        field.clean(parts)


def test_a_nul_byte_in_the_case_search_is_refused_not_sent_to_the_database(client, practitioner):
    client.force_login(practitioner)
    response = client.get("/cases/?q=%00")
    assert response.status_code == 400
    assert "null character" in response.content.decode()


def test_an_unknown_export_format_is_the_page_and_is_never_written_to_the_log(
    client, lead_officer, case
):
    client.force_login(lead_officer)
    url = reverse("records:case_history", args=[case.pk])
    assert client.get(url + "?format=pdf%00").status_code == 400
    assert client.get(url + "?format=xlsx").status_code == 200
    viewed = AuditEvent.objects.get(action="history.viewed")
    assert viewed.payload["format"] == "html"


@pytest.fixture
def follow_up(allocated_case, practitioner):
    decision = Decision.objects.create(
        case=allocated_case, author=practitioner, kind="proactive", status="submitted"
    )
    return FollowUp.objects.create(
        decision=decision, kind=FollowUp.Kind.CONFIRM_IN_WRITING, due_on=TODAY
    )


def test_follow_up_notes_over_2000_characters_are_refused_with_a_message_and_kept(
    client, practitioner, follow_up
):
    client.force_login(practitioner)
    url = reverse("sharing:follow_up_done", args=[follow_up.decision_id, follow_up.pk])
    notes = "Confirmed by secure e-mail. " * 80
    response = client.post(url, {"notes": notes})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Notes must be 2,000 characters or fewer" in body
    assert notes.strip() in body  # nothing typed is lost
    follow_up.refresh_from_db()
    assert follow_up.done_at is None


def test_follow_up_notes_within_the_limit_are_saved_whole(client, practitioner, follow_up):
    client.force_login(practitioner)
    url = reverse("sharing:follow_up_done", args=[follow_up.decision_id, follow_up.pk])
    assert client.post(url, {"notes": "n" * 2000}).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.notes == "n" * 2000


def test_an_auditor_is_not_offered_the_add_person_form(client, auditor, case):
    client.force_login(auditor)
    assert client.get(reverse("records:person_add", args=[case.pk])).status_code == 403


def test_a_body_over_the_limit_is_refused_before_it_is_read(client, practitioner, settings):
    client.force_login(practitioner)
    response = client.generic(
        "POST",
        "/cases/new/",
        b"x" * 10,
        content_type="application/octet-stream",
        CONTENT_LENGTH=str(settings.MAX_REQUEST_BODY + 1),
    )
    assert response.status_code == 413
    assert "too big" in response.content.decode()


def test_uploaded_files_are_readable_by_the_service_alone(settings, tmp_path):
    from consent.storage import private_storage

    settings.PRIVATE_MEDIA_ROOT = tmp_path
    name = private_storage().save("signed/form.pdf", SimpleUploadedFile("f.pdf", b"%PDF-1.4"))
    mode = stat.S_IMODE(os.stat(tmp_path / name).st_mode)
    assert mode == 0o600
    assert stat.S_IMODE(os.stat(tmp_path / "signed").st_mode) == 0o700


@pytest.mark.parametrize(
    ("trusted", "forwarded", "remote", "expected"),
    [
        (0, "6.6.6.6", "81.2.69.160", "81.2.69.160"),  # no proxy: the header is ignored
        (1, "6.6.6.6, 81.2.69.160", "10.0.0.2", "81.2.69.160"),  # the client's forgery
        (1, "81.2.69.160", "10.0.0.2", "81.2.69.160"),
        (2, "6.6.6.6, 81.2.69.160, 10.0.0.3", "10.0.0.2", "81.2.69.160"),
        (1, "", "81.2.69.160", "81.2.69.160"),  # came round the proxy
        (1, "not-an-address", "10.0.0.2", None),
    ],
)
def test_the_client_address_is_the_rightmost_hop_our_proxies_did_not_write(
    settings, trusted, forwarded, remote, expected
):
    settings.TRUSTED_PROXY_COUNT = trusted
    meta = {"REMOTE_ADDR": remote}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    assert client_ip(RequestFactory().get("/", **meta)) == expected


def test_the_audit_log_records_the_trusted_proxys_client_not_the_forged_one(
    client, settings, practitioner
):
    settings.TRUSTED_PROXY_COUNT = 1
    client.force_login(practitioner)
    client.post(
        reverse("logout"), HTTP_X_FORWARDED_FOR="6.6.6.6, 81.2.69.160", REMOTE_ADDR="10.0.0.2"
    )
    assert AuditEvent.objects.get(action="auth.signed_out").ip == "81.2.69.160"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:8000/cases/",
        "https://169.254.169.254/latest/meta-data/",
        "https://static.invalid/static/../../config/settings/base.py",
        "https://static.invalid/etc/passwd",
        "data:text/plain,hello",
    ],
)
def test_the_pdf_fetcher_refuses_anything_but_our_own_static_files(url):
    with pytest.raises(pdf.RefusedURL):
        pdf.url_fetcher().fetch(url)


def test_the_pdf_fetcher_serves_our_own_static_files():
    response = pdf.url_fetcher().fetch(pdf.BASE_URL + "static/js/init.js")
    assert b"initAll" in response.read()


def test_a_pdf_with_a_local_file_address_is_made_by_our_fetcher_which_refuses_it(tmp_path, caplog):
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not for the pdf")
    html = f'<p>Record</p><img src="file://{secret}">'
    with caplog.at_level("WARNING", logger="weasyprint"):
        assert pdf.html_to_pdf(html).startswith(b"%PDF")
    assert "RefusedURL" in caplog.text

"""History PDFs too long to make on the request are made by the background worker
(issue 13: "a request never holds a web worker for more than 2 s"; docs/adr/0039)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from procrastinate.contrib.django.models import ProcrastinateJob
from pypdf import PdfReader

from agencies.models import Role
from audit.models import AuditEvent
from notifications.models import Kind, Notification
from records import prepared, services
from records.models import PreparedExport
from tests.audit.roles import conninfo
from tests.factories.agencies import member

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def long_case(case, lead_officer, settings):
    """A case whose history is over the inline limit (set low here: the rule, not the size)."""
    settings.HISTORY_PDF_INLINE_MAX_EVENTS = 5
    for number in range(8):
        services.record_view(
            actor=lead_officer,
            object_type="case",
            object_id=case.pk,
            case=case,
            details={"n": number},
        )
    return case


def _ask(client, case):
    return client.get(
        reverse("records:case_history", args=[case.pk]), {"format": "pdf", "access": "on"}
    )


@pytest.mark.django_db
def test_a_long_history_pdf_is_queued_for_the_worker_not_made_on_the_request(
    client, long_case, auditor, django_capture_on_commit_callbacks
):
    client.force_login(auditor)
    with django_capture_on_commit_callbacks(execute=True):
        response = _ask(client, long_case)
    job = PreparedExport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("records:prepared_export", args=[job.pk])
    assert job.status == PreparedExport.Status.WAITING
    assert job.content is None
    assert job.query == "access=on"
    queued = ProcrastinateJob.objects.get(task_name="records.tasks.prepare_history_pdf")
    assert queued.args == {"export_id": job.pk}
    assert queued.queue_name == "exports"
    exported = AuditEvent.objects.get(action="history.exported")
    assert exported.payload["format"] == "pdf"
    assert exported.payload["made"] == "in the background"
    page = client.get(response["Location"])
    assert "Your file is being prepared" in page.content.decode()
    status = client.get(response["Location"], HTTP_ACCEPT="application/json")
    assert status.json() == {"status": "waiting"}


@pytest.mark.django_db
def test_a_short_history_pdf_is_still_made_on_the_request(client, case, auditor):
    client.force_login(auditor)
    response = _ask(client, case)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert not PreparedExport.objects.exists()


@pytest.mark.django_db
def test_the_worker_makes_the_pdf_keeps_it_for_the_requester_and_tells_them(
    client, long_case, auditor
):
    client.force_login(auditor)
    job = PreparedExport.objects.get(pk=_ask(client, long_case)["Location"].split("/")[-2])
    prepared.export_make(job.pk)
    job.refresh_from_db()
    assert job.status == PreparedExport.Status.READY
    assert job.filename.startswith(long_case.reference)
    page = client.get(reverse("records:prepared_export", args=[job.pk])).content.decode()
    assert "Your file is ready" in page
    download = client.get(reverse("records:prepared_export_download", args=[job.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert job.filename in download["Content-Disposition"]
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(download.content)).pages).split()
    )
    assert f"Disclosure history of {long_case.child_name}" in text
    assert text.count("Case viewed") >= 8
    told = Notification.objects.get(recipient=auditor)
    assert told.kind == Kind.FILE_READY
    assert told.url == reverse("records:prepared_export", args=[job.pk])
    assert AuditEvent.objects.get(action="history.export_prepared").payload["outcome"] == "ready"


@pytest.mark.django_db
def test_only_the_person_who_asked_can_see_or_download_a_prepared_file(
    client, long_case, auditor, agency
):
    client.force_login(auditor)
    job_url = _ask(client, long_case)["Location"]
    job = PreparedExport.objects.get()
    prepared.export_make(job.pk)
    colleague = member(agency, Role.AUDITOR, audit_scope=[agency])
    client.force_login(colleague)
    assert client.get(job_url).status_code == 404
    assert client.get(reverse("records:prepared_export_download", args=[job.pk])).status_code == 404


@pytest.mark.django_db
def test_a_prepared_file_is_deleted_when_it_expires_and_the_page_says_so(
    client, long_case, auditor
):
    client.force_login(auditor)
    _ask(client, long_case)
    job = PreparedExport.objects.get()
    prepared.export_make(job.pk)
    assert prepared.exports_expire(timezone.now() + timedelta(hours=23)) == 0
    assert prepared.exports_expire(timezone.now() + timedelta(hours=25)) == 1
    job.refresh_from_db()
    assert job.status == PreparedExport.Status.EXPIRED
    assert job.content is None
    page = client.get(reverse("records:prepared_export", args=[job.pk])).content.decode()
    assert "This file is no longer kept" in page
    download = client.get(reverse("records:prepared_export_download", args=[job.pk]))
    assert download.status_code == 302
    assert AuditEvent.objects.filter(action="history.prepared_exports_expired").count() == 1


@pytest.mark.django_db
def test_no_file_is_made_for_a_requester_who_has_since_left(client, long_case, auditor):
    client.force_login(auditor)
    _ask(client, long_case)
    job = PreparedExport.objects.get()
    auditor.is_active = False
    auditor.save(update_fields=["is_active"])
    prepared.export_make(job.pk)
    job.refresh_from_db()
    assert job.status == PreparedExport.Status.FAILED
    assert job.content is None
    assert not Notification.objects.filter(recipient=auditor).exists()


@pytest.mark.django_db(transaction=True)
def test_the_real_worker_makes_the_queued_pdf(client, long_case, auditor, settings):
    """The job goes through procrastinate's queue in PostgreSQL and a real worker process,
    connected as the runtime role, as in production."""
    client.force_login(auditor)
    _ask(client, long_case)
    job = PreparedExport.objects.get()
    info = conninfo("runtime")
    url = f"postgresql://{info['user']}@/{info['dbname']}?host={info['host']}" + (
        f"&port={info['port']}" if info.get("port") else ""
    )
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "HISTORY_PDF_INLINE_MAX_EVENTS": "5",
        "AUDIT_CHECKPOINT_DIR": str(settings.AUDIT_CHECKPOINT_DIR),
        "AUDIT_SIGNING_KEY_FILE": settings.AUDIT_SIGNING_KEY_FILE,
    }
    worker = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "procrastinate",
            "worker",
            "--one-shot",
            "--queues",
            "exports",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert worker.returncode == 0, worker.stderr
    job.refresh_from_db()
    assert job.status == PreparedExport.Status.READY, worker.stderr
    assert bytes(job.content).startswith(b"%PDF")


def test_the_task_name_queued_is_the_task_the_worker_runs():
    from records.tasks import prepare_history_pdf

    assert prepare_history_pdf.name == prepared.PREPARE_TASK
    assert prepare_history_pdf.queue == "exports"

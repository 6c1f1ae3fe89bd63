"""History PDFs too long to make on the request (docs/adr/0039).

The page asks for one (`export_prepare`: the export's audit event and a job on the
procrastinate queue, in one transaction); the worker makes it (`export_make`), keeps it for
its requester, and tells them in the service that it is ready; it is deleted when it
expires (`exports_expire`, hourly). Reads go through `prepared_or_404`: only the person who
asked, and only while they may still see the case's history.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.http import Http404, QueryDict
from django.urls import reverse
from django.utils import timezone
from procrastinate.contrib.django import app

from agencies import permissions
from audit import events
from notifications.models import Kind
from notifications.services import notification_send

from . import exports, history
from .access import get_case_or_404
from .forms import HistoryFilterForm
from .models import Case, PreparedExport
from .services import record_export

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

logger = logging.getLogger(__name__)

PREPARE_TASK = "records.tasks.prepare_history_pdf"


def made_in_background(event_count: int) -> bool:
    """Whether a PDF of this many events is made by the worker rather than on the request."""
    return event_count > settings.HISTORY_PDF_INLINE_MAX_EVENTS


def export_prepare(
    *, actor: User, case: Case, query: str, details: dict[str, object]
) -> PreparedExport:
    """Ask the worker for the PDF. The export is audited now, as the request is made."""
    now = timezone.now()
    with transaction.atomic():
        prepared = PreparedExport.objects.create(
            case=case,
            requested_by=actor,
            requested_at=now,
            query=query,
            events=int(details.get("events", 0)),  # type: ignore[call-overload]
            expires_at=now + timedelta(hours=settings.PREPARED_EXPORT_HOURS),
        )
        record_export(actor=actor, case=case, details={**details, "made": "in the background"})
        # By name, as the worker knows it (records/tasks.py), so the tasks module may import
        # this one.
        job = app.configure_task(name=PREPARE_TASK, queue="exports")
        transaction.on_commit(lambda: job.defer(export_id=prepared.pk))
    return prepared


def _filters_of(query: str) -> object:
    data = QueryDict(query)
    form = HistoryFilterForm(
        data if {"kind", "date_from_0", "date_to_0", "access"} & set(data) else None
    )
    return form.filters()


def export_make(export_id: int) -> PreparedExport | None:
    """The worker's half: build the history as its requester would see it, make the PDF,
    keep it, and tell the requester. A requester who may no longer see the case gets no file."""
    prepared = (
        PreparedExport.objects.select_related("case", "requested_by")
        .filter(pk=export_id, status=PreparedExport.Status.WAITING)
        .first()
    )
    if prepared is None:
        return None
    user = prepared.requested_by
    may_see = user.is_active and permissions.may_see_case_history(user, prepared.case)
    content, filename = None, ""
    if may_see:
        try:
            built = history.build(
                prepared.case,
                filters=_filters_of(prepared.query),  # type: ignore[arg-type]
                user=user,
                compact=True,
            )
            content = exports.pdf_bytes(built)
            filename = exports.filename(built, "pdf")
        except Exception:
            logger.exception("history PDF %s could not be made", export_id)
    with transaction.atomic():
        prepared = PreparedExport.objects.select_for_update().get(pk=export_id)
        if prepared.status != PreparedExport.Status.WAITING:
            return prepared
        prepared.status = (
            PreparedExport.Status.READY if content is not None else PreparedExport.Status.FAILED
        )
        prepared.content = content
        prepared.filename = filename
        prepared.finished_at = timezone.now()
        prepared.save(update_fields=["status", "content", "filename", "finished_at"])
        events.append(
            actor=None,
            action="history.export_prepared",
            object_type="prepared_export",
            object_id=prepared.pk,
            agency_id=prepared.case.agency_id,
            payload={
                "requested_by": user.pk,
                "outcome": prepared.status,
                "bytes": len(content) if content else 0,
            },
        )
        if may_see:
            notification_send(
                actor=None,
                recipient=user,
                kind=Kind.FILE_READY,
                url=reverse("records:prepared_export", args=[prepared.pk]),
            )
    return prepared


def exports_expire(now: object | None = None) -> int:
    """Delete the files kept past their time; the rows stay, saying the file has gone."""
    moment = now or timezone.now()
    with transaction.atomic():
        gone = list(
            PreparedExport.objects.select_for_update(skip_locked=True)
            .filter(expires_at__lte=moment)
            .exclude(status=PreparedExport.Status.EXPIRED)
            .values_list("pk", "case__agency_id")
        )
        if not gone:
            return 0
        PreparedExport.objects.filter(pk__in=[pk for pk, _ in gone]).update(
            status=PreparedExport.Status.EXPIRED, content=None
        )
        for agency_id in sorted({agency for _, agency in gone}):
            events.append(
                actor=None,
                action="history.prepared_exports_expired",
                object_type="agency",
                object_id=agency_id,
                agency_id=agency_id,
                payload={"files": sum(1 for _, agency in gone if agency == agency_id)},
            )
    return len(gone)


def prepared_or_404(user: User | AnonymousUser, *, export_id: int) -> PreparedExport:
    """One prepared file: only for the person who asked for it, and only while they may see
    the case's history. Anyone else's answers 404, another agency's case logged as refused
    (get_case_or_404)."""
    prepared = (
        PreparedExport.objects.defer("content").filter(pk=export_id).select_related("case").first()
    )
    if prepared is None:
        raise Http404("No such page")
    get_case_or_404(user, case_id=prepared.case_id)
    if prepared.requested_by_id != user.pk or not permissions.may_see_case_history(
        user, prepared.case
    ):
        raise Http404("No such page")
    return prepared


def content_of(prepared: PreparedExport) -> bytes:
    """The kept file's bytes (read only when it is downloaded)."""
    content = PreparedExport.objects.filter(pk=prepared.pk).values_list("content", flat=True)[0]
    return bytes(content) if content is not None else b""

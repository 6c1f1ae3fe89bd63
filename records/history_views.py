"""The auditor's per-case disclosure history: page, PDF, CSV and JSON."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render

from agencies import permissions

from . import exports, history, prepared, services
from .access import get_case_or_404
from .forms import HistoryFilterForm

# "csv" is the disclosures file, "events-csv" the events file (docs/exports.md).
FORMATS = ("csv", "events-csv", "json", "pdf")


def case_history(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_or_404(request.user, case_id=case_id)
    if not permissions.may_see_case_history(request.user, case):
        raise PermissionDenied
    # Only a format we make is named in the audit event: anything else is the page.
    fmt = request.GET.get("format", "html")
    if fmt not in FORMATS:
        fmt = "html"
    form = HistoryFilterForm(
        request.GET if {"kind", "date_from_0", "date_to_0", "access"} & set(request.GET) else None
    )
    filters = form.filters()
    if fmt == "pdf":
        # Counted before anything is built: a long history is not even described here, the
        # background worker makes it (ADR 0039), so queueing it takes milliseconds.
        logged = history.events_for_case(case, filters).count()
        if prepared.made_in_background(logged):
            query = request.GET.copy()
            query.pop("format", None)
            job = prepared.export_prepare(
                actor=request.user,  # type: ignore[arg-type]
                case=case,
                query=query.urlencode(),
                details={
                    "format": fmt,
                    "filters": filters.describe(),
                    "events": logged,
                    "case_check": "when the file is made",
                },
            )
            return redirect("records:prepared_export", export_id=job.pk)
    if fmt in FORMATS:
        built = history.build(case, filters=filters, user=request.user, compact=fmt == "pdf")
        details = {
            "format": fmt,
            "filters": built.filters.describe(),
            "events": len(built.views),
            "case_check": "intact" if built.check.intact else "broken",
        }
        services.record_export(actor=request.user, case=case, details=details)
        body, content_type = exports.render(built, fmt)
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{exports.filename(built, fmt)}"'
        response["Cache-Control"] = "private, no-store"
        return response
    # The page reads only what it shows (ADR 0040): its events and its summary lines.
    shown = history.build_page(
        case,
        filters=filters,
        page=request.GET.get("page"),
        disclosures_page=request.GET.get("shared"),
        not_shared_page=request.GET.get("not_shared"),
    )
    services.record_view(
        actor=request.user,
        object_type="history",
        object_id=case.pk,
        case=case,
        details={
            "format": "html",
            "filters": shown.filters.describe(),
            "events": shown.shown,
            "events_checked": shown.check.events,
            "case_check": "intact" if shown.check.intact else "broken",
        },
    )
    return render(
        request,
        "records/history.html",
        {
            "case": case,
            "history": shown,
            "record": shown.record,
            "form": form,
            # The filters, kept by the downloads (which are whole: no page) and by each
            # part's page links (which keep the other parts' pages).
            "query": _query(request, drop=PAGE_PARAMS),
            "record_query": _query(request, drop=("page",)),
            "shared_query": _query(request, drop=("shared",)),
            "not_shared_query": _query(request, drop=("not_shared",)),
        },
    )


# The page numbers of the history page's three paged parts.
PAGE_PARAMS = ("page", "shared", "not_shared")


def _query(request: HttpRequest, *, drop: tuple[str, ...]) -> str:
    query = request.GET.copy()
    for name in ("format", *drop):
        query.pop(name, None)
    return query.urlencode()


def prepared_export(request: HttpRequest, export_id: int) -> HttpResponse:
    """ "Your file is being prepared": the page checks every few seconds (js/prepared.js)
    and offers the download when the worker has made it; without scripts, a link to check."""
    job = prepared.prepared_or_404(request.user, export_id=export_id)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"status": job.status})
    context = {"job": job, "case": job.case, "hours": settings.PREPARED_EXPORT_HOURS}
    return render(request, "records/prepared_export.html", context)


def prepared_export_download(request: HttpRequest, export_id: int) -> HttpResponse:
    job = prepared.prepared_or_404(request.user, export_id=export_id)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    if job.status != job.Status.READY:
        return redirect("records:prepared_export", export_id=job.pk)
    response = HttpResponse(prepared.content_of(job), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response

"""The decision log for lead information officers and auditors (SPEC 6; docs/adr/0025)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from agencies import permissions

from .. import services
from ..decision_log import export, paging
from ..decision_log.selectors import counts, decision_log, page_rows
from ..forms.log import POSITION_PARAMS, SORT_PARAMS, LogFilterForm, compact


def review(request: HttpRequest) -> HttpResponse:
    if not permissions.may_see_decision_log(request.user):
        raise PermissionDenied
    form = LogFilterForm(
        request.GET or None, agencies=permissions.decision_log_agencies(request.user)
    )
    filters = form.filters()
    decisions = decision_log(request.user, filters=filters)
    if request.GET.get("format") == "csv":
        return _csv(request, decisions, filters)
    status = filters.get("status") or "submitted"
    sort = paging.sort_for(request.GET.get("sort", "submitted"), status)
    order = request.GET.get("order") or sort.default_order
    figures = counts(decisions)
    page = paging.log_page(
        page_rows(decisions),
        sort=sort,
        descending=order != "asc",
        total=figures["total"],
        number=_number(request.GET.get("page")),
        after=request.GET.get("after", "")[:500],
        before=request.GET.get("before", "")[:500],
        size=paging.PAGE_SIZE,
    )
    return render(
        request,
        "sharing/review.html",
        {
            "form": form,
            "page": page,
            "counts": figures,
            "tags": form.tags(request.GET),
            "sort_name": request.GET.get("sort", "submitted"),
            "order": order,
            "shows_agency": permissions.agency_led_by(request.user) is None,
            "date_parts": DATE_PARTS,
            "columns": _columns(request.GET, request.GET.get("sort", "submitted"), order),
            "query": _without(request.GET, POSITION_PARAMS),
        },
    )


# The GOV.UK date input's three parts: index, label, width.
DATE_PARTS = ((0, "Day", 2), (1, "Month", 2), (2, "Year", 4))


def _number(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() and len(raw) < 9 else 1


def _without(query: QueryDict, keys: tuple[str, ...]) -> str:
    return compact(query, drop=keys).urlencode()


def _columns(query: QueryDict, current: str, order: str) -> list[dict[str, Any]]:
    """The table's sortable headers: each links to the log sorted by it (the current one
    the other way round), filters kept, back to the first page."""
    columns = []
    for name in ("submitted", "child", "reference", "outcome", "practitioner"):
        sort = paging.SORTS[name]
        active = name == current
        next_order = ("asc" if order == "desc" else "desc") if active else sort.default_order
        kept = compact(query, drop=(*POSITION_PARAMS, *SORT_PARAMS))
        kept["sort"], kept["order"] = name, next_order
        columns.append(
            {
                "name": name,
                "label": sort.label,
                "url": f"?{kept.urlencode()}",
                "aria_sort": ("ascending" if order == "asc" else "descending")
                if active
                else "none",
            }
        )
    return columns


def _csv(request: HttpRequest, decisions: Any, filters: dict[str, Any]) -> HttpResponse:
    services.decision_log_export_record(actor=request.user, filters=filters)
    response = StreamingHttpResponse(
        export.csv_stream(decisions), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="decision-log-{stamp}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response

"""The decision log for lead information officers and auditors."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from agencies import permissions

from .. import services
from ..decision_log import export
from ..decision_log.selectors import counts, decision_log
from ..forms.log import LogFilterForm

PAGE_SIZE = 50


def review(request: HttpRequest) -> HttpResponse:
    if not permissions.may_see_decision_log(request.user):
        raise PermissionDenied
    agencies = permissions.decision_log_agencies(request.user)
    form = LogFilterForm(request.GET or None, agencies=agencies)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {"status": "submitted"}
    decisions = decision_log(request.user, filters=filters)
    if request.GET.get("format") == "csv":
        services.decision_log_export_record(actor=request.user, filters=filters)
        response = StreamingHttpResponse(
            export.csv_stream(decisions), content_type="text/csv; charset=utf-8"
        )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="decision-log-{stamp}.csv"'
        response["Cache-Control"] = "private, no-store"
        return response
    page = Paginator(
        decisions.select_related("case", "case__agency", "author", "recipient_agency"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return render(
        request,
        "sharing/review.html",
        {"form": form, "page": page, "counts": counts(decisions), "query": query.urlencode()},
    )

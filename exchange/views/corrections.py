"""Corrections of shared information (O 12.3): recorded on the case, told to everyone."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from agencies import permissions
from records import services as record_services
from records.access import get_case_or_404
from records.formfields import apply_service_errors

from .. import selectors, services
from ..forms import CorrectionForm, ToldForm


@require_http_methods(["GET", "POST"])
def correction_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_or_404(request.user, case_id=case_id)
    if not permissions.may_record_on(request.user, case):
        raise PermissionDenied
    disclosures = list(selectors.disclosures_of_case(case=case))
    form = CorrectionForm(request.POST or None, disclosures=disclosures)
    if request.method == "POST" and form.is_valid():
        try:
            correction = services.correction_record(
                actor=request.user,
                case=case,
                disclosures=form.chosen(),
                inaccurate=form.cleaned_data["inaccurate"],
                corrected=form.cleaned_data["corrected"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Correction recorded")
            return redirect("exchange:correction_detail", correction_id=correction.pk)
    return render(
        request,
        "exchange/correction_new.html",
        {"form": form, "case": case, "has_disclosures": bool(disclosures)},
    )


def correction_detail(request: HttpRequest, correction_id: int) -> HttpResponse:
    correction = selectors.get_correction_or_404(request.user, correction_id=correction_id)
    record_services.record_view(
        actor=request.user, object_type="correction", object_id=correction.pk, case=correction.case
    )
    today = timezone.localdate()
    return render(
        request,
        "exchange/correction_detail.html",
        {
            "correction": correction,
            "case": correction.case,
            "notices": list(correction.notices.all()),
            "overdue": today > correction.due_on,
            "can_record": permissions.may_record_on(request.user, correction.case),
        },
    )


@require_http_methods(["GET", "POST"])
def correction_told(request: HttpRequest, correction_id: int, notice_id: int) -> HttpResponse:
    correction = selectors.get_correction_or_404(request.user, correction_id=correction_id)
    if not permissions.may_record_on(request.user, correction.case):
        raise PermissionDenied
    notice = selectors.correction_notice_or_404(correction=correction, notice_id=notice_id)
    form = ToldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.correction_mark_told(actor=request.user, notice=notice, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Recorded that {notice.recipient_name} was told")
            return redirect("exchange:correction_detail", correction_id=correction.pk)
    return render(
        request,
        "exchange/correction_told.html",
        {"form": form, "correction": correction, "notice": notice},
    )

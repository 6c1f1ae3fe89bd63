from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from agencies import permissions
from records import services as record_services
from records.access import get_case_or_404
from records.formfields import apply_service_errors

from . import catalogues as cat
from . import services
from .forms import ConsentRecordForm, WithdrawForm
from .selectors import get_consent_or_404


def _safe_next(request: HttpRequest) -> str | None:
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=False
    ):
        return target
    return None


@require_http_methods(["GET", "POST"])
def consent_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_or_404(request.user, case_id=case_id)
    if not permissions.may_record_on(request.user, case):
        raise PermissionDenied
    hint_code = cat.capacity_hint(case.age_on(timezone.localdate()))
    hint = cat.label(cat.CAPACITY_HINTS, hint_code)
    form = ConsentRecordForm(
        request.POST or None, request.FILES or None, case=case, capacity_hint=hint
    )
    if request.method == "POST" and form.is_valid():
        try:
            consent = services.consent_record(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Consent record saved for {consent.giver_name}")
            target = _safe_next(request)
            return (
                HttpResponseRedirect(target)
                if target
                else redirect("consent:consent_detail", consent_id=consent.pk)
            )
    return render(request, "consent/consent_form.html", {"form": form, "case": case})


def consent_detail(request: HttpRequest, consent_id: int) -> HttpResponse:
    consent = get_consent_or_404(request.user, consent_id=consent_id)
    record_services.record_view(
        actor=request.user, object_type="consent", object_id=consent.pk, case=consent.case
    )
    return render(
        request,
        "consent/consent_detail.html",
        {
            "consent": consent,
            "case": consent.case,
            "criteria": [
                (e.label, e.code in consent.capacity_criteria_met) for e in cat.GILLICK_CRITERIA
            ],
            "told": [(e.label, e.code in consent.told) for e in cat.TOLD_ITEMS],
            "purposes": [cat.label(cat.PURPOSES, code) for code in consent.scope_purposes],
            "can_change": permissions.may_record_on_case_of(request.user, consent),
        },
    )


@require_http_methods(["GET", "POST"])
def consent_withdraw(request: HttpRequest, consent_id: int) -> HttpResponse:
    consent = get_consent_or_404(request.user, consent_id=consent_id)
    if not permissions.may_record_on_case_of(request.user, consent):
        raise PermissionDenied
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_withdraw(actor=request.user, consent=consent, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Withdrawal of consent recorded")
            return redirect("consent:consent_detail", consent_id=consent.pk)
    return render(
        request, "consent/withdraw.html", {"form": form, "consent": consent, "case": consent.case}
    )


def signed_form(request: HttpRequest, consent_id: int) -> FileResponse:
    consent = get_consent_or_404(request.user, consent_id=consent_id)
    if not consent.signed_form:
        raise Http404("No signed form")
    record_services.record_view(
        actor=request.user, object_type="consent_form", object_id=consent.pk, case=consent.case
    )
    extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}.get(
        consent.signed_form_type, "bin"
    )
    response = FileResponse(
        consent.signed_form.open("rb"),
        content_type=consent.signed_form_type,
        as_attachment=True,
        filename=f"consent-{consent.pk}.{extension}",
    )
    response["Cache-Control"] = "private, no-store"
    return response

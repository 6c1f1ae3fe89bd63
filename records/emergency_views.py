"""Emergency access pages: a practitioner asks for it; the lead officer reviews it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from agencies import permissions

from . import emergency_selectors as selectors
from . import emergency_services as services
from .emergency_forms import EmergencyAccessForm, EmergencyReviewForm
from .formfields import apply_service_errors
from .models import EMERGENCY_ACCESS_HOURS
from .selectors import cases_visible_to


@require_http_methods(["GET", "POST"])
def emergency_access(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_for_emergency_access_or_404(request.user, case_id=case_id)
    if cases_visible_to(request.user).filter(pk=case.pk).exists():
        return redirect("records:case_detail", case_id=case.pk)
    if not permissions.may_ask_emergency_access(request.user, case):
        raise PermissionDenied
    form = EmergencyAccessForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            access = services.emergency_access_grant(
                actor=request.user, case=case, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            until = timezone.localtime(access.expires_at)
            messages.success(
                request,
                f"You can see this case until {until:%H:%M on %-d %B}. "
                "Your lead information officer will review this access.",
            )
            return redirect("records:case_detail", case_id=case.pk)
    return render(
        request,
        "records/emergency_access.html",
        {"form": form, "case": case, "hours": EMERGENCY_ACCESS_HOURS},
    )


@require_http_methods(["GET", "POST"])
def emergency_access_review(request: HttpRequest, emergency_access_id: int) -> HttpResponse:
    access = selectors.get_emergency_access_or_404(
        request.user, emergency_access_id=emergency_access_id
    )
    if not permissions.may_review_emergency_access(request.user, access):
        raise PermissionDenied
    form = EmergencyReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and access.reviewed_at is None and form.is_valid():
        try:
            services.emergency_access_review(actor=request.user, access=access, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Your review of the emergency access is recorded")
            return redirect("home")
    return render(
        request,
        "records/emergency_review.html",
        {"form": form, "access": access, "looked_at": selectors.views_during(access)},
    )

"""The steps on a request: its case, the clock's pauses, the written follow-up, the answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from agencies import permissions
from records.formfields import apply_service_errors
from records.forms import CaseForm

from .. import selectors, services
from ..forms import CaseChoiceForm, FollowUpForm, PauseForm, ResumeForm
from ..models import InformationRequest


def _managed(request: HttpRequest, request_id: int) -> InformationRequest:
    info = selectors.get_request_or_404(request.user, request_id=request_id)
    if not permissions.may_manage_request(request.user, info):
        raise PermissionDenied
    return info


def _step(
    request: HttpRequest,
    info: InformationRequest,
    form: Form,
    save: Callable[[dict[str, Any]], object],
    *,
    title: str,
    done: str,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("exchange:request_detail", request_id=info.pk)
    return render(
        request, "exchange/request_step.html", {"form": form, "info": info, "title": title}
    )


@require_http_methods(["GET", "POST"])
def request_case(request: HttpRequest, request_id: int) -> HttpResponse:
    info = _managed(request, request_id)
    cases = selectors.cases_for_linking(request.user, agency_id=info.agency_id)
    form = CaseChoiceForm(
        request.POST or None, cases=cases, label="Which child is the request about?"
    )
    return _step(
        request,
        info,
        form,
        lambda data: services.request_link_case(
            actor=request.user, request=info, case=data["case"]
        ),
        title="Which child is the request about?",
        done="Request linked to the case",
    )


@require_http_methods(["GET", "POST"])
def request_case_new(request: HttpRequest, request_id: int) -> HttpResponse:
    info = _managed(request, request_id)
    form = CaseForm(request.POST or None)
    return _step(
        request,
        info,
        form,
        lambda data: services.request_open_case(actor=request.user, request=info, **data),
        title="Open a case for the child the request is about",
        done="Case opened and linked to the request",
    )


@require_http_methods(["GET", "POST"])
def request_pause(request: HttpRequest, request_id: int) -> HttpResponse:
    info = _managed(request, request_id)
    return _step(
        request,
        info,
        PauseForm(request.POST or None),
        lambda data: services.request_pause(actor=request.user, request=info, **data),
        title="Pause the clock while the requester clarifies",
        done="Clock paused",
    )


@require_http_methods(["GET", "POST"])
def request_resume(request: HttpRequest, request_id: int) -> HttpResponse:
    info = _managed(request, request_id)
    return _step(
        request,
        info,
        ResumeForm(request.POST or None),
        lambda data: services.request_resume(actor=request.user, request=info, **data),
        title="Restart the clock",
        done="Clock restarted: the due date has moved on",
    )


@require_http_methods(["GET", "POST"])
def request_follow_up(request: HttpRequest, request_id: int) -> HttpResponse:
    info = _managed(request, request_id)
    return _step(
        request,
        info,
        FollowUpForm(request.POST or None),
        lambda data: services.request_follow_up_record(actor=request.user, request=info, **data),
        title="Record the written follow-up",
        done="Written follow-up recorded",
    )


def request_decide(request: HttpRequest, request_id: int) -> HttpResponse:
    info = selectors.get_request_or_404(request.user, request_id=request_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not info.is_incoming:
        raise PermissionDenied
    if info.case is None:
        return redirect("exchange:request_case", request_id=info.pk)
    if not permissions.may_record_on(request.user, info.case):
        raise PermissionDenied
    decision = services.request_answer_start(actor=request.user, request=info)
    if not decision.is_draft:
        return redirect("sharing:decision_detail", decision_id=decision.pk)
    return redirect("sharing:question", decision_id=decision.pk, number=1)

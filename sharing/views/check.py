"""The end of the guided decision: check your answers, submit, the confirmation; and
discarding a draft."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from agencies import permissions

from .. import selectors, services
from ..naming import draft_name
from ..screens import check_page, confirmation_page
from .flow import draft_for_author


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = draft_for_author(request, decision_id)
    if not decision.is_draft:
        return redirect("sharing:decision_detail", decision_id=decision.pk)
    if request.method == "GET" and "resume" in request.GET:  # older links: the task list
        return redirect("sharing:decision_detail", decision_id=decision.pk)
    progress = selectors.draft_progress(request.user, decision=decision)
    error = None
    if request.method == "POST":
        try:
            services.decision_submit(actor=request.user, decision=decision)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            return redirect("sharing:confirmation", decision_id=decision.pk)
    return render(request, "sharing/check.html", check_page(progress, error))


def confirmation(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = selectors.get_decision_or_404(request.user, decision_id=decision_id)
    if decision.is_draft or not permissions.may_continue_draft(request.user, decision):
        return redirect("sharing:decision_detail", decision_id=decision.pk)
    return render(request, "sharing/confirmation.html", confirmation_page(decision))


@require_http_methods(["GET", "POST"])
def discard(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = draft_for_author(request, decision_id)
    if not decision.is_draft:
        raise PermissionDenied
    name = draft_name(decision.kind, decision.answers)
    error = None
    if request.method == "POST":
        case_id = decision.case_id
        try:
            services.decision_discard(actor=request.user, decision=decision)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, f"Draft discarded: {name}")
            return redirect("records:case_detail", case_id=case_id)
    context = {"decision": decision, "case": decision.case, "name": name, "error": error}
    return render(request, "sharing/discard.html", context)

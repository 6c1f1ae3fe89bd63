"""The eight key questions, one per page, each saved to the draft as it is submitted."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from agencies import permissions
from records.access import get_case_or_404

from .. import selectors, services
from ..forms import QUESTION_FORMS, StartForm
from ..models import Decision
from ..presenters import check_page, question_page


@require_http_methods(["GET", "POST"])
def decision_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_or_404(request.user, case_id=case_id)
    if not permissions.may_record_on(request.user, case):
        raise PermissionDenied
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision = services.decision_start(
            actor=request.user,
            case=case,
            kind=form.cleaned_data["kind"],
            start=form.start_answers(),
        )
        return redirect("sharing:question", decision_id=decision.pk, number=1)
    return render(request, "sharing/start.html", {"form": form, "case": case})


def _draft_for_author(request: HttpRequest, decision_id: int) -> Decision:
    decision = selectors.get_decision_or_404(request.user, decision_id=decision_id)
    if not permissions.may_continue_draft(request.user, decision):
        raise PermissionDenied
    return decision


@require_http_methods(["GET", "POST"])
def question(request: HttpRequest, decision_id: int, number: int) -> HttpResponse:
    decision = _draft_for_author(request, decision_id)
    if not decision.is_draft:
        return redirect("sharing:decision_detail", decision_id=decision.pk)
    progress = selectors.draft_progress(request.user, decision=decision)
    if number not in progress.route:  # a page this branch does not visit, or not reached yet
        return redirect("sharing:question", decision_id=decision.pk, number=progress.route[-1])
    form = QUESTION_FORMS[number](
        request.POST or None, stored=decision.answers.get(f"q{number}"), context=progress.context
    )
    if request.method == "POST" and form.is_valid():
        decision = services.decision_save_answer(
            actor=request.user, decision=decision, number=number, answers=form.answers()
        )
        progress = progress.with_answers(decision)
        following = progress.next_after(number)
        if following is None or (request.GET.get("return") == "check" and not progress.missing):
            return redirect("sharing:check", decision_id=decision.pk)
        return redirect("sharing:question", decision_id=decision.pk, number=following)
    return render(request, "sharing/question.html", question_page(progress, form, number))


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = _draft_for_author(request, decision_id)
    if not decision.is_draft:
        return redirect("sharing:decision_detail", decision_id=decision.pk)
    progress = selectors.draft_progress(request.user, decision=decision)
    if request.method == "GET" and "resume" in request.GET and progress.missing:
        # "Continue decision N" on the case page: back to where the practitioner stopped.
        return redirect("sharing:question", decision_id=decision.pk, number=progress.missing[0])
    error = None
    if request.method == "POST":
        try:
            services.decision_submit(actor=request.user, decision=decision)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            return redirect("sharing:decision_detail", decision_id=decision.pk)
    return render(request, "sharing/check.html", check_page(progress, error))

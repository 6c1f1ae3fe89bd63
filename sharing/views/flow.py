"""The eight key questions, one per page, each saved to the draft as it is submitted."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from consent.services import may_record_on
from records.access import get_case_or_404

from .. import guidance, selectors, services
from ..forms import QUESTION_FORMS, StartForm
from ..models import Decision
from ..presenters import answer_rows, flag_rows


@require_http_methods(["GET", "POST"])
def decision_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_or_404(request.user, case_id)
    if not may_record_on(request.user, case):
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
    decision = selectors.get_decision_or_404(request.user, decision_id)
    if decision.author_id != request.user.pk:
        raise PermissionDenied
    return decision


@require_http_methods(["GET", "POST"])
def question(request: HttpRequest, decision_id: int, number: int) -> HttpResponse:
    decision = _draft_for_author(request, decision_id)
    if not decision.is_draft:
        return redirect("sharing:decision_detail", decision_id=decision.pk)
    path = guidance.route(selectors.guidance_input(decision))
    if number not in path:  # a page this branch does not visit, or not reached yet
        return redirect("sharing:question", decision_id=decision.pk, number=path[-1])
    form_class = QUESTION_FORMS[number]
    form = form_class(
        request.POST or None,
        stored=decision.answers.get(f"q{number}"),
        context=selectors.question_context(decision),
    )
    if request.method == "POST" and form.is_valid():
        decision = services.decision_save_answer(
            actor=request.user, decision=decision, number=number, answers=form.answers()
        )
        following = guidance.next_question(selectors.guidance_input(decision), number)
        back_to_check = request.GET.get("return") == "check" and not selectors.unanswered(decision)
        if following is None or back_to_check:
            return redirect("sharing:check", decision_id=decision.pk)
        return redirect("sharing:question", decision_id=decision.pk, number=following)
    index = path.index(number)
    back = (
        reverse("sharing:question", args=[decision.pk, path[index - 1]])
        if index
        else reverse("records:case_detail", args=[decision.case_id])
    )
    context = {
        "form": form,
        "decision": decision,
        "case": decision.case,
        "number": number,
        "title": form_class.title,
        "source": form_class.source,
        "back": back,
    }
    if number == 8:
        result = selectors.evaluate(decision, without_decision=True)
        context.update(guidance=result, flags=flag_rows(result.flags))
    return render(request, "sharing/question.html", context)


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = _draft_for_author(request, decision_id)
    if not decision.is_draft:
        return redirect("sharing:decision_detail", decision_id=decision.pk)
    missing = selectors.unanswered(decision)
    if request.method == "GET" and "resume" in request.GET and missing:
        # "Continue decision N" on the case page: back to where the practitioner stopped.
        return redirect("sharing:question", decision_id=decision.pk, number=missing[0])
    error = None
    if request.method == "POST":
        try:
            services.decision_submit(actor=request.user, decision=decision)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            return redirect("sharing:decision_detail", decision_id=decision.pk)
    result = selectors.evaluate(decision)
    path = guidance.route(selectors.guidance_input(decision))
    return render(
        request,
        "sharing/check.html",
        {
            "decision": decision,
            "case": decision.case,
            "guidance": result,
            "flags": flag_rows(result.flags),
            "sections": answer_rows(decision, path, change=True),
            "missing": missing,
            "error": error,
        },
    )

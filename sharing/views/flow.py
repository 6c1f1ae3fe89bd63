"""The guided decision: the start, what it is about, and the question pages. Each page is
saved to the draft as it is submitted; "Save and come back later" keeps it even with
problems (docs/adr/0022)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.datastructures import MultiValueDict
from django.views.decorators.http import require_http_methods

from agencies import officers, permissions
from records.access import get_case_or_404

from .. import journey, selectors, services
from ..forms import AboutForm, KindForm, PageForm, form_for
from ..forms.items import ItemsPage
from ..models import Decision
from ..presenters import page_url
from ..progress import DraftProgress
from ..screens import question_page

NOT_TYPED = {"csrfmiddlewaretoken", "seen", "later", "continue", "add_item", "remove_item"}


@require_http_methods(["GET", "POST"])
def decision_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_or_404(request.user, case_id=case_id)
    if not permissions.may_record_on(request.user, case):
        raise PermissionDenied
    form = KindForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision = services.decision_start(
            actor=request.user, case=case, kind=form.cleaned_data["kind"], start={}
        )
        return redirect("sharing:about", decision_id=decision.pk)
    context = {"form": form, "case": case, "ask": officers.officer_to_ask(case.agency)}
    return render(request, "sharing/start.html", context)


def draft_for_author(request: HttpRequest, decision_id: int) -> Decision:
    decision = selectors.get_decision_or_404(request.user, decision_id=decision_id)
    if not permissions.may_continue_draft(request.user, decision):
        raise PermissionDenied
    return decision


@require_http_methods(["GET", "POST"])
def about(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = draft_for_author(request, decision_id)
    if not decision.is_draft:
        return redirect("sharing:decision_detail", decision_id=decision.pk)
    start = decision.answers.get("start") or {}
    typed = decision.typed.get(services.START_PAGE)
    data = request.POST or (MultiValueDict(typed) if isinstance(typed, dict) else None)
    form = AboutForm(data, kind=decision.kind, start=start)
    if request.method == "POST" and form.is_valid():
        services.decision_save_start(
            actor=request.user, decision=decision, start=form.start_answers()
        )
        if "later" in request.POST:
            messages.success(request, "Your answers have been saved")
        return redirect("sharing:decision_detail", decision_id=decision.pk)
    if request.method == "POST" and "later" in request.POST:
        keep_typed(request, decision, services.START_PAGE, form)
        return redirect("sharing:decision_detail", decision_id=decision.pk)
    context = {"form": form, "decision": decision, "case": decision.case}
    return render(request, "sharing/about.html", context)


@require_http_methods(["GET", "POST"])
def question(request: HttpRequest, decision_id: int, number: int) -> HttpResponse:
    """A question's first page: /decisions/<id>/questions/<1-8>/ (a stable address)."""
    return _page(request, decision_id, number, "")


@require_http_methods(["GET", "POST"])
def question_page_view(
    request: HttpRequest, decision_id: int, number: int, page: str
) -> HttpResponse:
    return _page(request, decision_id, number, page)


def _page(request: HttpRequest, decision_id: int, number: int, slug: str) -> HttpResponse:
    decision = draft_for_author(request, decision_id)
    spec = journey.page(number, slug)
    if spec is None:
        raise Http404("No such page")
    if not decision.is_draft:
        return redirect("sharing:decision_detail", decision_id=decision.pk)
    progress = selectors.draft_progress(request.user, decision=decision)
    if number not in progress.route:  # a question this branch skips, or not reached yet
        return redirect("sharing:decision_detail", decision_id=decision.pk)
    if not progress.is_needed(spec):
        return redirect("sharing:question", decision_id=decision.pk, number=number)
    if request.method == "POST":
        return _post(request, progress, spec)
    typed = decision.typed.get(spec.ref)
    stored = decision.answers.get(f"q{number}")
    data = MultiValueDict(typed) if isinstance(typed, dict) else None
    form = form_for(spec)(data, stored=stored, context=progress.context)
    return _show(request, progress, spec, form, kept=data is not None)


def _show(
    request: HttpRequest,
    progress: DraftProgress,
    spec: journey.PageSpec,
    form: PageForm,
    **extra: bool,
) -> HttpResponse:
    back_to_check = request.GET.get("return") == "check"
    context = question_page(progress, form, spec, back_to_check=back_to_check, **extra)
    return render(request, "sharing/question.html", context)


def _post(request: HttpRequest, progress: DraftProgress, spec: journey.PageSpec) -> HttpResponse:
    decision, data = progress.decision, request.POST
    stored = decision.answers.get(f"q{spec.question}")
    if spec.ref == "7" and ("add_item" in data or "remove_item" in data):
        return _show(request, progress, spec, _rearranged(data, stored, progress))
    form = form_for(spec)(data, stored=stored, context=progress.context)
    if data.get("seen") != journey.version(spec, progress.engine_input, decision.typed):
        return _show(request, progress, spec, form, conflict=True)  # changed in another tab
    later = "later" in data
    if form.is_valid():
        decision = services.decision_save_answer(
            actor=request.user,
            decision=decision,
            number=spec.question,
            page=spec.slug,
            answers=form.answers(),
        )
        return _after_save(request, progress.with_answers(decision), spec, later=later)
    if not later:
        return _show(request, progress, spec, form)
    keep_typed(request, decision, spec.ref, form)
    return redirect("sharing:decision_detail", decision_id=decision.pk)


def keep_typed(request: HttpRequest, decision: Decision, page: str, form: object) -> None:
    """ "Save and come back later" on a page with problems: kept exactly as typed."""
    data = request.POST
    errors = getattr(form, "errors", {})
    services.decision_keep_typed(
        actor=request.user,
        decision=decision,
        page=page,
        typed={key: data.getlist(key) for key in data if key not in NOT_TYPED},
        problems=[str(e) for field_errors in errors.values() for e in field_errors],
    )
    messages.success(
        request,
        "Your answers have been saved as you typed them. The page shows what needs "
        "fixing when you come back to it.",
    )


def _after_save(
    request: HttpRequest, progress: DraftProgress, spec: journey.PageSpec, *, later: bool
) -> HttpResponse:
    decision = progress.decision
    if later:
        messages.success(request, "Your answers have been saved")
        return redirect("sharing:decision_detail", decision_id=decision.pk)
    if request.GET.get("return") == "check" and progress.complete:
        return redirect("sharing:check", decision_id=decision.pk)
    following = progress.next_after(spec)
    if following is None:
        return redirect("sharing:check", decision_id=decision.pk)
    return redirect(page_url(decision.pk, following))


def _rearranged(data: MultiValueDict, stored: object, progress: DraftProgress) -> ItemsPage:
    """The items page with a slot added or removed, everything typed kept (nothing saved)."""
    typed = ItemsPage(data, context=progress.context).typed_items()
    remove = data.get("remove_item", "")
    if remove.isdigit() and 1 <= int(remove) <= len(typed):
        del typed[int(remove) - 1]
    if "add_item" in data:
        typed.append({"text": "", "nature": ""})
    initial = {"private_law": data.get("private_law", "")}
    for n, item in enumerate(typed, start=1):
        initial[f"item_{n}_text"], initial[f"item_{n}_nature"] = item["text"], item["nature"]
    return ItemsPage(
        stored=stored if isinstance(stored, dict) else {},
        context=progress.context,
        initial=initial,
        slots=max(1, len(typed)),
    )

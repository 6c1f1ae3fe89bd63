"""What each page of the guided decision shows around its form: the task list, a question
page, check your answers and the confirmation (GOV.UK patterns of those names)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from . import journey
from .forms import PageForm
from .models import Decision
from .naming import draft_name
from .presenters import answer_rows, flag_rows, page_url, reason_rows
from .progress import DraftProgress
from .sources import spell

# GOV.UK task list statuses: (what it says, the tag's colour, or "" for plain text).
STATUSES = {
    "completed": ("Completed", ""),
    "in_progress": ("In progress", "govuk-tag--light-blue"),
    "not_started": ("Not yet started", "govuk-tag--blue"),
    "problem": ("There is a problem", "govuk-tag--red"),
    "cannot_start": ("Cannot start yet", ""),
    "not_needed": ("Not needed", ""),
}


def guidance_context(progress: DraftProgress, *, before_decision: bool = False) -> dict[str, Any]:
    result = progress.guidance_before_decision if before_decision else progress.guidance
    return {
        "guidance": result,
        "reasons": reason_rows(result.reasons),
        "flags": flag_rows(result.flags),
    }


def task_list(progress: DraftProgress) -> dict[str, Any]:
    decision = progress.decision
    groups: list[dict[str, Any]] = [{"title": t, "items": []} for t in journey.GROUPS]
    for state in progress.states:
        spec = journey.QUESTIONS[state.number]
        label, tag = STATUSES[state.status]
        target = progress.first_to_do(state.number)
        groups[spec.group]["items"].append(
            {
                "number": state.number,
                "title": spec.title,
                "status": state.status,
                "status_label": label,
                "tag": tag,
                "reason": state.reason,
                "url": page_url(decision.pk, target) if target and state.pages else None,
            }
        )
    started = any(key.startswith("q") for key in decision.answers)
    return {
        "decision": decision,
        "case": decision.case,
        "name": draft_name(decision.kind, decision.answers),
        "groups": groups,
        "complete": progress.complete,
        "check_url": reverse("sharing:check", args=[decision.pk]),
        "started": started,
        **(guidance_context(progress) if started else {}),
    }


def question_page(
    progress: DraftProgress,
    form: PageForm,
    spec: journey.PageSpec,
    *,
    conflict: bool = False,
    kept: bool = False,
    back_to_check: bool = False,
) -> dict[str, Any]:
    decision = progress.decision
    before = progress.before(spec)
    if back_to_check:
        back = reverse("sharing:check", args=[decision.pk])
    elif before is not None:
        back = page_url(decision.pk, before)
    else:
        back = reverse("sharing:decision_detail", args=[decision.pk])
    page = {
        "form": form,
        "decision": decision,
        "case": decision.case,
        "number": spec.question,
        "spec": spec,
        "title": form.title,
        "heading_in_form": bool(form.heading),
        "help": form.help,
        "help_source": spell(form.help_source),
        "intro_template": form.intro_template,
        "back": back,
        "seen": journey.version(spec, progress.engine_input, decision.typed),
        "conflict": conflict,
        "kept": kept,
        "back_to_check": back_to_check,
        "task_list_url": reverse("sharing:decision_detail", args=[decision.pk]),
    }
    if spec.question == 8:
        page.update(guidance_context(progress, before_decision=True))
    return page


def check_page(progress: DraftProgress, error: str | None) -> dict[str, Any]:
    """Check your answers: the guidance, every answer, and what is still to do."""
    decision = progress.decision
    todo = {state.number: list(state.todo) for state in progress.states if state.todo}
    route = progress.route
    return {
        "decision": decision,
        "case": decision.case,
        "name": draft_name(decision.kind, decision.answers),
        **guidance_context(progress),
        "sections": answer_rows(decision, route, context=progress.context, change=True, todo=todo),
        "missing": progress.missing,
        "stops_at": None if progress.complete or progress.missing else route[-1],
        "complete": progress.complete,
        "error": error,
    }


def confirmation_page(decision: Decision) -> dict[str, Any]:
    return {
        "decision": decision,
        "case": decision.case,
        "flags": flag_rows(decision.flags),
        "follow_ups": [f for f in decision.follow_ups.all() if f.done_at is None],
    }

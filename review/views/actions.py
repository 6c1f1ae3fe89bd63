"""The review page of a submitted decision, and one page per action (SPEC 6)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from agencies import permissions
from records.formfields import apply_service_errors
from sharing.presenters import flag_rows
from sharing.selectors import get_decision_or_404

from .. import escalations, selectors, services
from ..forms import ChooseActionForm, CountersignForm, DetermineForm, EscalateForm, ReturnForm


@dataclass(frozen=True)
class Action:
    form: type[forms.Form]
    service: Callable[..., Any]
    title: str
    button: str
    done: str


ACTIONS = {
    "countersign": Action(
        CountersignForm,
        services.review_countersign,
        "Countersign the decision",
        "Countersign",
        "Decision countersigned",
    ),
    "return": Action(
        ReturnForm,
        services.review_return,
        "Return the decision to the practitioner",
        "Return the decision",
        "Decision returned to the practitioner",
    ),
    "determine": Action(
        DetermineForm,
        services.review_determine,
        "Record your determination",
        "Record the determination",
        "Determination recorded",
    ),
    "escalate": Action(
        EscalateForm,
        escalations.review_escalate,
        "Escalate to another agency",
        "Escalate",
        "Escalated: their lead information officer has been told",
    ),
}


def _opened(request: HttpRequest, decision_id: int) -> selectors.ReviewPanel:
    decision = get_decision_or_404(request.user, decision_id=decision_id)
    if not permissions.may_review_decision(request.user, decision):
        raise PermissionDenied
    return selectors.review_panel(request.user, decision=decision)


def _page(panel: selectors.ReviewPanel, **context: Any) -> dict[str, Any]:
    decision = panel.decision
    q8 = decision.answers.get("q8") or {}
    return {
        "decision": decision,
        "case": decision.case,
        "panel": panel,
        "flags": flag_rows(decision.flags),
        "practitioner_reasons": q8.get("reasons", ""),
        **context,
    }


@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, decision_id: int) -> HttpResponse:
    panel = _opened(request, decision_id)
    form = ChooseActionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and panel.open_for_action and form.is_valid():
        return redirect(f"review:{form.cleaned_data['action']}", decision_id=decision_id)
    return render(request, "review/review.html", _page(panel, form=form))


def _form(action: Action, panel: selectors.ReviewPanel, data: Any) -> forms.Form:
    version = panel.review.version if panel.review is not None else 0
    extra = (
        {"agencies": selectors.agencies_to_escalate_to(panel.decision)}
        if action.form is EscalateForm
        else {}
    )
    return action.form(data, initial={"version": version}, **extra)


@require_http_methods(["GET", "POST"])
def act(request: HttpRequest, decision_id: int, action: str) -> HttpResponse:
    spec, panel = ACTIONS[action], _opened(request, decision_id)
    form = _form(spec, panel, request.POST if request.method == "POST" else None)
    # The service decides, whatever the page last showed: it knows who acted meanwhile.
    if request.method == "POST" and form.is_valid():
        try:
            spec.service(actor=request.user, decision=panel.decision, **form.cleaned_data)
        except services.ReviewConflict as conflict:
            panel = selectors.review_panel(request.user, decision=panel.decision)
            form = _kept(spec, panel, request.POST, conflict)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, spec.done)
            return redirect("sharing:decision_detail", decision_id=decision_id)
    return render(request, "review/action.html", _page(panel, form=form, action=spec))


def _kept(
    spec: Action, panel: selectors.ReviewPanel, posted: Any, conflict: ValidationError
) -> forms.Form:
    """Someone else acted first: the officer's words stay as typed, the page says what
    happened, and the form now carries the version they have just been shown."""
    data = posted.copy()
    data["version"] = str(panel.review.version if panel.review is not None else 0)
    form = _form(spec, panel, data)
    form.is_valid()
    form.add_error(None, conflict.messages)
    return form

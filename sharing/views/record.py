"""The submitted record: read it, print it, amend it, close its follow-ups."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from agencies import permissions
from records import services as record_services
from records.formfields import apply_service_errors

from .. import selectors, services
from ..forms.record import AmendForm, FollowUpDoneForm
from ..presenters import answer_rows, flag_rows, start_rows


def decision_detail(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = selectors.get_decision_or_404(request.user, decision_id=decision_id)
    record_services.record_view(
        actor=request.user, object_type="decision", object_id=decision.pk, case=decision.case
    )
    if decision.is_draft:
        progress = selectors.draft_progress(request.user, decision=decision)
        path, context = progress.route, progress.context
    else:
        path = [int(key[1:]) for key in decision.answers if key.startswith("q")]
        context = selectors.form_context(decision)
    return render(
        request,
        "sharing/decision_detail.html",
        {
            "decision": decision,
            "case": decision.case,
            "start": start_rows(decision),
            "sections": answer_rows(decision, sorted(path), context=context, change=False),
            "flags": flag_rows(decision.flags),
            "disclosure": None if decision.is_draft else getattr(decision, "disclosure", None),
            "follow_ups": list(decision.follow_ups.all()),
            "amendments": list(selectors.amendments_of(request.user, decision=decision)),
            "can_amend": not decision.is_draft
            and permissions.may_record_on_case_of(request.user, decision),
            "is_author": permissions.may_continue_draft(request.user, decision),
        },
    )


@require_http_methods(["GET", "POST"])
def decision_amend(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = selectors.get_decision_or_404(request.user, decision_id=decision_id)
    if decision.is_draft or not permissions.may_record_on_case_of(request.user, decision):
        raise PermissionDenied
    form = AmendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            amendment = services.decision_amend(
                actor=request.user, decision=decision, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, "Amendment started. Change the answers that were wrong, then submit."
            )
            return redirect("sharing:check", decision_id=amendment.pk)
    return render(
        request, "sharing/amend.html", {"form": form, "decision": decision, "case": decision.case}
    )


@require_http_methods(["GET", "POST"])
def follow_up_complete(request: HttpRequest, decision_id: int, follow_up_id: int) -> HttpResponse:
    decision = selectors.get_decision_or_404(request.user, decision_id=decision_id)
    if not permissions.may_record_on_case_of(request.user, decision):
        raise PermissionDenied
    follow_up = selectors.follow_up_or_404(decision=decision, follow_up_id=follow_up_id)
    form = FollowUpDoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.follow_up_complete(
            actor=request.user, follow_up=follow_up, notes=form.cleaned_data["notes"]
        )
        messages.success(request, "Written confirmation recorded")
        return redirect("sharing:decision_detail", decision_id=decision.pk)
    return render(
        request,
        "sharing/follow_up_done.html",
        {"form": form, "decision": decision, "case": decision.case, "follow_up": follow_up},
    )

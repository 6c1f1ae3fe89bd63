"""Escalations between agencies' lead officers (B 11): the list, and one escalation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from agencies import permissions
from records.formfields import apply_service_errors

from .. import escalations, selectors
from ..forms import RespondForm


def escalation_list(request: HttpRequest) -> HttpResponse:
    if permissions.agency_led_by(request.user) is None:
        raise PermissionDenied
    return render(
        request,
        "review/escalations.html",
        {
            "received": list(selectors.escalations_received(request.user)[:100]),
            "sent": list(selectors.escalations_sent(request.user)[:100]),
        },
    )


@require_http_methods(["GET", "POST"])
def escalation(request: HttpRequest, escalation_id: int) -> HttpResponse:
    """The receiving officer reads the summary and the first officer's reasons, and answers;
    the first officer reads the answer. Neither sees the other agency's records here."""
    found = selectors.get_escalation_or_404(request.user, escalation_id=escalation_id)
    answering = permissions.may_answer_escalation(request.user, found) and not found.is_answered
    form = RespondForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and answering and form.is_valid():
        try:
            escalations.escalation_respond(
                actor=request.user, escalation=found, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            found = selectors.get_escalation_or_404(request.user, escalation_id=escalation_id)
        else:
            messages.success(request, "Your response is recorded and their officer has been told")
            return redirect("review:escalation", escalation_id=found.pk)
    return render(
        request,
        "review/escalation.html",
        {"escalation": found, "form": form, "answering": answering},
    )

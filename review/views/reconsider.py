"""Reconsider a decision not to share, with the requester's new information (P rule 7)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from agencies import permissions
from records.formfields import apply_service_errors
from sharing.selectors import get_decision_or_404

from ..forms import ReconsiderForm
from ..reconsider import decision_reconsider, may_be_reconsidered


@require_http_methods(["GET", "POST"])
def reconsider(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = get_decision_or_404(request.user, decision_id=decision_id)
    if not (may_be_reconsidered(decision) and permissions.may_reconsider(request.user, decision)):
        raise PermissionDenied
    form = ReconsiderForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            new = decision_reconsider(actor=request.user, decision=decision, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, f"Decision {new.pk} started: it reconsiders decision {decision.pk}"
            )
            return redirect("sharing:question", decision_id=new.pk, number=1)
    return render(
        request,
        "review/reconsider.html",
        {"form": form, "decision": decision, "case": decision.case},
    )

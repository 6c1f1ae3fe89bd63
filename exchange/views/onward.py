"""Onward sharing asked and answered (O 11.1), seen from both ends."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from agencies import permissions
from records.formfields import apply_service_errors

from .. import selectors, services
from ..forms import OnwardAnswerForm


@require_http_methods(["GET", "POST"])
def onward_detail(request: HttpRequest, onward_id: int) -> HttpResponse:
    onward = selectors.get_onward_or_404(request.user, onward_id=onward_id)
    receipt = onward.receipt
    answers = permissions.may_answer_onward(request.user, receipt.sender_agency_id)
    form = OnwardAnswerForm(request.POST or None) if answers and onward.status == "asked" else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.onward_answer(actor=request.user, onward=onward, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, f"Answer sent to {receipt.agency.name}")
                return redirect("exchange:onward_detail", onward_id=onward.pk)
    asks = permissions.may_handle_receipt(request.user, receipt)
    return render(
        request,
        "exchange/onward_detail.html",
        {
            "onward": onward,
            "receipt": receipt,
            "form": form,
            "is_asker": asks,
            "may_decide": asks
            and onward.status == "agreed"
            and receipt.filed_case is not None
            and permissions.may_record_on(request.user, receipt.filed_case),
        },
    )


def onward_decide(request: HttpRequest, onward_id: int) -> HttpResponse:
    onward = selectors.get_onward_or_404(request.user, onward_id=onward_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    receipt = onward.receipt
    if (
        onward.status != "agreed"
        or receipt.filed_case is None
        or not permissions.may_record_on(request.user, receipt.filed_case)
    ):
        raise PermissionDenied
    decision = services.onward_decision_start(actor=request.user, onward=onward)
    if not decision.is_draft:
        return redirect("sharing:decision_detail", decision_id=decision.pk)
    return redirect("sharing:question", decision_id=decision.pk, number=1)

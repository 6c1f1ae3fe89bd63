"""What was received from other agencies, and what we sent them, with each receipt's state."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from agencies import permissions
from records.formfields import apply_service_errors

from .. import selectors, services
from ..forms import CaseChoiceForm, OnwardAskForm
from ..presenters import received_item

TABS = {"received": "Received", "sent": "Sent"}


def inbox(request: HttpRequest) -> HttpResponse:
    services.exchange_catch_up(agency_id=permissions.member_agency(request.user))
    tab = request.GET.get("tab", "received")
    tab = tab if tab in TABS else "received"
    context: dict[str, object] = {
        "tab": tab,
        "tabs": TABS,
        "sees_pairs": permissions.may_see_exchange_pairs(request.user),
    }
    if tab == "received":
        context["receipts"] = list(selectors.inbox(request.user)[:200])
        context["notices"] = list(selectors.correction_notices_received(request.user)[:200])
    else:
        context["sent"] = list(selectors.sent_disclosures(request.user)[:200])
    return render(request, "exchange/inbox.html", context)


def receipt_detail(request: HttpRequest, receipt_id: int) -> HttpResponse:
    receipt = selectors.get_receipt_or_404(request.user, receipt_id=receipt_id)
    receipt = services.receipt_open(actor=request.user, receipt=receipt)
    return render(
        request,
        "exchange/receipt_detail.html",
        {
            "receipt": receipt,
            "item": received_item(receipt),
            "handles": permissions.may_handle_receipt(request.user, receipt),
            "onward": list(receipt.onward_requests.order_by("-asked_at")),
            "corrections": list(receipt.corrections.select_related("correction")),
        },
    )


def receipt_acknowledge(request: HttpRequest, receipt_id: int) -> HttpResponse:
    receipt = selectors.get_receipt_or_404(request.user, receipt_id=receipt_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.receipt_acknowledge(actor=request.user, receipt=receipt)
    messages.success(
        request, f"Acknowledged: {receipt.sender_agency.name} can see that you have it"
    )
    return redirect("exchange:receipt_detail", receipt_id=receipt.pk)


@require_http_methods(["GET", "POST"])
def receipt_file(request: HttpRequest, receipt_id: int) -> HttpResponse:
    receipt = selectors.get_receipt_or_404(request.user, receipt_id=receipt_id)
    if not permissions.may_handle_receipt(request.user, receipt):
        raise PermissionDenied
    cases = selectors.cases_for_linking(request.user, agency_id=receipt.agency_id)
    form = CaseChoiceForm(request.POST or None, cases=cases, label="Which of your cases is it for?")
    if request.method == "POST" and form.is_valid():
        try:
            services.receipt_file(
                actor=request.user, receipt=receipt, case=form.cleaned_data["case"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Filed to the case")
            return redirect("exchange:receipt_detail", receipt_id=receipt.pk)
    return render(request, "exchange/receipt_file.html", {"form": form, "receipt": receipt})


@require_http_methods(["GET", "POST"])
def onward_new(request: HttpRequest, receipt_id: int) -> HttpResponse:
    receipt = selectors.get_receipt_or_404(request.user, receipt_id=receipt_id)
    if not permissions.may_handle_receipt(request.user, receipt):
        raise PermissionDenied
    form = OnwardAskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            onward = services.onward_ask(actor=request.user, receipt=receipt, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Asked {receipt.sender_agency.name}")
            return redirect("exchange:onward_detail", onward_id=onward.pk)
    return render(request, "exchange/onward_new.html", {"form": form, "receipt": receipt})


@require_http_methods(["GET", "POST"])
def notice_detail(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = selectors.get_received_notice_or_404(request.user, notice_id=notice_id)
    assert notice.receipt is not None
    handles = permissions.may_handle_receipt(request.user, notice.receipt)
    if request.method == "POST":
        if not handles:
            raise PermissionDenied
        services.correction_notice_acknowledge(actor=request.user, notice=notice)
        messages.success(request, "Recorded: you have corrected your records")
        return redirect("exchange:notice_detail", notice_id=notice.pk)
    return render(request, "exchange/notice_detail.html", {"notice": notice, "handles": handles})

"""Subject access request pages at /sar/ (UK GDPR Articles 12 and 15)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from agencies import permissions
from records.formfields import apply_service_errors

from . import clock, selectors, services
from .forms import CheckForm, ExtendForm, FindCaseForm, ItemForm, RecordForm
from .models import SubjectAccessRequest


def _handler_or_403(request: HttpRequest) -> None:
    if permissions.subject_access_agency(request.user) is None:
        raise PermissionDenied


def _clock(sar: SubjectAccessRequest) -> dict[str, object]:
    today = timezone.localdate()
    return {
        "days_left": clock.days_left(sar.due_on, today),
        "overdue": not sar.is_released and clock.is_overdue(sar.due_on, today),
    }


def sar_list(request: HttpRequest) -> HttpResponse:
    _handler_or_403(request)
    today = timezone.localdate()
    rows = [
        {
            "sar": sar,
            "overdue": clock.is_overdue(sar.due_on, today),
            "days_left": clock.days_left(sar.due_on, today),
        }
        for sar in selectors.open_requests(request.user)
    ]
    released = list(selectors.requests_for(request.user).filter(status="released")[:20])
    return render(request, "sar/list.html", {"rows": rows, "released": released})


@require_http_methods(["GET", "POST"])
def sar_find_case(request: HttpRequest) -> HttpResponse:
    _handler_or_403(request)
    form = FindCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = selectors.case_by_reference(request.user, form.cleaned_data["reference"])
        if case is not None:
            return redirect("sar:new", case_id=case.pk)
        form.add_error("reference", "Your agency has no case with this reference")
    return render(request, "sar/find_case.html", {"form": form})


@require_http_methods(["GET", "POST"])
def sar_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_for_request_or_404(request.user, case_id=case_id)
    form = RecordForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            sar = services.sar_record(
                actor=request.user,
                case=case,
                connected_person=form.person(),
                received_on=form.cleaned_data["received_on"],
                identity_check=form.cleaned_data["identity_check"],
                identity_notes=form.cleaned_data["identity_notes"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Subject access request recorded")
            return redirect("sar:detail", sar_id=sar.pk)
    return render(request, "sar/new.html", {"form": form, "case": case})


def sar_detail(request: HttpRequest, sar_id: int) -> HttpResponse:
    sar = selectors.get_request_or_404(request.user, sar_id=sar_id)
    items = list(sar.items.all())
    return render(
        request,
        "sar/detail.html",
        {
            "sar": sar,
            "items": items,
            "undecided": sum(1 for i in items if not i.outcome),
            "may_check": services.may_check(request.user, sar),
            "reviewed_by_you": request.user.pk in services.reviewers_of(sar),
            **_clock(sar),
        },
    )


@require_http_methods(["GET", "POST"])
def sar_extend(request: HttpRequest, sar_id: int) -> HttpResponse:
    sar = selectors.get_request_or_404(request.user, sar_id=sar_id)
    form = ExtendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sar_extend(actor=request.user, sar=sar, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Time limit extended")
            return redirect("sar:detail", sar_id=sar.pk)
    return render(request, "sar/extend.html", {"form": form, "sar": sar})


@require_http_methods(["GET", "POST"])
def sar_item(request: HttpRequest, sar_id: int, item_id: int) -> HttpResponse:
    sar = selectors.get_request_or_404(request.user, sar_id=sar_id)
    item = selectors.get_item_or_404(sar, item_id=item_id)
    initial = {
        "outcome": item.outcome,
        "exemption": item.exemption or ("third_party" if item.third_parties else ""),
        "reason": item.reason,
        "redactions": "\n".join(item.redactions),
    }
    form = ItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.sar_item_decide(
                actor=request.user,
                item=item,
                outcome=form.cleaned_data["outcome"],
                exemption=form.cleaned_data["exemption"],
                reason=form.cleaned_data["reason"],
                redactions=form.passages(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Item {item.position} decided")
            return redirect("sar:detail", sar_id=sar.pk)
    return render(
        request,
        "sar/item.html",
        {"form": form, "sar": sar, "item": item, "editable": sar.status == "reviewing"},
    )


def sar_send(request: HttpRequest, sar_id: int) -> HttpResponse:
    """POST sends the request for checking; GET (a bookmarked address) goes back to it.
    Another agency's request answers 404 either way, found before the method is read."""
    sar = selectors.get_request_or_404(request.user, sar_id=sar_id)
    if request.method != "POST":
        return redirect("sar:detail", sar_id=sar.pk)
    try:
        services.sar_send_for_check(actor=request.user, sar=sar)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Sent for a second person to check")
    return redirect("sar:detail", sar_id=sar.pk)


@require_http_methods(["GET", "POST"])
def sar_check(request: HttpRequest, sar_id: int) -> HttpResponse:
    sar = selectors.get_request_or_404(request.user, sar_id=sar_id)
    if not services.may_check(request.user, sar):
        raise PermissionDenied
    form = CheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sar_check(actor=request.user, sar=sar, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Check recorded")
            return redirect("sar:detail", sar_id=sar.pk)
    return render(
        request, "sar/check.html", {"form": form, "sar": sar, "items": list(sar.items.all())}
    )


@require_http_methods(["GET", "POST"])
def sar_release(request: HttpRequest, sar_id: int) -> HttpResponse:
    sar = selectors.get_request_or_404(request.user, sar_id=sar_id)
    if sar.status != "checked":
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.sar_release(actor=request.user, sar=sar)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Released: download the files to send them")
        return redirect("sar:detail", sar_id=sar.pk)
    return render(request, "sar/release.html", {"sar": sar})


def _released_or_404(request: HttpRequest, sar_id: int, kind: str) -> SubjectAccessRequest:
    sar = selectors.get_request_or_404(request.user, sar_id=sar_id)
    if not sar.is_released:
        raise Http404
    services.sar_download(actor=request.user, sar=sar, kind=kind)
    return sar


def _file_name(sar: SubjectAccessRequest, ext: str) -> str:
    return f"subject-access-{sar.case.reference}-{sar.released_at:%Y-%m-%d}.{ext}"


def sar_download_pdf(request: HttpRequest, sar_id: int) -> HttpResponse:
    sar = _released_or_404(request, sar_id, "pdf")
    response = HttpResponse(bytes(sar.released_pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(sar, "pdf")}"'
    return response


def sar_download_json(request: HttpRequest, sar_id: int) -> HttpResponse:
    sar = _released_or_404(request, sar_id, "json")
    response = HttpResponse(
        json.dumps(sar.released_json, indent=2, ensure_ascii=False),
        content_type="application/json",
    )
    response["Content-Disposition"] = f'attachment; filename="{_file_name(sar, "json")}"'
    return response

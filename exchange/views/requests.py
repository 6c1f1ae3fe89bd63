"""Information requests: the list with its queues, recording one, and its page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from agencies import permissions
from records import services as record_services
from records.formfields import apply_service_errors

from .. import queues, selectors, services
from ..forms import RequestForm

TABS = {"incoming": "Received", "outgoing": "Made"}


def request_list(request: HttpRequest) -> HttpResponse:
    services.exchange_catch_up(agency_id=permissions.member_agency(request.user))
    tab = request.GET.get("tab", "incoming")
    tab = tab if tab in TABS else "incoming"
    today = timezone.localdate()
    rows = [(r, r.clock(today)) for r in selectors.request_list(request.user, direction=tab)[:200]]
    return render(
        request,
        "exchange/request_list.html",
        {
            "tab": tab,
            "tabs": TABS,
            "rows": rows,
            "queues": queues.queues_for(request.user),
            "can_record": permissions.may_record_requests(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest) -> HttpResponse:
    """Received or made? One question, then the form for that kind."""
    if not permissions.may_record_requests(request.user):
        raise PermissionDenied
    error = ""
    if request.method == "POST":
        choice = request.POST.get("direction")
        if choice == "incoming":
            return redirect("exchange:request_new_incoming")
        if choice == "outgoing":
            return redirect("exchange:request_new_outgoing")
        error = "Select whether you received the request or are making it"
    return render(request, "exchange/request_new.html", {"error": error})


def _record(request: HttpRequest, direction: str) -> HttpResponse:
    if not permissions.may_record_requests(request.user):
        raise PermissionDenied
    form = RequestForm(
        request.POST or None,
        direction=direction,
        agencies=selectors.agencies_on_the_service(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            info = services.request_record(actor=request.user, **form.service_arguments())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Request recorded. Now link it to the child's case.")
            return redirect("exchange:request_case", request_id=info.pk)
    return render(request, "exchange/request_form.html", {"form": form, "direction": direction})


@require_http_methods(["GET", "POST"])
def request_new_incoming(request: HttpRequest) -> HttpResponse:
    return _record(request, "incoming")


@require_http_methods(["GET", "POST"])
def request_new_outgoing(request: HttpRequest) -> HttpResponse:
    return _record(request, "outgoing")


def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    info = selectors.get_request_or_404(request.user, request_id=request_id)
    record_services.record_view(
        actor=request.user,
        object_type="information_request",
        object_id=info.pk,
        case=info.case,
        agency_id=info.agency_id,
    )
    manages = permissions.may_manage_request(request.user, info)
    return render(
        request,
        "exchange/request_detail.html",
        {
            "info": info,
            "clock": info.clock(timezone.localdate()),
            "pauses": selectors.counterpart_pauses(request=info),
            "open_pause": info.open_pause,
            "legal_bases": services.requests.summary(info)["legal_bases"],
            "manages": manages,
            "may_answer": info.is_incoming
            and info.case is not None
            and permissions.may_record_on(request.user, info.case),
        },
    )

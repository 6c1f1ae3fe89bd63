"""Case pages. Views parse, authorise through selectors/access, call services, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from agencies import permissions

from . import emergency_selectors, selectors, services
from .access import get_case_or_404
from .formfields import apply_service_errors
from .forms import AllocateForm, CaseForm, ConnectedPersonForm

PAGE_SIZE = 25


def case_list(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "")[:100]
    page = Paginator(selectors.case_list(request.user, search=search), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "records/case_list.html",
        {
            "page": page,
            "search": search,
            "search_query": urlencode({"q": search}) if search else "",
            "can_create": permissions.may_open_cases(request.user),
            "emergency_case": emergency_selectors.emergency_access_offer(
                request.user, search=search
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    if not permissions.may_open_cases(request.user):
        raise PermissionDenied
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Case {case.reference} opened")
            return redirect("records:case_detail", case_id=case.pk)
    return render(request, "records/case_form.html", {"form": form})


def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_or_404(request.user, case_id=case_id)
    services.record_view(actor=request.user, object_type="case", object_id=case.pk, case=case)
    return render(
        request, "records/case_detail.html", selectors.case_page_context(request.user, case=case)
    )


@require_http_methods(["GET", "POST"])
def person_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_or_404(request.user, case_id=case_id)
    if not permissions.may_record_on(request.user, case):
        raise PermissionDenied
    form = ConnectedPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.connected_person_add(actor=request.user, case=case, **form.cleaned_data)
        messages.success(request, f"{form.cleaned_data['name']} added to the case")
        return redirect("records:case_detail", case_id=case.pk)
    return render(request, "records/person_form.html", {"form": form, "case": case})


@require_http_methods(["GET", "POST"])
def allocations(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_or_404(request.user, case_id=case_id)
    if not permissions.may_allocate_on(request.user, case):
        raise PermissionDenied
    form = AllocateForm(request.POST or None, users=selectors.allocatable_users(case=case))
    if request.method == "POST" and form.is_valid():
        try:
            services.case_allocate(actor=request.user, case=case, user=form.cleaned_data["user"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Practitioner allocated")
            return redirect("records:allocations", case_id=case.pk)
    return render(
        request,
        "records/allocations.html",
        {
            "case": case,
            "form": form,
            "allocations": selectors.open_allocations(case=case),
        },
    )


def deallocate(request: HttpRequest, case_id: int, allocation_id: int) -> HttpResponse:
    case = get_case_or_404(request.user, case_id=case_id)  # before anything else: 404 for outsiders
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not permissions.may_allocate_on(request.user, case):
        raise PermissionDenied
    allocation = selectors.open_allocation_or_404(case=case, allocation_id=allocation_id)
    services.case_deallocate(actor=request.user, allocation=allocation)
    messages.success(request, "Allocation ended")
    return redirect("records:allocations", case_id=case.pk)

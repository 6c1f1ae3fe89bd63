"""Agreement pages: the list and each agreement for every member of a party agency; the
forms for the administrators of the agency that recorded it (ADR 0035)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from agencies import permissions
from records.formfields import apply_service_errors

from . import selectors, services
from .forms import AgreementForm, ClauseForm, PartyForm
from .models import Agreement


@require_GET
def agreement_list(request: HttpRequest) -> HttpResponse:
    agreements = list(selectors.agreements_visible_to(request.user))
    context = {
        "agreements": agreements,
        "may_record": permissions.may_record_agreements(request.user),
    }
    return render(request, "agreements/list.html", context)


@require_http_methods(["GET", "POST"])
def agreement_new(request: HttpRequest) -> HttpResponse:
    if not permissions.may_record_agreements(request.user):
        raise PermissionDenied
    form = AgreementForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.agreement_create(actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{agreement} is recorded. Add its parties and clauses.")
            return redirect("agreements:detail", agreement_id=agreement.pk)
    return render(request, "agreements/form.html", {"form": form, "title": "Record an agreement"})


def agreement_detail(request: HttpRequest, agreement_id: int) -> HttpResponse:
    # Before anything else: another agency's agreement answers 404, whatever the method.
    agreement = selectors.agreement_or_404(request.user, agreement_id=agreement_id)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    context = {
        "agreement": agreement,
        "may_change": permissions.may_change_agreement(
            request.user, agreement.recorded_by_agency_id
        ),
    }
    return render(request, "agreements/detail.html", context)


def _changeable(request: HttpRequest, agreement_id: int) -> Agreement:
    agreement = selectors.agreement_or_404(request.user, agreement_id=agreement_id)
    if not permissions.may_change_agreement(request.user, agreement.recorded_by_agency_id):
        raise PermissionDenied
    return agreement


@require_http_methods(["GET", "POST"])
def party_add(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = _changeable(request, agreement_id)
    signed = [p.agency_id for p in agreement.parties.all()]
    data = request.POST if request.method == "POST" else None
    form = PartyForm(data, agencies=selectors.agencies_other_than(signed))
    if data is not None and form.is_valid():
        try:
            services.agreement_party_add(
                actor=request.user, agreement=agreement, **form.cleaned_data
            )  # type: ignore[arg-type]
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['agency']} is added as a party")
            return redirect("agreements:detail", agreement_id=agreement.pk)
    context = {"form": form, "agreement": agreement, "title": "Add an agency that signed"}
    return render(request, "agreements/form.html", context)


@require_http_methods(["GET", "POST"])
def clause_add(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = _changeable(request, agreement_id)
    data = request.POST if request.method == "POST" else None
    form = ClauseForm(
        data, parties=selectors.agencies_in([p.agency_id for p in agreement.parties.all()])
    )
    if data is not None and form.is_valid():
        fields = {**form.cleaned_data, "covers": list(form.cleaned_data["covers"])}
        try:
            clause = services.agreement_clause_add(
                actor=request.user, agreement=agreement, **fields
            )  # type: ignore[arg-type]
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Clause {clause.number} is added")
            return redirect("agreements:detail", agreement_id=agreement.pk)
    context = {"form": form, "agreement": agreement, "title": "Add a clause"}
    return render(request, "agreements/form.html", context)

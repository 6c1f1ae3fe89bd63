"""The agency administrator's pages: the landing page, members, and changes to them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from agencies import permissions
from records.formfields import apply_service_errors

from . import export, selectors, services
from .forms import (
    AgencyDetailsForm,
    InviteForm,
    LeaveForm,
    OfficerForm,
    ReactivateForm,
    RoleForm,
    SecondFactorResetForm,
)


def _require_admin(request: HttpRequest) -> None:
    if not permissions.may_administer_agency(request.user):
        raise PermissionDenied


@require_GET
def landing(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    membership = permissions.membership_of(request.user)
    agency = membership.agency if membership is not None else None
    auditors, scope_changes = selectors.auditors_and_scope_changes(request.user)
    context = {"agency": agency, "auditors": auditors, "scope_changes": scope_changes}
    return render(request, "administration/landing.html", context)


@require_GET
def member_list(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    members = list(selectors.agency_members(request.user))
    rows = [
        {
            "membership": m,
            "status": export.status_words(m),
            "last_sign_in": export.last_sign_in_words(m),
        }
        for m in members
    ]
    return render(request, "administration/members.html", {"rows": rows})


@require_GET
def member_export(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    members = list(selectors.agency_members(request.user))
    services.members_export_record(actor=request.user, count=len(members))  # type: ignore[arg-type]
    response = StreamingHttpResponse(
        export.csv_lines(members), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="members-{stamp}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


def member_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    # Before anything else: another agency's member answers 404, whatever the method.
    membership = selectors.agency_member_or_404(request.user, user_id=user_id)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    context = {
        "membership": membership,
        "status": export.status_words(membership),
        "last_sign_in": export.last_sign_in_words(membership),
        "may_change": permissions.may_change_member(request.user, membership),
        "invited": export.is_invited(membership),
        "has_second_factor": selectors.has_second_factor(membership),
    }
    return render(request, "administration/member_detail.html", context)


_CHANGES: dict[str, dict[str, Any]] = {
    "role": {
        "form_class": RoleForm,
        "service": services.member_role_change,
        "title": "Change role",
        "button": "Change role",
        "done": "{name}'s role is now {role}",
    },
    "leave": {
        "form_class": LeaveForm,
        "service": services.member_leave,
        "title": "Record that this person has left",
        "button": "End their access now",
        "done": "{name} can no longer sign in. Their cases are no longer allocated to them",
    },
    "second_factor": {
        "form_class": SecondFactorResetForm,
        "service": services.member_second_factor_reset,
        "title": "Reset their second factor",
        "button": "Reset second factor",
        "done": "{name} will set up a new authenticator app when they next sign in",
    },
    "reactivate": {
        "form_class": ReactivateForm,
        "service": services.member_reactivate,
        "title": "Give this person access again",
        "button": "Give access again",
        "done": "{name} can sign in again",
    },
}


def _change(request: HttpRequest, user_id: int, kind: str) -> HttpResponse:
    membership = selectors.agency_member_or_404(request.user, user_id=user_id)
    if not permissions.may_change_member(request.user, membership):
        raise PermissionDenied
    change = _CHANGES[kind]
    form = change["form_class"](request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = change["service"](
                actor=request.user, membership=membership, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            name = membership.user.get_full_name() or "The member"
            messages.success(
                request, change["done"].format(name=name, role=membership.get_role_display())
            )
            return redirect("administration:member_detail", user_id=membership.user_id)
    context = {**change, "membership": membership, "form": form, "kind": kind}
    return render(request, "administration/member_change.html", context)


@require_http_methods(["GET", "POST"])
def member_role(request: HttpRequest, user_id: int) -> HttpResponse:
    return _change(request, user_id, "role")


@require_http_methods(["GET", "POST"])
def member_leave(request: HttpRequest, user_id: int) -> HttpResponse:
    return _change(request, user_id, "leave")


@require_http_methods(["GET", "POST"])
def member_reactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    return _change(request, user_id, "reactivate")


@require_http_methods(["GET", "POST"])
def member_second_factor(request: HttpRequest, user_id: int) -> HttpResponse:
    return _change(request, user_id, "second_factor")


@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest) -> HttpResponse:
    """Add a person: they are e-mailed a one-time link to choose a password and set up
    their second factor (docs/adr/0033)."""
    _require_admin(request)
    form = InviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.member_invite(actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{membership.user.get_full_name()} has been sent an invitation at "
                f"{membership.user.email}. The link works for 3 days.",
            )
            return redirect("administration:member_detail", user_id=membership.user_id)
    return render(request, "administration/member_add.html", {"form": form})


def member_invite_again(request: HttpRequest, user_id: int) -> HttpResponse:
    membership = selectors.agency_member_or_404(request.user, user_id=user_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not permissions.may_change_member(request.user, membership):
        raise PermissionDenied
    try:
        services.member_invite_again(actor=request.user, membership=membership)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"A new invitation has been sent to {membership.user.email}. "
            "The earlier link no longer works.",
        )
    return redirect("administration:member_detail", user_id=membership.user_id)


@require_http_methods(["GET", "POST"])
def agency_details(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    agency = selectors.administered_agency(request.user)
    initial = {
        "kind": agency.kind,
        "statutory": "yes" if agency.statutory else "no",
        "protocol_signed_on": agency.protocol_signed_on,
        "secure_email_domains": "\n".join(agency.secure_email_domains),
    }
    form = AgencyDetailsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.agency_details_change(actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        messages.success(request, f"The details of {agency.name} are saved")
        return redirect("administration:landing")
    return render(request, "administration/agency_details.html", {"form": form, "agency": agency})


@require_http_methods(["GET", "POST"])
def officers(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    register = selectors.officer_register(request.user)
    members = selectors.agency_members(request.user).filter(user__is_active=True)
    data = request.POST if request.method == "POST" else None
    forms = [
        (
            office,
            OfficerForm(
                data,
                prefix=office,
                members=members,
                legend=label,
                initial={
                    "membership": held.membership if held else None,
                    "telephone": held.telephone if held else "",
                    "email": held.email if held else "",
                },
            ),
        )
        for office, label, held in register
    ]
    if data is not None and all(form.is_valid() for _, form in forms):
        for office, form in forms:
            services.officer_register_set(
                actor=request.user,  # type: ignore[arg-type]
                office=office,
                membership=form.cleaned_data["membership"],
                telephone=form.cleaned_data["telephone"].strip(),
                email=form.cleaned_data["email"],
            )
        messages.success(request, "The officer register is saved")
        return redirect("administration:officers")
    context = {"register": register, "forms": [form for _, form in forms]}
    return render(request, "administration/officers.html", context)

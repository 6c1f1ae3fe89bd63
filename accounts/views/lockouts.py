"""An agency administrator unlocks members locked out after five failed sign-ins."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render

from agencies import permissions

from .. import selectors, services


def lockout_list(request: HttpRequest) -> HttpResponse:
    if permissions.agency_administered_by(request.user) is None:
        raise PermissionDenied
    members = selectors.locked_out_members(request.user)
    return render(request, "accounts/lockouts.html", {"members": members})


def unlock(request: HttpRequest, user_id: int) -> HttpResponse:
    # Before anything else: another agency's account answers 404, whatever the method.
    member = selectors.locked_out_member_or_404(request.user, user_id=user_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.lockout_clear(actor=request.user, member=member)  # type: ignore[arg-type]
    messages.success(request, f"{member.get_full_name() or 'The account'} can sign in again")
    return redirect("accounts:lockouts")

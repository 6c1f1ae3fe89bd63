"""The page an invitation e-mail links to: the new member chooses a password, is signed
in, and goes straight on to set up their second factor (accounts:enrol).

It is for someone with no session: a signed-in person opening an invitation link gets the
same 404 as a missing page, so a link cannot be used to change an account someone is
already signed in to. A used, expired or withdrawn link says so and who can send a new one.
"""

from __future__ import annotations

from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.forms import ChoosePasswordForm
from records.formfields import apply_service_errors

from . import services

BACKEND = "django.contrib.auth.backends.ModelBackend"


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def accept(request: HttpRequest, token: str) -> HttpResponse:
    if request.user.is_authenticated:
        raise Http404("No such page")
    invitation = services.open_invitation(token)
    if invitation is None:
        return render(request, "administration/invitation_closed.html", status=410)
    user = invitation.membership.user
    form = ChoosePasswordForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                token=token, password=form.cleaned_data["new_password1"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            login(request, user, backend=BACKEND)
            return redirect(reverse("accounts:enrol"))
    return render(
        request,
        "administration/invitation.html",
        {"form": form, "invitation": invitation, "member": user},
    )

"""Setting up the second factor: an authenticator app by QR code, then backup codes."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from .. import services, totp
from ..forms import EnrolForm
from ..selectors import has_second_factor, pending_authenticator
from .signin import safe_next

SHOW_CODES = "accounts.show_backup_codes"


@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    user = request.user
    # Someone who already has a second factor proves it before setting up another one.
    if has_second_factor(user) and not user.is_verified():  # type: ignore[union-attr]
        return redirect("accounts:verify")
    device = pending_authenticator(user)  # type: ignore[arg-type]
    next_url = safe_next(request, reverse("home"))
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            codes = services.two_factor_enrol(actor=user, device=device)  # type: ignore[arg-type]
            otp_login(request, device)
            request.session[SHOW_CODES] = codes
            return redirect(reverse("accounts:backup_codes") + "?" + urlencode({"next": next_url}))
        form.add_error("code", "The code is wrong or has expired. Enter the code shown now.")
    return render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "qr": totp.qr_svg(device.config_url),
            "secret": totp.secret_in_groups(device.bin_key),
            "next": next_url,
        },
    )


@require_http_methods(["GET", "POST"])
def backup_codes(request: HttpRequest) -> HttpResponse:
    """Backup codes: shown once after setting up, or replaced on request."""
    if not request.user.is_verified():  # type: ignore[union-attr]
        return redirect("accounts:verify")
    if request.method == "POST":
        request.session[SHOW_CODES] = services.backup_codes_replace(actor=request.user)  # type: ignore[arg-type]
        return redirect("accounts:backup_codes")
    codes = request.session.pop(SHOW_CODES, None)
    return render(
        request,
        "accounts/backup_codes.html",
        {"codes": codes, "next": safe_next(request, reverse("home"))},
    )

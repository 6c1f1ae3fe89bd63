"""Signing in: the password, then (when the person has or needs one) the second factor."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice

from agencies import permissions
from agencies.forms import SignInForm

from .. import services
from ..forms import CodeForm
from ..selectors import has_second_factor


def safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


class SignInView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        user = self.request.user
        if has_second_factor(user) or permissions.needs_second_factor(user):
            step = "accounts:verify" if has_second_factor(user) else "accounts:enrol"
            return reverse(step) + "?" + urlencode({"next": self.get_redirect_url() or ""})
        return super().get_success_url()


sign_in = login_not_required(SignInView.as_view())


def locked_out(request: HttpRequest, credentials: Any = None, *args: Any) -> HttpResponse:
    """django-axes' answer to the sixth try: the same page for a known or unknown name."""
    return render(request, "accounts/locked_out.html", status=429)


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the authenticator app or a backup code."""
    user = request.user
    if not has_second_factor(user):
        return redirect("accounts:enrol")
    next_url = safe_next(request, reverse("home"))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            method = "backup code" if isinstance(device, StaticDevice) else "authenticator app"
            services.second_factor_record(user=user, verified=True, method=method)
            return HttpResponseRedirect(next_url)
        services.second_factor_record(user=user, verified=False)
        form.add_error("code", "The code is wrong or has expired. Enter the code shown now.")
    return render(request, "accounts/verify.html", {"form": form, "next": next_url})

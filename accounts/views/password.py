"""A person changes their own password (the audit event and e-mail: accounts.receivers)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import reverse_lazy

from ..forms import PasswordChangeForm


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("home")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)  # keeps this session signed in, ends the others
        messages.success(self.request, "Your password has been changed")
        return response


password_change = PasswordChangeView.as_view()

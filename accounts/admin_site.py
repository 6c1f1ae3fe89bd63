"""Django's admin, for superusers whose session is verified with a second factor."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

from agencies import permissions


class ServiceAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        return permissions.may_use_admin(request.user)

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        """No second sign-in form: the admin sends people to the service's sign-in, which
        asks for the second factor."""
        return redirect_to_login(request.GET.get("next") or request.get_full_path())

"""Django's admin, for superusers setting up agencies and people. Every save and delete
is written to the audit log in the same transaction."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import transaction

from .models import Agency, Membership
from .services import admin_change_record, audit_scope_record


def _agency_of(obj: Any) -> int | None:
    if isinstance(obj, Agency):
        return int(obj.pk)
    if isinstance(obj, Membership):
        return int(obj.agency_id)
    membership = Membership.objects.filter(user_id=getattr(obj, "pk", None)).first()
    return int(membership.agency_id) if membership else None


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            admin_change_record(
                actor=request.user,
                obj=obj,
                change="changed" if change else "added",
                changed_fields=list(form.changed_data),
                agency_id=_agency_of(obj),
            )

    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_related(request, form, formsets, change)

    def delete_model(self, request: Any, obj: Any) -> None:
        with transaction.atomic():
            agency_id = _agency_of(obj)
            admin_change_record(
                actor=request.user,
                obj=obj,
                change="deleted",
                changed_fields=[],
                agency_id=agency_id,
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin):
    list_display = ["name", "kind", "statutory", "protocol_signed_on"]
    list_filter = ["kind", "statutory"]
    search_fields = ["name"]


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ["user", "agency", "role", "job_title"]
    list_filter = ["role", "agency"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    filter_horizontal = ["audit_scope"]

    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        """A change of an auditor's scope is told on every agency's chain it concerns."""
        membership = form.instance
        with transaction.atomic():
            before = set(membership.audit_scope.values_list("pk", flat=True)) if change else set()
            super().save_related(request, form, formsets, change)
            after = set(membership.audit_scope.values_list("pk", flat=True))
            audit_scope_record(
                actor=request.user, membership=membership, before=before, after=after
            )


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class AuditedUserAdmin(AuditedAdmin, UserAdmin):  # type: ignore[misc]
    pass

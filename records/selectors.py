"""Reads of cases. Every query a view makes of a protected model starts here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from guardian.shortcuts import get_objects_for_user

from agencies.models import Role
from agencies.roles import membership_of, sees_case_history

from .models import Allocation, AuditEvent, Case

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


def _granted_cases(user: User | AnonymousUser) -> QuerySet[Case]:
    """Cases an object-level grant opens to this user (allocation, or a cross-agency grant)."""
    return get_objects_for_user(
        user, "records.view_case", klass=Case, with_superuser=False, accept_global_perms=False
    )


def cases_visible_to(user: User | AnonymousUser) -> QuerySet[Case]:
    """Need to know (Caldicott principle 4): what this user may see, and nothing else.

    Lead officers see their agency's cases; auditors the agencies in their audit scope;
    everyone else only what an object-level grant opens to them.
    """
    if not user.is_authenticated:
        return Case.objects.none()
    membership = membership_of(user)
    scope = Q(pk__in=_granted_cases(user).values("pk"))
    if membership is not None and membership.role == Role.LEAD_OFFICER:
        scope |= Q(agency_id=membership.agency_id)
    elif membership is not None and membership.role == Role.AUDITOR:
        scope |= Q(agency__in=membership.audit_scope.all())
    return Case.objects.filter(scope).select_related("agency")


def case_list(user: User | AnonymousUser, *, search: str = "") -> QuerySet[Case]:
    cases = cases_visible_to(user)
    search = search.strip()
    if search:
        cases = cases.filter(Q(reference__icontains=search) | Q(child_name__icontains=search))
    return cases.order_by("-created_at", "-id")


def open_allocations(case: Case) -> QuerySet[Allocation]:
    return (
        Allocation.objects.filter(case=case, ended_at__isnull=True)
        .select_related("user", "user__membership")
        .order_by("allocated_at", "id")
    )


def allocatable_users(case: Case) -> QuerySet[User]:
    """Members of the case's own agency who record decisions and are not yet allocated."""
    allocated = Allocation.objects.filter(case=case, ended_at__isnull=True).values("user_id")
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            membership__agency_id=case.agency_id,
            membership__role__in=[Role.PRACTITIONER, Role.LEAD_OFFICER],
        )
        .exclude(pk__in=allocated)
        .select_related("membership")
        .order_by("last_name", "first_name", "username")
    )


def recent_accesses(case: Case, *, limit: int = 10) -> QuerySet[AuditEvent]:
    """Who looked at this case lately: for the lead officer and auditors."""
    return AuditEvent.objects.filter(case_id=case.pk, action__endswith=".viewed").order_by(
        "-occurred_at", "-id"
    )[:limit]


def case_page_context(user: User | AnonymousUser, case: Case) -> dict[str, object]:
    """Everything the case page shows, read in a fixed number of queries."""
    membership = membership_of(user)
    sees_accesses = membership is not None and membership.role in (Role.LEAD_OFFICER, Role.AUDITOR)
    from .panels import panels_for

    return {
        "case": case,
        "panels": panels_for(user, case),
        "people": list(case.connected_people.all()),
        "allocations": list(open_allocations(case)),
        "recent_accesses": list(recent_accesses(case)) if sees_accesses else None,
        "sees_history": sees_case_history(user, case.agency),
        "is_lead_officer": membership is not None
        and membership.role == Role.LEAD_OFFICER
        and membership.agency_id == case.agency_id,
        "can_record": user.has_perm("records.record_decision", case)
        or (
            membership is not None
            and membership.role == Role.LEAD_OFFICER
            and membership.agency_id == case.agency_id
        ),
    }

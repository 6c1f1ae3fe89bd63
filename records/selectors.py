"""Reads of cases. Every query a view makes of a protected model starts here.

Scoped selectors take the acting user first and everything else by keyword. Those that
take a case and no user read about a case the caller has already opened through
`records.access`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from agencies import permissions
from audit.models import AuditEvent

from .models import (
    Allocation,
    Case,
    CaseGroupObjectPermission,
    CaseUserObjectPermission,
    EmergencyAccess,
)
from .panels import panels_for

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


def _granted_cases(user: User | AnonymousUser) -> Q:
    """The cases an object-level grant opens to this user (an allocation, or a
    cross-agency grant), read straight from django-guardian's direct foreign-key tables.

    The same grants as `guardian.shortcuts.get_objects_for_user(user, "records.view_case",
    with_superuser=False, accept_global_perms=False)`, the user's own and their groups',
    but as subqueries on the permission tables' indexed user and group columns. Guardian's
    own queryset filters the whole case table with an OR of two subqueries, which
    PostgreSQL can only answer by reading every case: 42 ms of a 45 ms decision lookup at
    250,000 cases (docs/performance.md)."""
    grant = {"permission__codename": "view_case", "permission__content_type__app_label": "records"}
    own = CaseUserObjectPermission.objects.filter(user_id=user.pk, **grant)
    groups = CaseGroupObjectPermission.objects.filter(group__user=user.pk, **grant)
    return Q(pk__in=own.values("content_object_id")) | Q(pk__in=groups.values("content_object_id"))


def _emergency_cases(user: User | AnonymousUser) -> QuerySet[EmergencyAccess, Any]:
    """Cases of the user's own agency opened to them by emergency access that has not yet
    expired (docs/adr/0024). A grant on another agency's case is never honoured, whoever
    wrote it: the join to the case's agency is part of the scope."""
    membership = permissions.membership_of(user)
    if membership is None or user.pk is None:
        return EmergencyAccess.objects.none().values("case_id")
    return EmergencyAccess.objects.filter(
        user_id=user.pk,
        expires_at__gt=timezone.now(),
        case__agency_id=membership.agency_id,
    ).values("case_id")


def cases_visible_to(user: User | AnonymousUser) -> QuerySet[Case]:
    """Need to know (Caldicott principle 4): what this user may see, and nothing else.

    Lead officers see their agency's cases; auditors the agencies in their audit scope;
    everyone else only what an object-level grant opens to them, and the cases of their
    own agency they have opened by emergency access for the hours it lasts.
    """
    if not user.is_authenticated:
        return Case.objects.none()
    scope = _granted_cases(user) | Q(pk__in=_emergency_cases(user))
    led = permissions.agency_led_by(user)
    if led is not None:
        scope |= Q(agency_id=led)
    else:
        scope |= Q(agency__in=permissions.audited_agencies(user))
    return Case.objects.filter(scope).select_related("agency")


def case_list(user: User | AnonymousUser, *, search: str = "") -> QuerySet[Case]:
    cases = cases_visible_to(user)
    search = search.strip()
    if search:
        cases = cases.filter(Q(reference__icontains=search) | Q(child_name__icontains=search))
    return cases.order_by("-created_at", "-id")


def open_allocations(*, case: Case) -> QuerySet[Allocation]:
    return (
        Allocation.objects.filter(case=case, ended_at__isnull=True)
        .select_related("user", "user__membership")
        .order_by("allocated_at", "id")
    )


def open_allocation_or_404(*, case: Case, allocation_id: int) -> Allocation:
    """One of the case's open allocations (the case is already opened for the user)."""
    allocation = open_allocations(case=case).filter(pk=allocation_id).first()
    if allocation is None:
        raise Http404("No such allocation")
    return allocation


def allocatable_users(*, case: Case) -> QuerySet[User]:
    """Members of the case's own agency who record decisions and are not yet allocated."""
    allocated = Allocation.objects.filter(case=case, ended_at__isnull=True).values("user_id")
    return (
        permissions.members_who_may_be_allocated(case)
        .exclude(pk__in=allocated)
        .select_related("membership")
        .order_by("last_name", "first_name", "username")
    )


def recent_accesses(*, case: Case, limit: int = 10) -> QuerySet[AuditEvent]:
    """Who looked at this case lately: for the lead officer and auditors."""
    return AuditEvent.objects.filter(case_id=case.pk, action__endswith=".viewed").order_by(
        "-occurred_at", "-id"
    )[:limit]


def case_page_context(user: User | AnonymousUser, *, case: Case) -> dict[str, object]:
    """Everything the case page shows, read in a fixed number of queries."""
    return {
        "case": case,
        "panels": panels_for(user, case),
        "people": list(case.connected_people.all()),
        "allocations": list(open_allocations(case=case)),
        "recent_accesses": list(recent_accesses(case=case))
        if permissions.may_see_case_accesses(user)
        else None,
        "sees_history": permissions.may_see_case_history(user, case),
        "may_allocate": permissions.may_allocate_on(user, case),
        "can_record": permissions.may_record_on(user, case),
    }

"""Reads for emergency access (docs/adr/0024): finding a case by its exact reference,
the request page's case, and the lead officer's reviews."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils import timezone

from agencies import permissions
from audit.models import AuditEvent

from .access import get_or_404
from .models import Case, EmergencyAccess
from .selectors import cases_visible_to

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


def _own_agency_cases(user: User | AnonymousUser) -> QuerySet[Case]:
    membership = permissions.membership_of(user)
    if membership is None:
        return Case.objects.none()
    return Case.objects.filter(agency_id=membership.agency_id).select_related("agency")


def emergency_access_offer(user: User | AnonymousUser, *, search: str) -> Case | None:
    """A case of the user's own agency whose reference is exactly `search`, which they
    cannot see and may open by emergency access. Nothing for a partial match: this is no
    way to browse the agency's cases."""
    search = search.strip()
    if not search:
        return None
    case = (
        _own_agency_cases(user)
        .filter(reference__iexact=search)
        .exclude(pk__in=cases_visible_to(user).values("pk"))
        .first()
    )
    if case is None or not permissions.may_ask_emergency_access(user, case):
        return None
    return case


def case_for_emergency_access_or_404(user: User | AnonymousUser, *, case_id: object) -> Case:
    """The case of the request page: only in the user's own agency. Another agency's case
    answers 404 like a missing page, and the refusal is logged on that agency's chain."""
    return get_or_404(
        user,
        _own_agency_cases(user),
        case_id,
        object_type="case",
        owner=Case.objects.all(),
        case_field="pk",
    )


def active_emergency_access(user: User | AnonymousUser, *, case: Case) -> EmergencyAccess | None:
    if not user.is_authenticated:
        return None
    return (
        EmergencyAccess.objects.filter(user_id=user.pk, case=case, expires_at__gt=timezone.now())
        .order_by("-expires_at")
        .first()
    )


def emergency_accesses_visible_to(user: User | AnonymousUser) -> QuerySet[EmergencyAccess]:
    """The accesses to the cases of the agency a lead officer leads; their own, for anyone."""
    led = permissions.agency_led_by(user)
    accesses = EmergencyAccess.objects.select_related("case", "case__agency", "user", "reviewed_by")
    if led is not None:
        return accesses.filter(case__agency_id=led)
    if not user.is_authenticated:
        return accesses.none()
    return accesses.filter(user_id=user.pk)


def emergency_accesses_to_review(user: User | AnonymousUser) -> QuerySet[EmergencyAccess]:
    led = permissions.agency_led_by(user)
    if led is None:
        return EmergencyAccess.objects.none()
    return (
        emergency_accesses_visible_to(user)
        .filter(reviewed_at__isnull=True)
        .order_by("granted_at", "id")
    )


def active_emergency_accesses_of(user: User | AnonymousUser) -> QuerySet[EmergencyAccess]:
    """The cases a practitioner holds emergency access to now, soonest to expire first."""
    if not user.is_authenticated:
        return EmergencyAccess.objects.none()
    return (
        EmergencyAccess.objects.filter(user_id=user.pk, expires_at__gt=timezone.now())
        .select_related("case")
        .order_by("expires_at", "id")
    )


def get_emergency_access_or_404(
    user: User | AnonymousUser, *, emergency_access_id: object
) -> EmergencyAccess:
    return get_or_404(
        user,
        emergency_accesses_visible_to(user),
        emergency_access_id,
        object_type="emergency_access",
        owner=EmergencyAccess.objects.all(),
        agency_field="case__agency_id",
        case_field="case_id",
    )


def views_during(access: EmergencyAccess, *, limit: int = 50) -> list[AuditEvent]:
    """What the practitioner looked at on the case while the access lasted, from the log's
    record of every view: evidence for the lead officer's review."""
    return list(
        AuditEvent.objects.filter(
            case_id=access.case_id,
            actor_id=access.user_id,
            action__endswith=".viewed",
            occurred_at__gte=access.granted_at,
            occurred_at__lt=access.expires_at,
        ).order_by("occurred_at", "id")[:limit]
    )

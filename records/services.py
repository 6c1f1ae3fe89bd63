"""Writes about cases. Each service saves its change and its audit event in one transaction."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from agencies import permissions
from agencies.permissions import membership_of
from audit import events

from .models import Allocation, Case, ConnectedPerson

if TYPE_CHECKING:
    from django.contrib.auth.models import User


# What an allocation opens to the practitioner, on that one case.
ALLOCATION_PERMISSIONS = ("records.view_case", permissions.RECORD_ON_CASE)


def _require_allocator(actor: User, case: Case) -> None:
    if not permissions.may_allocate_on(actor, case):
        raise PermissionDenied("Only the agency's lead information officer may do this.")


def case_create(
    *,
    actor: User,
    reference: str,
    child_name: str,
    date_of_birth: datetime.date | None,
) -> Case:
    """Open a case in the actor's agency (SPEC 2: practitioners and lead officers).

    A practitioner who opens a case is allocated to it at once, so they can see it.
    """
    membership = membership_of(actor)
    if membership is None or not permissions.may_open_cases(actor):
        raise PermissionDenied("Only practitioners and lead officers open cases.")
    reference = reference.strip()
    if date_of_birth is None:
        raise ValidationError({"date_of_birth": "Enter the date of birth"})
    if date_of_birth > timezone.localdate():
        raise ValidationError({"date_of_birth": "Date of birth must be today or in the past"})
    duplicate = ValidationError({"reference": "Your agency already has a case with this reference"})
    with transaction.atomic():
        if Case.objects.filter(
            agency_id=membership.agency_id, reference__iexact=reference
        ).exists():
            raise duplicate
        try:
            # The same form sent twice at once: both pass the check above, and the unique
            # constraint lets one in. The other is told, as if it had been second all along.
            with transaction.atomic():
                case = Case.objects.create(
                    agency_id=membership.agency_id,
                    reference=reference,
                    child_name=child_name.strip(),
                    date_of_birth=date_of_birth,
                    created_by=actor,
                )
        except IntegrityError as error:
            raise duplicate from error
        events.append(
            actor=actor,
            action="case.created",
            object_type="case",
            object_id=case.pk,
            case_id=case.pk,
            agency_id=case.agency_id,
            payload={
                "reference": case.reference,
                "child_name": case.child_name,
                "date_of_birth": case.date_of_birth,
            },
        )
        if permissions.allocated_on_opening(actor):
            _allocate(actor=actor, case=case, user=actor)
    return case


def connected_person_add(
    *,
    actor: User,
    case: Case,
    name: str,
    relationship: str,
    parental_responsibility: bool,
    lives_with_child: bool = False,
    notes: str = "",
) -> ConnectedPerson:
    if not permissions.may_record_on(actor, case):
        raise PermissionDenied("You may not change this case.")
    with transaction.atomic():
        person = ConnectedPerson.objects.create(
            case=case,
            name=name.strip(),
            relationship=relationship,
            parental_responsibility=parental_responsibility,
            lives_with_child=lives_with_child,
            notes=notes,
        )
        events.append(
            actor=actor,
            action="case.person_added",
            object_type="connected_person",
            object_id=person.pk,
            case_id=case.pk,
            agency_id=case.agency_id,
            payload={
                "name": person.name,
                "relationship": relationship,
                "parental_responsibility": parental_responsibility,
                "lives_with_child": lives_with_child,
            },
        )
    return person


def case_allocate(*, actor: User, case: Case, user: User) -> Allocation:
    _require_allocator(actor, case)
    if not permissions.may_be_allocated(user, case):
        raise ValidationError({"user": "Choose a practitioner from this case's agency"})
    return _allocate(actor=actor, case=case, user=user)


def _allocate(*, actor: User, case: Case, user: User) -> Allocation:
    already = ValidationError({"user": "This person is already allocated to the case"})
    with transaction.atomic():
        if Allocation.objects.filter(case=case, user=user, ended_at__isnull=True).exists():
            raise already
        try:
            # Two allocations sent at once: the partial unique constraint lets one in.
            with transaction.atomic():
                allocation = Allocation.objects.create(case=case, user=user, allocated_by=actor)
        except IntegrityError as error:
            raise already from error
        for permission in ALLOCATION_PERMISSIONS:
            assign_perm(permission, user, case)
        events.append(
            actor=actor,
            action="allocation.changed",
            object_type="allocation",
            object_id=allocation.pk,
            case_id=case.pk,
            agency_id=case.agency_id,
            payload={"change": "allocated", "user_id": user.pk, "username": user.get_username()},
        )
    return allocation


def case_deallocate(*, actor: User, allocation: Allocation) -> Allocation:
    case = allocation.case
    _require_allocator(actor, case)
    with transaction.atomic():
        allocation = Allocation.objects.select_for_update().get(pk=allocation.pk)
        if allocation.ended_at is not None:
            return allocation
        allocation.ended_at = timezone.now()
        allocation.save(update_fields=["ended_at"])
        for permission in ALLOCATION_PERMISSIONS:
            remove_perm(permission, allocation.user, case)
        events.append(
            actor=actor,
            action="allocation.changed",
            object_type="allocation",
            object_id=allocation.pk,
            case_id=case.pk,
            agency_id=case.agency_id,
            payload={
                "change": "ended",
                "user_id": allocation.user_id,
                "username": allocation.user.get_username(),
            },
        )
    return allocation


def member_allocations_end(*, actor: User, user: User, reason: str) -> int:
    """End every open allocation of this person, in every case of their agency: a leaver,
    or a member moved to a role that holds no cases (issue 14). Each ending is an
    `allocation.changed` event on the case's agency chain, in the caller's transaction
    when there is one. Authorisation is the caller's (the agency administrator's service).
    Returns how many were ended."""
    with transaction.atomic():
        allocations = list(
            Allocation.objects.select_for_update()
            .select_related("case")
            .filter(user=user, ended_at__isnull=True)
        )
        now = timezone.now()
        for allocation in allocations:
            allocation.ended_at = now
            allocation.save(update_fields=["ended_at"])
            for permission in ALLOCATION_PERMISSIONS:
                remove_perm(permission, user, allocation.case)
            events.append(
                actor=actor,
                action="allocation.changed",
                object_type="allocation",
                object_id=allocation.pk,
                case_id=allocation.case_id,
                agency_id=allocation.case.agency_id,
                payload={
                    "change": "ended",
                    "user_id": user.pk,
                    "username": user.get_username(),
                    "reason": reason,
                },
            )
    return len(allocations)


def record_view(
    *,
    actor: User,
    object_type: str,
    object_id: object,
    case: Case | None,
    agency_id: int | None = None,
    details: dict[str, object] | None = None,
) -> None:
    """Every view of a case record, a decision or an export is itself evidence (SPEC 2)."""
    with transaction.atomic():
        events.append(
            actor=actor,
            action=f"{object_type}.viewed",
            object_type=object_type,
            object_id=object_id,
            case_id=case.pk if case else None,
            agency_id=case.agency_id if case else agency_id,
            payload=details or {},
        )


def record_export(*, actor: User | None, case: Case, details: dict[str, object]) -> None:
    """Every export is itself an audit event, naming its format (SPEC 7)."""
    with transaction.atomic():
        events.append(
            actor=actor,
            action="history.exported",
            object_type="history",
            object_id=case.pk,
            case_id=case.pk,
            agency_id=case.agency_id,
            payload=details,
        )

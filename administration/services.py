"""An agency administrator's changes to their agency's members (issue 14).

Each change is saved with its audit event in one transaction. A leaver's access ends at
once: the account is made inactive (Django then refuses its sessions and its password),
every live session of theirs is deleted, and every allocation is ended (docs/adr/0033).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts import sessions
from agencies import permissions
from agencies.models import Membership, OfficerAppointment
from audit import events
from records.services import member_allocations_end

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _require_change(actor: User, membership: Membership) -> None:
    if not permissions.may_change_member(actor, membership):
        raise PermissionDenied("Only your agency's administrator changes this, never their own")


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter the reason"})
    return reason


def _locked(membership: Membership) -> Membership:
    return (
        Membership.objects.select_for_update(of=("self",))
        .select_related("user", "agency")
        .get(pk=membership.pk)
    )


def member_role_change(
    *, actor: User, membership: Membership, role: str, reason: str
) -> Membership:
    """Give a member another role, with the reason. Never the administrator's own. A member
    moved to a role that holds no cases has their allocations ended."""
    _require_change(actor, membership)
    reason = _reason(reason)
    if role not in dict(permissions.assignable_roles()):
        raise ValidationError({"role": "Select a role"})
    with transaction.atomic():
        membership = _locked(membership)
        before = membership.role
        if before == role:
            raise ValidationError({"role": "Select a different role from the one they have"})
        membership.role = role
        membership.save(update_fields=["role"])
        ended = 0
        if not permissions.role_may_be_allocated(role):
            ended = member_allocations_end(actor=actor, user=membership.user, reason=reason)
        events.append(
            actor=actor,
            action="membership.role_changed",
            object_type="membership",
            object_id=membership.pk,
            agency_id=membership.agency_id,
            payload={
                "user_id": membership.user_id,
                "from": before,
                "to": role,
                "reason": reason,
                "allocations_ended": ended,
            },
        )
    return membership


def member_leave(*, actor: User, membership: Membership, reason: str) -> Membership:
    """Record a leaver: their access ends at once, every allocation ends, their sessions
    are deleted; their open drafts wait in the lead officer's queue to be reassigned."""
    _require_change(actor, membership)
    reason = _reason(reason)
    with transaction.atomic():
        membership = _locked(membership)
        user = membership.user
        if not user.is_active:
            raise ValidationError({"reason": "This person has already left"})
        user.is_active = False
        user.save(update_fields=["is_active"])
        ended = member_allocations_end(actor=actor, user=user, reason=reason)
        ended_sessions = sessions.end_all_for(user.pk)
        events.append(
            actor=actor,
            action="membership.left",
            object_type="membership",
            object_id=membership.pk,
            agency_id=membership.agency_id,
            payload={
                "user_id": user.pk,
                "reason": reason,
                "allocations_ended": ended,
                "sessions_ended": ended_sessions,
            },
        )
    return membership


def member_reactivate(*, actor: User, membership: Membership, reason: str) -> Membership:
    """Give a leaver their access back, with the reason. Their allocations stay ended: the
    lead officer allocates cases again."""
    _require_change(actor, membership)
    reason = _reason(reason)
    with transaction.atomic():
        membership = _locked(membership)
        user = membership.user
        if user.is_active:
            raise ValidationError({"reason": "This person can already sign in"})
        user.is_active = True
        user.save(update_fields=["is_active"])
        events.append(
            actor=actor,
            action="membership.reactivated",
            object_type="membership",
            object_id=membership.pk,
            agency_id=membership.agency_id,
            payload={"user_id": user.pk, "reason": reason},
        )
    return membership


def members_export_record(*, actor: User, count: int) -> None:
    """The member list exported as CSV: who, when, and how many rows (SPEC 2)."""
    agency_id = permissions.agency_administered_by(actor)
    if agency_id is None:
        raise PermissionDenied
    with transaction.atomic():
        events.append(
            actor=actor,
            action="membership.list_exported",
            object_type="agency",
            object_id=agency_id,
            agency_id=agency_id,
            payload={"format": "csv", "rows": count},
        )


def officer_register_set(
    *,
    actor: User,
    office: str,
    membership: Membership | None,
    telephone: str = "",
    email: str = "",
) -> OfficerAppointment | None:
    """Name the member who holds one office of the administrator's agency, with how to reach
    them, or leave the office empty (O 6.7.6, O 8). Audited with what changed."""
    agency_id = permissions.agency_administered_by(actor)
    if agency_id is None:
        raise PermissionDenied
    agency = Membership.objects.select_related("agency").get(user_id=actor.pk).agency
    if office not in {o.value for o in permissions.offices_of(agency)}:
        raise ValidationError({"office": "Select an office your agency's register names"})
    if membership is not None and membership.agency_id != agency_id:
        raise ValidationError({"membership": "Select a member of your agency"})
    with transaction.atomic():
        current = (
            OfficerAppointment.objects.select_for_update()
            .filter(agency_id=agency_id, office=office)
            .first()
        )
        before = (current.membership_id, current.telephone, current.email) if current else None
        after = (membership.pk, telephone, email) if membership is not None else None
        if before == after:
            return current
        if membership is None:
            if current is not None:
                current.delete()
            current = None
        else:
            current, _ = OfficerAppointment.objects.update_or_create(
                agency_id=agency_id,
                office=office,
                defaults={"membership": membership, "telephone": telephone, "email": email},
            )
        events.append(
            actor=actor,
            action="agency.officer_changed",
            object_type="agency",
            object_id=agency_id,
            agency_id=agency_id,
            payload={
                "office": office,
                "user_id": membership.user_id if membership is not None else None,
                "telephone": telephone,
                "email": email,
            },
        )
    return current

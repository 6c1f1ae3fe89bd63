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
from agencies.models import Membership
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

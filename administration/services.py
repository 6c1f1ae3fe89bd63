"""An agency administrator's changes to their agency's members (issue 14).

Each change is saved with its audit event in one transaction. A leaver's access ends at
once: the account is made inactive (Django then refuses its sessions and its password),
every live session of theirs is deleted, and every allocation is ended (docs/adr/0033).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts import sessions
from agencies import permissions
from agencies.models import Agency, Membership, OfficerAppointment
from audit import events
from records.services import member_allocations_end

from . import emails
from .models import INVITATION_LIFETIME, Invitation

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


# --- invitations (docs/adr/0033) ---------------------------------------------------------


def token_digest(token: str) -> str:
    """What is stored of an invitation's token: its SHA-256, never the token itself."""
    return hashlib.sha256(token.encode()).hexdigest()


def _username_for(email: str) -> str:
    """A username from the e-mail address's local part, made unique with a number."""
    base = re.sub(r"[^a-z0-9.]+", ".", email.split("@", 1)[0].lower()).strip(".")[:120] or "member"
    users = get_user_model().objects
    candidate, number = base, 1
    while users.filter(username__iexact=candidate).exists():
        number += 1
        candidate = f"{base}{number}"
    return candidate


def _issue_invitation(*, actor: User, membership: Membership) -> str:
    """A new invitation link for the member; any earlier one still open is withdrawn.
    Returns the token, which only the e-mail carries."""
    now = timezone.now()
    Invitation.objects.filter(
        membership=membership, accepted_at__isnull=True, withdrawn_at__isnull=True
    ).update(withdrawn_at=now)
    token = secrets.token_urlsafe(32)
    Invitation.objects.create(
        membership=membership,
        token_digest=token_digest(token),
        invited_by=actor,
        created_at=now,
        expires_at=now + INVITATION_LIFETIME,
    )
    return token


def member_invite(
    *,
    actor: User,
    first_name: str,
    last_name: str,
    email: str,
    job_title: str,
    role: str,
) -> Membership:
    """Add a person to the administrator's agency and e-mail them a one-time link to set
    their password and then set up their second factor. Until they do, they cannot sign in:
    the account has no password at all."""
    agency_id = permissions.agency_administered_by(actor)
    if agency_id is None:
        raise PermissionDenied
    if role not in dict(permissions.assignable_roles()):
        raise ValidationError({"role": "Select a role"})
    email = email.strip().lower()
    users = get_user_model().objects
    with transaction.atomic():
        if users.filter(email__iexact=email).exists():
            raise ValidationError(
                {
                    "email": "Someone already has an account with this e-mail address. If they "
                    "have moved agency, ask the service's system administrator to move it"
                }
            )
        # Saved without any password (an empty field, not an unusable one): the first one
        # they set is not a "password changed" notice (accounts/receivers.py).
        user = users.model(
            username=_username_for(email),
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            email=email,
            is_active=True,
        )
        user.save()
        membership = Membership.objects.create(
            user=user, agency_id=agency_id, role=role, job_title=job_title.strip()
        )
        token = _issue_invitation(actor=actor, membership=membership)
        events.append(
            actor=actor,
            action="membership.invited",
            object_type="membership",
            object_id=membership.pk,
            agency_id=agency_id,
            payload={"user_id": user.pk, "role": role, "expires_in_days": INVITATION_LIFETIME.days},
        )
        _send_invitation(actor=actor, membership=membership, token=token)
    return membership


def member_invite_again(*, actor: User, membership: Membership) -> Membership:
    """A new link for a member who has not accepted theirs (lost, or expired); the old
    link stops working."""
    _require_change(actor, membership)
    with transaction.atomic():
        membership = _locked(membership)
        if membership.user.password:
            raise ValidationError({"__all__": "This person has already accepted their invitation"})
        if not membership.user.is_active:
            raise ValidationError({"__all__": "This person has left: give them access again first"})
        token = _issue_invitation(actor=actor, membership=membership)
        events.append(
            actor=actor,
            action="membership.invited_again",
            object_type="membership",
            object_id=membership.pk,
            agency_id=membership.agency_id,
            payload={"user_id": membership.user_id, "expires_in_days": INVITATION_LIFETIME.days},
        )
        _send_invitation(actor=actor, membership=membership, token=token)
    return membership


def _send_invitation(*, actor: User, membership: Membership, token: str) -> None:
    link = f"{settings.SITE_URL}/accounts/invitation/{token}/"
    transaction.on_commit(
        lambda: emails.invitation(membership=membership, invited_by=actor, link=link),
        robust=True,
    )


def open_invitation(token: str) -> Invitation | None:
    """The invitation this token opens, if it still may be used."""
    invitation = (
        Invitation.objects.select_related("membership__user", "membership__agency")
        .filter(token_digest=token_digest(token))
        .first()
    )
    if invitation is None or not invitation.is_open() or not invitation.membership.user.is_active:
        return None
    return invitation


def invitation_accept(*, token: str, password: str) -> User:
    """The invited person sets their password: the link is used up in the same
    transaction, so it works once. Their second factor comes next (accounts:enrol)."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("membership__user")
            .filter(token_digest=token_digest(token))
            .first()
        )
        if invitation is None or not invitation.is_open():
            raise ValidationError(
                {"__all__": "This invitation link has expired or has already been used"}
            )
        user = invitation.membership.user
        if not user.is_active or user.password:
            raise ValidationError(
                {"__all__": "This invitation link has expired or has already been used"}
            )
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        user.set_password(password)
        user.save(update_fields=["password"])
        events.append(
            actor=user,
            action="membership.invitation_accepted",
            object_type="membership",
            object_id=invitation.membership_id,
            agency_id=invitation.membership.agency_id,
            payload={"user_id": user.pk},
        )
    return user


# --- a member's second factor ------------------------------------------------------------


def member_second_factor_reset(*, actor: User, membership: Membership, reason: str) -> Membership:
    """The member lost their phone: their authenticator app and backup codes are removed
    and their sessions ended, so they set up a new one when they next sign in. Never the
    administrator's own (another administrator does it)."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    _require_change(actor, membership)
    reason = _reason(reason)
    with transaction.atomic():
        membership = _locked(membership)
        apps = TOTPDevice.objects.filter(user_id=membership.user_id).delete()[0]
        codes = StaticDevice.objects.filter(user_id=membership.user_id).delete()[0]
        if not (apps or codes):
            raise ValidationError({"reason": "This person has not set up a second factor"})
        ended_sessions = sessions.end_all_for(membership.user_id)
        events.append(
            actor=actor,
            action="auth.second_factor_reset",
            object_type="user",
            object_id=membership.user_id,
            agency_id=membership.agency_id,
            payload={"reason": reason, "sessions_ended": ended_sessions},
        )
    return membership


# --- the agency's details ----------------------------------------------------------------

AGENCY_DETAILS = ("kind", "statutory", "protocol_signed_on", "secure_email_domains")


def agency_details_change(*, actor: User, **details: object) -> Agency:
    """The administrator's own agency: its kind, whether it is a statutory agency, the date
    it signed the protocol, and the domains it receives secure e-mail on."""
    agency_id = permissions.agency_administered_by(actor)
    if agency_id is None:
        raise PermissionDenied
    unknown = set(details) - set(AGENCY_DETAILS)
    if unknown:
        raise ValueError(f"not an agency detail: {sorted(unknown)}")
    with transaction.atomic():
        agency = Agency.objects.select_for_update().get(pk=agency_id)
        changed = {}
        for field, value in details.items():
            before = getattr(agency, field)
            if before != value:
                changed[field] = {"from": _plain(before), "to": _plain(value)}
                setattr(agency, field, value)
        if not changed:
            return agency
        agency.save(update_fields=list(changed))
        events.append(
            actor=actor,
            action="agency.details_changed",
            object_type="agency",
            object_id=agency_id,
            agency_id=agency_id,
            payload={"changed": changed},
        )
    return agency


def _plain(value: object) -> object:
    return value.isoformat() if hasattr(value, "isoformat") else value

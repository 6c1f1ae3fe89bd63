"""Writes about signing in: each saves its change and its audit event in one transaction.

The log records who signed in and from where, never what someone typed: a failed sign-in
with an unknown username says only that it was unknown (people type their password into
the username box).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from axes.utils import reset as axes_reset
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction

from agencies import permissions
from agencies.models import Membership
from audit import events

from . import notify

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User
    from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODES = 10


def _agency_of(user: User) -> int | None:
    # Read afresh, not through membership_of's per-user cache: the account may be saved
    # before its membership exists (a new member), and the cache must not keep "none".
    agency_id: int | None = (
        Membership.objects.filter(user_id=user.pk).values_list("agency_id", flat=True).first()
    )
    return agency_id


def _known_user(username: str) -> User | None:
    return get_user_model().objects.filter(username=username).first()


def sign_in_record(*, user: User) -> None:
    with transaction.atomic():
        events.append(actor=user, action="auth.signed_in", object_type="user", object_id=user.pk)


def sign_out_record(*, user: User | AnonymousUser | None, reason: str = "signed_out") -> None:
    if user is None or not user.is_authenticated:
        return
    with transaction.atomic():
        events.append(
            actor=user,
            action="auth.signed_out",
            object_type="user",
            object_id=user.pk,
            payload={"reason": reason} if reason != "signed_out" else {},
        )


def sign_in_failed_record(*, username: str) -> None:
    """A wrong password for a known account lands on its agency's chain; an unknown
    username is recorded as unknown, and the text typed is not kept anywhere in the log."""
    user = _known_user(username)
    with transaction.atomic():
        if user is None:
            events.append(actor=None, action="auth.sign_in_failed", payload={"username": "unknown"})
        else:
            events.append(
                actor=None,
                action="auth.sign_in_failed",
                object_type="user",
                object_id=user.pk,
                agency_id=_agency_of(user),
                payload={"username": "known"},
            )


def lockout_record(*, username: str) -> None:
    """Five failures for one username from one address: axes has locked the pair out."""
    user = _known_user(username)
    with transaction.atomic():
        events.append(
            actor=None,
            action="auth.locked_out",
            object_type="user" if user else "",
            object_id=user.pk if user else "",
            agency_id=_agency_of(user) if user else None,
            payload={"username": "known" if user else "unknown"},
        )


def lockout_clear(*, actor: User, member: User) -> int:
    """An agency administrator unlocks a member of their agency before the 30 minutes."""
    if not permissions.may_unlock(actor, member):
        raise PermissionDenied("Only the agency's administrator may unlock its members.")
    with transaction.atomic():
        cleared = axes_reset(username=member.get_username())
        events.append(
            actor=actor,
            action="auth.unlocked",
            object_type="user",
            object_id=member.pk,
            agency_id=_agency_of(member),
            payload={"attempts_cleared": cleared},
        )
    return cleared


def access_refused_record(*, actor: User | AnonymousUser, user_id: int, agency_id: int) -> None:
    """Another agency's account, asked for: logged on that agency's chain (SPEC 2)."""
    with transaction.atomic():
        events.append(
            actor=actor,
            action="access.refused",
            object_type="user",
            object_id=user_id,
            agency_id=agency_id,
            payload={"reason": "not visible to this user"},
        )


def second_factor_record(*, user: User, verified: bool, method: str = "") -> None:
    with transaction.atomic():
        events.append(
            actor=user,
            action="auth.second_factor_verified" if verified else "auth.second_factor_failed",
            object_type="user",
            object_id=user.pk,
            payload={"method": method} if method else {},
        )


def two_factor_enrol(*, actor: User, device: TOTPDevice) -> list[str]:
    """Confirm the authenticator app the user has just set up, and give them backup codes.

    Returns the backup codes, to be shown once.
    """
    if device.user_id != actor.pk:
        raise PermissionDenied("A device is enrolled by its own user.")
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        # One authenticator app at a time: setting up a new one retires the others.
        type(device).objects.filter(user=actor).exclude(pk=device.pk).delete()
        codes = _replace_backup_codes(actor)
        events.append(
            actor=actor,
            action="auth.second_factor_enrolled",
            object_type="user",
            object_id=actor.pk,
            payload={"method": "authenticator app", "backup_codes": len(codes)},
        )
    return codes


def backup_codes_replace(*, actor: User) -> list[str]:
    with transaction.atomic():
        codes = _replace_backup_codes(actor)
        events.append(
            actor=actor,
            action="auth.backup_codes_replaced",
            object_type="user",
            object_id=actor.pk,
            payload={"backup_codes": len(codes)},
        )
    return codes


def _replace_backup_codes(user: User) -> list[str]:
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    # One person's codes are replaced one request at a time (two tabs, a double click).
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    device = StaticDevice.objects.filter(user=user).order_by("id").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name="Backup codes")
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def password_change_record(*, user: User, actor: User | None) -> None:
    """Every password change, wherever it was made (the service, the admin, the
    `changepassword` command), is an audit event, and the user is told by e-mail."""
    by = "self" if actor is not None and actor.pk == user.pk else "administrator"
    if actor is None:
        by = "command line"
    with transaction.atomic():
        events.append(
            actor=actor,
            action="auth.password_changed",
            object_type="user",
            object_id=user.pk,
            agency_id=_agency_of(user),
            payload={"changed_by": by},
        )
        if user.email:
            transaction.on_commit(lambda: notify.password_changed(user=user, by=by))


def two_factor_preenrol(*, user: User, key_hex: str) -> bool:
    """Give a demo account an authenticator app with a published key (demo_data, DEBUG
    only). Returns False when the account already has one."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    with transaction.atomic():
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            return False
        TOTPDevice.objects.create(user=user, name="Demo authenticator", key=key_hex, confirmed=True)
        events.append(
            actor=None,
            action="auth.second_factor_enrolled",
            object_type="user",
            object_id=user.pk,
            agency_id=_agency_of(user),
            payload={"method": "authenticator app", "set_up_by": "demo loader"},
        )
    return True

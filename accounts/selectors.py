"""Reads about signing in: a person's own devices, and the members an administrator unlocks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies import permissions

from .services import access_refused_record

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


_CACHE = "_has_second_factor"


def has_second_factor(user: User | AnonymousUser) -> bool:
    """The person has a confirmed authenticator app or backup codes."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, _CACHE):
        # One query for both kinds of device, once per request (the middleware asks it).
        apps = TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).values("user_id")
        codes = StaticDevice.objects.filter(user_id=user.pk, confirmed=True).values("user_id")
        setattr(user, _CACHE, apps.union(codes).exists())
    return bool(getattr(user, _CACHE))


def pending_authenticator(user: User) -> TOTPDevice:
    """The authenticator app being set up (not yet confirmed), created on first visit."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def locked_out_members(user: User | AnonymousUser) -> QuerySet[User]:
    """Members of the administrator's agency who are locked out now; none for others."""
    agency_id = permissions.agency_administered_by(user)
    if agency_id is None:
        return get_user_model().objects.none()
    usernames = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME,
    ).values("username")
    return (
        get_user_model()
        .objects.filter(membership__agency_id=agency_id, username__in=usernames)
        .order_by("last_name", "first_name")
    )


def locked_out_member_or_404(user: User | AnonymousUser, *, user_id: int) -> User:
    """One locked-out member of the administrator's agency. Anyone else's account answers
    404 like a missing page, and the refusal is logged on that account's agency chain."""
    member = locked_out_members(user).filter(pk=user_id).first()
    if member is not None:
        return member
    agency_id = (
        get_user_model()
        .objects.filter(pk=user_id)
        .values_list("membership__agency_id", flat=True)
        .first()
    )
    if agency_id is not None and agency_id != permissions.agency_administered_by(user):
        access_refused_record(actor=user, user_id=user_id, agency_id=agency_id)
    raise Http404("No such page")

"""Reads of notifications: a person sees their own, and nobody else's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404

from audit import events

from .models import Notification

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

LIST_SIZE = 50


def notifications_for(user: User | AnonymousUser) -> QuerySet[Notification]:
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=user.pk).order_by("-created_at", "-id")


def unread_count(user: User | AnonymousUser) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def get_notification_or_404(user: User | AnonymousUser, *, notification_id: int) -> Notification:
    """The user's own notification, or a 404 like any missing page; someone else's is a
    refused access, logged on the recipient's agency's chain (as records.access does: this
    app sits below records, so it cannot use that helper)."""
    found = notifications_for(user).filter(pk=notification_id).first()
    if found is not None:
        return found
    owner = Notification.objects.filter(pk=notification_id).values_list("agency_id").first()
    if owner is not None:
        with transaction.atomic():
            events.append(
                actor=user,
                action="access.refused",
                object_type="notification",
                object_id=notification_id,
                agency_id=owner[0],
                payload={"reason": "not visible to this user"},
            )
    raise Http404("No such page")

"""Writes about notifications, each with its audit event in one transaction."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from agencies.permissions import membership_of
from audit import events

from . import emails
from .models import Kind, Notification

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def notification_send(*, actor: User | None, recipient: User, kind: Kind, url: str) -> Notification:
    """Tell `recipient` there is something to look at, in the service and by e-mail.

    Called inside the transaction of the change it tells of: the notification exists if and
    only if that change was committed, and the e-mail goes only after the commit. A failed
    e-mail is logged and does not undo anything (the notification is still in the service).
    """
    membership = membership_of(recipient)
    agency_id = membership.agency_id if membership is not None else None
    with transaction.atomic():
        notification = Notification.objects.create(
            recipient=recipient,
            agency_id=agency_id,
            kind=kind,
            url=url,
            actor_name=(actor.get_full_name() or actor.get_username()) if actor else "",
        )
        events.append(
            actor=actor,
            action="notification.sent",
            object_type="notification",
            object_id=notification.pk,
            agency_id=agency_id,
            payload={
                "recipient_id": recipient.pk,
                "kind": str(kind),
                "by_email": bool(recipient.email),
            },
        )
        if recipient.email:
            transaction.on_commit(functools.partial(emails.send, notification.pk), robust=True)
    return notification


def notification_open(*, actor: User, notification: Notification) -> Notification:
    """The recipient opened it: it is read from now on."""
    with transaction.atomic():
        locked = Notification.objects.select_for_update().get(pk=notification.pk)
        if locked.read_at is None:
            locked.read_at = timezone.now()
            locked.save(update_fields=["read_at"])
            events.append(
                actor=actor,
                action="notification.read",
                object_type="notification",
                object_id=locked.pk,
                agency_id=locked.agency_id,
                payload={"kind": locked.kind},
            )
    return locked


def notifications_mark_all_read(*, actor: User) -> int:
    with transaction.atomic():
        count = Notification.objects.filter(recipient=actor, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        if count:
            events.append(
                actor=actor,
                action="notification.all_read",
                object_type="user",
                object_id=actor.pk,
                payload={"count": count},
            )
    return count

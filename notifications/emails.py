"""The e-mail that tells someone there is something to look at.

It says only that, and links to the notification: no child's name, no case reference,
nothing from the record (the issue's rule, and Caldicott principle 4: e-mail leaves the
service's protection). Sent after the change it tells of is committed.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from .models import Notification

logger = logging.getLogger(__name__)

SUBJECT = "There is something for you to look at"


def message_for(notification: Notification) -> EmailMessage:
    link = f"{settings.SITE_URL}/notifications/{notification.pk}/"
    body = render_to_string(
        "notifications/email.txt",
        {"service_name": settings.SERVICE_NAME, "link": link, "notification": notification},
    )
    return EmailMessage(
        subject=f"{SUBJECT}: {settings.SERVICE_NAME}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient.email],
    )


def send(notification_id: int) -> None:
    """Send the e-mail for one notification (run on commit, so it exists to be linked to)."""
    notification = (
        Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    )
    if notification is None or not notification.recipient.email:
        return
    message_for(notification).send()
    logger.info("notification %s e-mailed", notification_id)

"""Notifications: something for a person to look at, in the service and by e-mail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from agencies.models import Agency


class Kind(models.TextChoices):
    """What happened. The words say what to look at, never what it is about: the same
    words go by e-mail, which carries no personal data about a child."""

    DECISION_RETURNED = "decision_returned", "A decision of yours was returned to you"
    ESCALATION_RECEIVED = "escalation_received", "Another agency has escalated a disagreement"
    ESCALATION_ANSWERED = "escalation_answered", "Another agency has answered your escalation"
    DETERMINATION_RECORDED = (
        "determination_recorded",
        "Your lead information officer recorded a determination on your decision",
    )
    EMERGENCY_ACCESS_USED = "emergency_access_used", "Someone used emergency access to a case"
    FILE_READY = "file_ready", "A file you asked for is ready to download"


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    # The recipient's agency: whose audit chain a refused look at it is logged on.
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT)
    kind = models.CharField(max_length=40, choices=Kind.choices)
    # Where "look at it" leads: a path in this service, opened only through access checks.
    url = models.CharField(max_length=300)
    actor_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(fields=["recipient", "-created_at"], name="notification_by_recipient"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} (to {self.recipient})"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None

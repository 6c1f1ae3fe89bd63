"""An invitation to join an agency on the service (issue 14, docs/adr/0033).

The link e-mailed to the new member carries a random token; only its SHA-256 digest is
stored, so a copy of the database does not hold a working link. A link works once, until it
expires, and a newer invitation to the same person withdraws the older one.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from agencies.models import Membership

# How long an invitation link works (docs/adr/0033).
INVITATION_LIFETIME = timedelta(days=3)


class Invitation(models.Model):
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="invitations")
    token_digest = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["membership", "-created_at"])]

    def __str__(self) -> str:
        return f"Invitation {self.pk}"

    def is_open(self, now: object | None = None) -> bool:
        moment = now or timezone.now()
        return (
            self.accepted_at is None and self.withdrawn_at is None and self.expires_at > moment  # type: ignore[operator]
        )

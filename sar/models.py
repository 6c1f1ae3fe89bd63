"""Subject access requests (UK GDPR Articles 12 and 15) and the items gathered for each."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone

from agencies.models import Agency
from records.catalogue import choices
from records.models import Case, ConnectedPerson

from . import catalogues as cat

_USER = settings.AUTH_USER_MODEL


class SubjectAccessRequest(models.Model):
    """A person's request for what the agency holds about them, on one case.

    The subject is the case's child (connected_person empty) or one of its connected
    people. `original` keeps every gathered item unredacted, as it was at release; the
    released files are kept beside it.
    """

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="subject_access")
    connected_person = models.ForeignKey(
        ConnectedPerson, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject_name = models.CharField(max_length=200)
    received_on = models.DateField()
    identity_check = models.CharField(max_length=20, choices=choices(cat.IDENTITY_CHECKS))
    identity_notes = models.TextField(blank=True)
    due_on = models.DateField()
    extension_months = models.PositiveSmallIntegerField(default=0)
    extension_reason = models.TextField(blank=True)
    extension_told_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=choices(cat.STATUSES), default="reviewing")
    recorded_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    sent_for_check_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_for_check_at = models.DateTimeField(null=True, blank=True)
    checked_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    check_comments = models.TextField(blank=True)
    released_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)
    original = models.JSONField(default=dict, blank=True)
    released_json = models.JSONField(default=dict, blank=True)
    released_pdf = models.BinaryField(blank=True, default=b"")

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["agency", "status", "due_on"])]

    def __str__(self) -> str:
        return f"Subject access request from {self.subject_name}"

    @property
    def is_released(self) -> bool:
        return self.status == "released"


class Item(models.Model):
    """One thing the agency holds about the subject, with the system's marks and the
    reviewer's decision. `redactions` are the passages removed from `text` on release."""

    request = models.ForeignKey(
        SubjectAccessRequest, on_delete=models.CASCADE, related_name="items"
    )
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=choices(cat.ITEM_KINDS))
    source_id = models.CharField(max_length=40, blank=True)
    title = models.CharField(max_length=300)
    text = models.TextField()
    marks = ArrayField(models.CharField(max_length=20), default=list, blank=True)
    third_parties = models.JSONField(default=list, blank=True)
    outcome = models.CharField(max_length=10, blank=True, choices=choices(cat.OUTCOMES))
    exemption = models.CharField(max_length=30, blank=True, choices=choices(cat.EXEMPTIONS))
    reason = models.TextField(blank=True)
    redactions = models.JSONField(default=list, blank=True)
    decided_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["request", "position"], name="sar_item_position")
        ]

    def __str__(self) -> str:
        return self.title

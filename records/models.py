"""Cases: the child the information is about, the people around them, and who works on it."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from agencies.models import Agency


class Case(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="cases")
    reference = models.CharField("Agency case reference", max_length=64)
    child_name = models.CharField("Child's full name", max_length=200)
    date_of_birth = models.DateField("Date of birth")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "reference"], name="case_reference_unique_in_agency"
            )
        ]
        # The decision log sorted by child (docs/adr/0025).
        indexes = [models.Index(fields=["agency", "child_name", "id"], name="case_by_child_name")]
        permissions = [("record_decision", "Can record information-sharing decisions on the case")]

    def __str__(self) -> str:
        return f"{self.reference}: {self.child_name}"

    def age_on(self, day: datetime.date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class Relationship(models.TextChoices):
    PARENT_CARER = "parent_carer", "Parent or carer"
    ALLEGED_PERPETRATOR = "alleged_perpetrator", "Alleged perpetrator"
    INFORMATION_PROVIDER = "information_provider", "Third party who provided information"
    SIBLING = "sibling", "Sibling"
    OTHER = "other", "Other"


class ConnectedPerson(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="connected_people")
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=32, choices=Relationship.choices)
    # L 4.3.18-4.3.19: only a person with parental responsibility may consent for a child.
    parental_responsibility = models.BooleanField(default=False)
    lives_with_child = models.BooleanField(default=False)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_relationship_display()})"


class Allocation(models.Model):
    """A practitioner allocated to a case. Allocation grants object permissions (guardian)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="allocations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="allocations"
    )
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    allocated_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["allocated_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "user"],
                condition=models.Q(ended_at__isnull=True),
                name="one_open_allocation_per_case_and_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.case}"


class CaseUserObjectPermission(UserObjectPermissionBase):
    """Direct foreign-key permission table (guardian's recommended fast path)."""

    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


# How long emergency access lasts (the NHS Summary Care Record's model: justify, access,
# then a named officer reviews it). docs/adr/0024.
EMERGENCY_ACCESS_HOURS = 8


class EmergencyAccess(models.Model):
    """A practitioner's time-limited read access to a case of their own agency that is not
    allocated to them, with their reason; the agency's lead officer reviews every one."""

    class Reason(models.TextChoices):
        IMMEDIATE_RISK = (
            "immediate_risk",
            "A child or someone else may be at immediate risk and the allocated worker "
            "cannot be reached",
        )
        COVERING = "covering", "I am covering for the allocated worker (duty, leave or sickness)"
        URGENT_REQUEST = (
            "urgent_request",
            "Another agency needs an answer urgently and the allocated worker cannot be reached",
        )
        OTHER = "other", "Another reason"

    class Outcome(models.TextChoices):
        APPROPRIATE = "appropriate", "The access was appropriate"
        CONCERN = "concern", "I have a concern about this access"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="emergency_accesses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="emergency_accesses"
    )
    reason = models.CharField(max_length=30, choices=Reason.choices)
    details = models.TextField()
    granted_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_outcome = models.CharField(max_length=20, blank=True, choices=Outcome.choices)
    review_notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-granted_at", "-id"]
        verbose_name_plural = "emergency accesses"
        indexes = [
            models.Index(fields=["user", "expires_at"], name="emergency_access_by_user"),
            models.Index(
                fields=["case", "granted_at"],
                condition=models.Q(reviewed_at__isnull=True),
                name="emergency_access_to_review",
            ),
        ]

    def __str__(self) -> str:
        return f"Emergency access by {self.user} to {self.case}"

    def active_at(self, moment: datetime.datetime) -> bool:
        return self.granted_at <= moment < self.expires_at


class PreparedExport(models.Model):
    """A history PDF too long to make while the person waits: the background worker makes
    it, and it is kept here for its requester to download until it expires
    (docs/adr/0039). Only the person who asked for it can reach it."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Being prepared"
        READY = "ready", "Ready to download"
        FAILED = "failed", "Could not be made"
        EXPIRED = "expired", "No longer kept"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    # The history page's filters as they were chosen (its query string, without format).
    query = models.CharField(max_length=2000, blank=True)
    events = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    content = models.BinaryField(null=True, editable=False)
    filename = models.CharField(max_length=200, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["status", "expires_at"])]

    def __str__(self) -> str:
        return f"Prepared export {self.pk}"

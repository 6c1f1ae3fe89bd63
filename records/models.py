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

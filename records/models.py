"""Cases (the child the information is about) and the append-only audit log."""

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


class AuditChainHead(models.Model):
    """The last link of each hash chain; appends lock this row to serialise a chain."""

    chain = models.CharField(max_length=32, primary_key=True)
    seq = models.BigIntegerField()
    head_hash = models.CharField(max_length=64)

    class Meta:
        db_table = "records_auditchainhead"

    def __str__(self) -> str:
        return f"{self.chain} #{self.seq}"


class AuditEvent(models.Model):
    """One line per thing that happened. Append-only: the database refuses change
    (triggers installed by migration records.0002, see docs/adr/0003).

    Deliberately no foreign keys: deleting a user or a case must never reach the log.
    """

    chain = models.CharField(max_length=32)
    seq = models.BigIntegerField()
    occurred_at = models.DateTimeField()
    actor_id = models.BigIntegerField(null=True)
    actor_username = models.CharField(max_length=150, blank=True)
    actor_agency_id = models.BigIntegerField(null=True)
    actor_agency_name = models.CharField(max_length=200, blank=True)
    actor_role = models.CharField(max_length=20, blank=True)
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    case_id = models.BigIntegerField(null=True)
    payload = models.JSONField(default=dict)
    request_id = models.CharField(max_length=64, blank=True)
    ip = models.GenericIPAddressField(null=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["occurred_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="audit_chain_seq_unique")
        ]
        indexes = [
            models.Index(fields=["case_id", "occurred_at"], name="audit_case_time"),
            models.Index(fields=["actor_id", "occurred_at"], name="audit_actor_time"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def __str__(self) -> str:
        return f"{self.chain}#{self.seq} {self.action}"

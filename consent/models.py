"""Consent to share: who was asked, their capacity, what they were told, the answer, its scope."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone

from agencies.models import Agency
from records.models import Case, ConnectedPerson

from . import catalogues as cat
from .storage import private_storage


def _upload_to(instance: ConsentRecord, filename: str) -> str:
    # The name the user gave the file is never used on disk.
    return f"consent/{instance.case_id}/{timezone.now():%Y%m%d%H%M%S%f}"


class ConsentRecord(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="consents")
    # Who was asked (L 4.3.15-4.3.19).
    giver_role = models.CharField(max_length=32, choices=cat.choices(cat.CONSENT_GIVER_ROLES))
    giver_name = models.CharField(max_length=200)
    connected_person = models.ForeignKey(
        ConnectedPerson, null=True, blank=True, on_delete=models.PROTECT, related_name="consents"
    )
    # Capacity of a child (L 4.3.15-4.3.17): the criteria met, one by one, and the conclusion.
    capacity_criteria_met = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    competent = models.BooleanField(null=True, blank=True)
    capacity_notes = models.TextField(blank=True)
    # What they were told (L 4.3.28).
    told = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    told_notes = models.TextField(blank=True)
    # Form (L 4.3.12-4.3.13).
    form = models.CharField(max_length=20, choices=cat.choices(cat.CONSENT_FORMS))
    verbal_details = models.TextField(blank=True)
    implied_context = models.TextField(blank=True)
    signed_form = models.FileField(storage=private_storage, upload_to=_upload_to, blank=True)
    signed_form_type = models.CharField(max_length=40, blank=True)
    signed_form_name = models.CharField(max_length=200, blank=True)
    # Outcome and scope (L 4.3.14, 4.3.21-4.3.22).
    outcome = models.CharField(max_length=20, choices=cat.choices(cat.CONSENT_OUTCOMES))
    obtained_on = models.DateField()
    scope_information = models.TextField(blank=True)
    scope_purposes = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    scope_agencies = models.ManyToManyField(Agency, blank=True, related_name="+")
    scope_until = models.DateField(null=True, blank=True)
    review_on = models.DateField(null=True, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawal_notes = models.TextField(blank=True)
    # Conflict between a competent child and a parent (L 4.3.19-4.3.20).
    conflict_notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-obtained_on", "-id"]
        indexes = [
            models.Index(fields=["case", "outcome"]),
            # The officers' "consents due for review" queue (review.queues): only consents
            # still standing have a review that can fall due.
            models.Index(
                fields=["review_on"],
                name="consent_due_for_review",
                condition=models.Q(outcome="given", withdrawn_on__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_giver_role_display()} {self.giver_name}: {self.get_outcome_display()}"

    @property
    def is_withdrawn(self) -> bool:
        return self.outcome == "withdrawn"

    def expired_on(self, day: datetime.date) -> bool:
        return self.scope_until is not None and self.scope_until < day

    @property
    def details_recorded(self) -> bool:
        """The record holds what its form of consent needs: the signed form, the details of
        the conversation, or the context that makes consent implied (L 4.3.12-4.3.13)."""
        kept = {
            "explicit_written": bool(self.signed_form),
            "explicit_verbal": bool(self.verbal_details.strip()),
            "implied": bool(self.implied_context.strip()),
        }
        return kept.get(self.form, False)

    def as_guidance_input(self) -> dict[str, object]:
        """The plain data the guidance engine reads (sharing.guidance.ConsentAnswer)."""
        return {
            "id": self.pk,
            "giver_role": self.giver_role,
            "outcome": self.outcome,
            "competent": self.competent,
            "form": self.form,
            "details_recorded": self.details_recorded,
            "scope_purposes": list(self.scope_purposes),
            "scope_agency_ids": [agency.pk for agency in self.scope_agencies.all()],
            "scope_until": self.scope_until.isoformat() if self.scope_until else "",
            "withdrawn_on": self.withdrawn_on.isoformat() if self.withdrawn_on else "",
        }

"""Decisions (one pass through the eight key questions), what was shared, and follow-ups."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone

from agencies.models import Agency
from agreements.models import Clause
from consent.models import ConsentRecord
from records.models import Case

from . import catalogues as cat


class Decision(models.Model):
    """A draft until submitted; once submitted the database refuses to change it.

    `answers` holds each question's fields as its pages saved them (docs/guidance.md lists
    the keys); only valid answers are saved there. `typed` holds, by page (its
    sharing.journey reference, "4/consents"), what was typed on a page saved with "Save and
    come back later" while it had problems, so that it comes back as typed with its errors;
    it counts for nothing else. A correction is a new decision that `amends` this one, with
    a reason. A draft the practitioner discards is deleted; its events stay in the log.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="decisions")
    # The case's agency, kept on the decision so that the decision log and the lead
    # officer's queues read one agency's decisions from an index that leads on it
    # (docs/adr/0037). The database sets and checks it from the case on every insert.
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="decisions"
    )
    kind = models.CharField(max_length=20, choices=cat.choices(cat.DECISION_KINDS))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    answers = models.JSONField(default=dict, blank=True)
    typed = models.JSONField(default=dict, blank=True)
    consents = models.ManyToManyField(ConsentRecord, blank=True, related_name="decisions")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Filled on submission, from the answers and the guidance at that moment.
    submitted_at = models.DateTimeField(null=True, blank=True)
    recommendation = models.CharField(max_length=40, blank=True)
    guidance_reasons = models.JSONField(default=list, blank=True)
    flags = models.JSONField(default=list, blank=True)
    needs_review = models.BooleanField(default=False)
    outcome = models.CharField(max_length=20, blank=True, choices=cat.choices(cat.DECISIONS))
    consent_status = models.CharField(max_length=30, blank=True)
    legal_bases = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    recipient_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The clause of an information-sharing agreement the decision relies on (issue 14),
    # from question 1, set on submission; none when it relies on no agreement.
    agreement_clause = models.ForeignKey(
        Clause, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amends = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="amendments"
    )
    amendment_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["case", "status"]),
            models.Index(fields=["status", "needs_review", "submitted_at"]),
            # The decision log's default order, one agency's submitted decisions read from
            # where a page starts (ADR 0025), with what the counts above the table count,
            # so that they are read from the index alone (ADR 0037).
            models.Index(
                fields=["agency", "-submitted_at", "-created_at", "-id"],
                include=["needs_review", "outcome"],
                condition=models.Q(status="submitted"),
                name="decision_log_submitted",
            ),
            # "Status: all" is in the order decisions were started (decision_log.paging).
            models.Index(
                fields=["agency", "-created_at", "-id"],
                include=["status", "needs_review", "outcome"],
                name="decision_log_all",
            ),
            # The lead officer's "awaiting review" queue: the agency's flagged decisions.
            models.Index(
                fields=["agency", "submitted_at"],
                condition=models.Q(status="submitted", needs_review=True),
                name="decision_flagged",
            ),
        ]

    def __str__(self) -> str:
        return f"Decision {self.pk} on {self.case.reference}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.agency_id is None and self.case_id is not None:
            self.agency_id = self.case.agency_id
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def recommendation_label(self) -> str:
        return cat.label(cat.RECOMMENDATIONS, self.recommendation) if self.recommendation else ""


class Disclosure(models.Model):
    """The sharing that happened, with the ten facts of O 13.3."""

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="disclosure")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="disclosures")
    source = models.TextField("Source of the data", blank=True)
    originator = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="Data holding agency, as originator",
    )
    # The ten facts of Oxfordshire protocol 13.3, in its order (13.3.1-13.3.10).
    requested = models.TextField("What was originally requested", blank=True)
    grounds = models.TextField("Grounds for disclosure")
    items = models.JSONField("What was disclosed", default=list)
    personal_data_extent = models.TextField("Degree of personal data shared", blank=True)
    recipient_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recipient_agency_name = models.CharField(max_length=200)
    recipient_name = models.CharField(max_length=200, blank=True)
    recipient_role = models.CharField(max_length=200, blank=True)
    method = models.CharField(max_length=30, choices=cat.choices(cat.METHODS))
    shared_at = models.DateTimeField()
    use_until = models.DateField("Time limit on use", null=True, blank=True)
    onward_disclosure = models.BooleanField("Recipient intends to pass it on", default=False)
    onward_agreed = models.BooleanField(default=False)
    person_told = models.CharField(max_length=20, blank=True, choices=cat.choices(cat.PERSON_TOLD))
    not_told_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-shared_at", "-id"]

    def __str__(self) -> str:
        return f"Disclosure to {self.recipient_agency_name} on {self.shared_at:%Y-%m-%d}"


class FollowUp(models.Model):
    """Something still owed on a submitted decision: confirming verbal sharing in writing
    (P 4), telling the person the information is about (L 4.5.19-4.5.20, L 4.7.3)."""

    class Kind(models.TextChoices):
        CONFIRM_IN_WRITING = "confirm_in_writing", "Confirm the verbal sharing in writing"
        TELL_PERSON = "tell_person", "Tell the person the information is about that it was shared"

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="follow_ups")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} (decision {self.decision_id})"

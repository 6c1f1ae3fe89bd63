"""Review by the lead information officer (SPEC 6; docs/adr/0023).

A submitted decision never changes (ADR 0009), so its review lives here: a `Review` per
decision that has been acted on, with its state and a version that moves on each action
(two officers acting at once: exactly one wins), the `ReviewAction`s that are its history,
`Escalation`s to another agency's lead officer (B 11), and `Reconsideration`s: a decision
not to share taken again as a new decision when the requester brings new information
(P rule 7).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from agencies.models import Agency
from sharing import catalogues as cat
from sharing.models import Decision


class State(models.TextChoices):
    AWAITING = "awaiting", "Awaiting review"
    RETURNED = "returned", "Returned to the practitioner"
    ESCALATED = "escalated", "Escalated to another agency"
    COUNTERSIGNED = "countersigned", "Countersigned"
    DETERMINED = "determined", "Determined by the lead information officer"


# A review in one of these states is finished: nothing more is asked of the officer.
CLOSED = (State.COUNTERSIGNED, State.DETERMINED)


class Review(models.Model):
    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="review")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=20, choices=State.choices, default=State.AWAITING)
    # Moves on with every action: a form posted against an older version lost the race.
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["agency", "state", "updated_at"], name="review_queue")]

    def __str__(self) -> str:
        return f"Review of decision {self.decision_id}: {self.get_state_display()}"

    @property
    def is_closed(self) -> bool:
        return self.state in CLOSED


class ActionKind(models.TextChoices):
    COUNTERSIGNED = "countersigned", "Countersigned"
    RETURNED = "returned", "Returned to the practitioner with comments"
    DETERMINED = "determined", "Determination recorded"
    ESCALATED = "escalated", "Escalated to another agency"
    ESCALATION_ANSWERED = "escalation_answered", "The other agency answered the escalation"


class ReviewAction(models.Model):
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="actions")
    kind = models.CharField(max_length=30, choices=ActionKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    actor_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    # The officer's reasons or comments: every action has them (SPEC 6).
    reasons = models.TextField()
    # A determination's own decision (a sharing DECISIONS code), beside the practitioner's.
    determination = models.CharField(max_length=20, blank=True)
    escalation = models.ForeignKey(
        "Escalation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} (decision {self.review.decision_id})"

    @property
    def determination_label(self) -> str:
        return cat.label(cat.DECISIONS, self.determination) if self.determination else ""


class Position(models.TextChoices):
    AGREE = "agree", "We agree with your position"
    DISAGREE = "disagree", "We still disagree"


class Escalation(models.Model):
    """A disagreement between agencies, taken to the other agency's lead officer (B 11).

    The receiving officer sees only what is written here, never the first agency's case
    or decision pages: the summary is written for them by the first officer."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="+")
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="escalations")
    from_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(default=timezone.now)
    summary = models.TextField()
    reasons = models.TextField()
    position = models.CharField(max_length=20, blank=True, choices=Position.choices)
    response = models.TextField(blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at", "-id"]
        indexes = [
            models.Index(fields=["to_agency", "responded_at"], name="escalation_received"),
            models.Index(fields=["from_agency", "responded_at"], name="escalation_sent"),
        ]

    def __str__(self) -> str:
        return f"Escalation {self.pk} from {self.from_agency} to {self.to_agency}"

    @property
    def is_answered(self) -> bool:
        return self.responded_at is not None


class Reconsideration(models.Model):
    """A decision not to share, taken again as a new decision linked to it (P rule 7)."""

    original = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="reconsiderations"
    )
    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="reconsiders")
    new_information = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Decision {self.decision_id} reconsiders decision {self.original_id}"

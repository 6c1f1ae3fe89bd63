"""The exchange between agencies: requests, what was received, corrections, onward sharing.

Each row belongs to one agency's side (`agency`): a side sees its own rows and never the
other side's case. Both sides of one exchange share an `exchange_id`, which the audit
events of both chains carry (docs/adr/0026).
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone

from agencies.models import Agency
from records.models import Case
from sharing import catalogues as sharing_cat
from sharing.models import Decision, Disclosure

from . import catalogues as cat
from . import workdays

_USER = settings.AUTH_USER_MODEL


class InformationRequest(models.Model):
    """A request for information received from, or made to, another agency (O 13.1-13.2).

    When both agencies are on the service, an outgoing request and the other agency's
    incoming copy are `counterpart`s of each other, with the same `exchange_id`.
    """

    exchange_id = models.UUIDField(default=uuid.uuid4, editable=False)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    direction = models.CharField(max_length=10, choices=cat.choices(cat.REQUEST_DIRECTIONS))
    other_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    other_agency_name = models.CharField(max_length=200)
    other_agency_contact = models.TextField(blank=True)
    contact_name = models.CharField(max_length=200)
    contact_role = models.CharField(max_length=200, blank=True)
    contact_details = models.CharField(max_length=300, blank=True)
    verification = models.CharField(
        max_length=20, blank=True, choices=cat.choices(cat.REQUEST_VERIFICATION)
    )
    urgency = models.CharField(max_length=20, choices=cat.choices(cat.REQUEST_URGENCY))
    purpose = models.TextField()
    legal_bases = ArrayField(models.CharField(max_length=40), default=list)
    legal_basis_other = models.CharField(max_length=200, blank=True)
    items = models.JSONField(default=list)  # what is asked for, one text per item
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="information_requests"
    )
    received_on = models.DateField()  # arrived (incoming) or sent (outgoing)
    due_on = models.DateField()  # 15 working days on, moved on by pauses
    written_follow_up_due_on = models.DateField(null=True, blank=True)
    written_follow_up_on = models.DateField(null=True, blank=True)
    counterpart = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.OneToOneField(
        Decision,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="information_request",
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, blank=True)
    recorded_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["agency", "direction", "due_on"])]

    def __str__(self) -> str:
        return f"Request {self.pk} ({self.direction}, {self.other_agency_name})"

    @property
    def is_incoming(self) -> bool:
        return self.direction == "incoming"

    @property
    def open_pause(self) -> RequestPause | None:
        for pause in self.pauses.all():  # prefetched by the selectors
            if pause.resumed_on is None:
                return pause
        return None

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    @property
    def outcome_label(self) -> str:
        return sharing_cat.label(sharing_cat.DECISIONS, self.outcome) if self.outcome else ""

    def clock(self, today: datetime.date) -> workdays.Clock:
        return workdays.clock(self.due_on, today)


class RequestPause(models.Model):
    """The clock stopped while the requester clarifies what they want; the working days
    it was stopped for move the due date on when it restarts."""

    request = models.ForeignKey(InformationRequest, on_delete=models.PROTECT, related_name="pauses")
    paused_on = models.DateField()
    reason = models.TextField()
    paused_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    due_before = models.DateField()
    resumed_on = models.DateField(null=True, blank=True)
    resumed_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_after = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["paused_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=models.Q(resumed_on__isnull=True),
                name="one_open_pause_per_request",
            )
        ]

    def __str__(self) -> str:
        return f"Pause of request {self.request_id} from {self.paused_on}"


class Receipt(models.Model):
    """A disclosure as the recipient agency holds it: sent, opened, acknowledged, filed."""

    exchange_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    disclosure = models.OneToOneField(Disclosure, on_delete=models.PROTECT, related_name="receipt")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    sender_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    recipient_user = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    delivered_at = models.DateTimeField()
    opened_at = models.DateTimeField(null=True, blank=True)
    opened_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(null=True, blank=True)
    filed_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    filed_case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="receipts"
    )

    class Meta:
        ordering = ["-delivered_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "delivered_at"]),
            models.Index(fields=["sender_agency", "acknowledged_at"]),
        ]

    def __str__(self) -> str:
        return f"Receipt {self.pk} of disclosure {self.disclosure_id}"

    @property
    def state(self) -> str:
        if self.filed_at:
            return "Filed"
        if self.acknowledged_at:
            return "Acknowledged"
        if self.opened_at:
            return "Opened"
        return "Sent"

    def states(self) -> list[tuple[str, datetime.datetime]]:
        """Each state reached, with its time, in order."""
        pairs = [
            ("Sent", self.delivered_at),
            ("Opened", self.opened_at),
            ("Acknowledged", self.acknowledged_at),
            ("Filed to one of their cases", self.filed_at),
        ]
        return [(name, when) for name, when in pairs if when is not None]


class Correction(models.Model):
    """Shared information found to be inaccurate, and the correction (O 12.2-12.3)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="corrections")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    inaccurate = models.TextField("What was wrong")
    corrected = models.TextField("The correction")
    recorded_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_on = models.DateField()
    due_on = models.DateField()  # every recipient told by then (14 days)

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"Correction {self.pk} on case {self.case_id}"


class CorrectionNotice(models.Model):
    """One recipient of the corrected information, and when and how they were told."""

    exchange_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    correction = models.ForeignKey(Correction, on_delete=models.PROTECT, related_name="notices")
    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="+")
    receipt = models.ForeignKey(
        Receipt, null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    recipient_name = models.CharField(max_length=400)
    told_on = models.DateField(null=True, blank=True)
    told_how = models.CharField(max_length=20, blank=True, choices=cat.choices(cat.TOLD_HOW))
    told_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    told_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Correction {self.correction_id} to {self.recipient_name}"

    @property
    def on_system(self) -> bool:
        return self.receipt_id is not None


class OnwardRequest(models.Model):
    """A recipient asks the data holding agency to pass information on (O 11.1, 10.2)."""

    class Status(models.TextChoices):
        ASKED = "asked", "Waiting for an answer"
        AGREED = "agreed", "Agreed"
        REFUSED = "refused", "Refused"

    exchange_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    receipt = models.ForeignKey(Receipt, on_delete=models.PROTECT, related_name="onward_requests")
    pass_to = models.CharField("Who they want to pass it to", max_length=400)
    what = models.TextField("What they want to pass on")
    reason = models.TextField("Why")
    asked_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ASKED)
    answered_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answer_reasons = models.TextField(blank=True)
    conditions = models.TextField(blank=True)
    decision = models.OneToOneField(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="onward_agreement"
    )

    class Meta:
        ordering = ["-asked_at", "-id"]

    def __str__(self) -> str:
        return f"Onward sharing request {self.pk}"

"""Information-sharing agreements: the protocols agencies sign, with their parties and
their numbered clauses (issue 14; docs/adr/0035).

An agreement is recorded by one agency's administrator (``recorded_by_agency``), who keeps
it up to date; every agency that is a party to it reads it. A clause covers some of the
parties; a decision relies on a clause only when it covers, and was signed by, both the
sending and the receiving agency (Oxfordshire's scope; Bromley section 12).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from agencies.models import Agency


class Agreement(models.Model):
    title = models.CharField(max_length=200)
    version = models.CharField(max_length=20)
    ratified_on = models.DateField()
    review_on = models.DateField()
    recorded_by_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title", "version", "id"]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"

    @property
    def is_past_review(self) -> bool:
        return self.review_on < timezone.localdate()


class Party(models.Model):
    """An agency that signed the agreement, and when."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="parties")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="agreement_parties")
    signed_on = models.DateField()

    class Meta:
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "agency"], name="one_party_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.agency} (signed {self.signed_on:%-d %B %Y})"


class Clause(models.Model):
    """A numbered clause: what it is for, the data it covers, the legal basis, and the
    parties it covers."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="clauses")
    number = models.CharField(max_length=20)
    purpose = models.TextField()
    data_covered = models.TextField()
    legal_basis = models.TextField()
    covers = models.ManyToManyField(Agency, related_name="agreement_clauses")

    class Meta:
        ordering = ["agreement", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="one_clause_per_number")
        ]

    def __str__(self) -> str:
        return words(self)


def words(clause: Clause) -> str:
    """The clause as a record shows it: "Northshire ... protocol v4.0, clause 3: purpose"."""
    agreement = clause.agreement
    return f"{agreement.title} v{agreement.version}, clause {clause.number}: {clause.purpose}"

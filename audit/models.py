"""The audit log's two tables: the events, and the head of each chain."""

from __future__ import annotations

from django.db import models

from . import sql


class AuditChainHead(models.Model):
    """The last link of each hash chain; appends lock this row to serialise a chain."""

    chain = models.CharField(max_length=32, primary_key=True)
    seq = models.BigIntegerField()
    head_hash = models.CharField(max_length=64)

    class Meta:
        db_table = sql.HEAD_TABLE

    def __str__(self) -> str:
        return f"{self.chain} #{self.seq}"


class AuditEvent(models.Model):
    """One line per thing that happened. Append-only: the database refuses change
    (`audit.dbguards`, docs/adr/0003). The columns after `id` are
    `audit.encoding.FIELDS`, in that order, then `hash`.

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
        db_table = sql.EVENT_TABLE
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

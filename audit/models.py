"""The audit log's tables: the events, the head of each chain, the Merkle tree over each
chain, and the signed checkpoints of the trees (docs/adr/0017, 0018)."""

from __future__ import annotations

from django.db import models

from . import sql, tree_sql


class AuditChainHead(models.Model):
    """The last link of each hash chain; appends lock this row to serialise a chain."""

    chain = models.CharField(max_length=32, primary_key=True)
    seq = models.BigIntegerField()
    head_hash = models.CharField(max_length=64)
    # The time of the last event: the next may not be earlier (audit_event_invariants).
    last_occurred_at = models.DateTimeField(null=True)

    class Meta:
        db_table = sql.HEAD_TABLE

    def __str__(self) -> str:
        return f"{self.chain} #{self.seq}"


class AuditEvent(models.Model):
    """One line per thing that happened. Append-only: the database refuses change
    (triggers, and the runtime role's rights: docs/adr/0017). The columns after `id` are
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


class AuditTreeNode(models.Model):
    """A complete subtree of a chain's Merkle tree (RFC 9162 hashing): leaves
    [idx * 2^level, (idx + 1) * 2^level). Written only by `audit_extend_tree`, from the
    events; derived data that `verify_audit` checks against them."""

    pk = models.CompositePrimaryKey("chain", "level", "idx")
    chain = models.CharField(max_length=32)
    level = models.SmallIntegerField()
    idx = models.BigIntegerField()
    hash = models.BinaryField()

    class Meta:
        db_table = tree_sql.NODE_TABLE

    def __str__(self) -> str:
        return f"{self.chain} level {self.level} #{self.idx}"


class AuditCheckpoint(models.Model):
    """A signed statement of every chain's tree size, root and head hash at one moment.
    `body` is the exact text signed (audit.notes); `chains` repeats it for queries."""

    number = models.BigIntegerField(unique=True)
    created_at = models.DateTimeField()
    body = models.TextField()
    chains = models.JSONField()

    class Meta:
        db_table = tree_sql.CHECKPOINT_TABLE
        ordering = ["number"]

    def __str__(self) -> str:
        return f"checkpoint {self.number}"


class AuditCheckpointSignature(models.Model):
    """An Ed25519 signature of a checkpoint's body: the log's own, or a witness's."""

    class Kind(models.TextChoices):
        LOG = "log", "log"
        WITNESS = "witness", "witness"

    checkpoint = models.ForeignKey(
        AuditCheckpoint, on_delete=models.PROTECT, related_name="signatures"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    signer = models.CharField(max_length=200)
    key_id = models.CharField(max_length=16)
    signature = models.CharField(max_length=100)
    created_at = models.DateTimeField()

    class Meta:
        db_table = tree_sql.SIGNATURE_TABLE
        constraints = [
            models.UniqueConstraint(fields=["checkpoint", "key_id"], name="audit_one_sig_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.checkpoint} signed by {self.signer}"

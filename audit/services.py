"""The log's own writes: signing a checkpoint, and a witness's co-signature (docs/adr/0018).

Each runs in one transaction with its audit event. A checkpoint's event is appended first,
on the system chain, so that the checkpoint covers it: the next run finds nothing new and
signs nothing.
"""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import connection, transaction
from django.utils import timezone

from . import checkpoints, events, keys, merkle, notes, tree
from .models import AuditCheckpoint, AuditCheckpointSignature

_LOCK = "SELECT pg_advisory_xact_lock(hashtext('audit_checkpoint'))"


def checkpoint_create(*, signing_key: Ed25519PrivateKey | None = None) -> AuditCheckpoint | None:
    """Sign every chain's tree size, root and last event; store the checkpoint and write
    its copy to the checkpoint directory. None if nothing was added since the last one.
    Raises `checkpoints.Refused`, signing nothing, if the log no longer extends the last
    checkpoint (someone rewrote or removed what it signed)."""
    key = signing_key or keys.signing_key()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(_LOCK)  # one signer at a time
        previous = AuditCheckpoint.objects.order_by("-number").first()
        before = checkpoints.parsed(previous) if previous else None
        heads = checkpoints.current_heads()
        if before is not None and heads == {c.chain: (c.size, c.head) for c in before.chains}:
            return None
        number = previous.number + 1 if previous else 1
        events.append(
            actor=None,
            action="audit.checkpoint_signed",
            object_type="checkpoint",
            object_id=number,
            payload={"chains": len(heads), "key_id": notes.key_id(key.public_key())},
        )
        now = timezone.now()
        state = checkpoints.states(checkpoints.current_heads())  # with its own event
        if before is not None:
            problems = checkpoints.problems_extending(before, state)
            if problems:
                raise checkpoints.Refused("; ".join(problems))
        body = notes.body(notes.Checkpoint(number, now.isoformat(), state))
        checkpoint = AuditCheckpoint.objects.create(
            number=number,
            created_at=now,
            body=body,
            chains={c.chain: {"size": c.size, "head": c.head} for c in state},
        )
        signature = AuditCheckpointSignature.objects.create(
            checkpoint=checkpoint,
            kind=AuditCheckpointSignature.Kind.LOG,
            signer=keys.LOG_SIGNER,
            key_id=notes.key_id(key.public_key()),
            signature=notes.sign(key, body),
            created_at=now,
        )
        document = checkpoints.file_document(
            checkpoint, [checkpoints.signature_document(signature)]
        )
        transaction.on_commit(
            lambda: checkpoints.write_once(checkpoints.file_name(number), document)
        )
    return checkpoint


def checkpoint_cosign(
    *, checkpoint: AuditCheckpoint, witness_key: Ed25519PrivateKey, witness: str
) -> AuditCheckpointSignature:
    """A witness's co-signature of `checkpoint`, given only after the witness has checked
    the log's signature on it and that it extends the last checkpoint this witness signed
    (a consistency proof per chain). Raises `checkpoints.Refused` otherwise."""
    signed = notes.parse(checkpoint.body)
    log_key = keys.log_public_key()
    log_signature = checkpoint.signatures.filter(kind=AuditCheckpointSignature.Kind.LOG).first()
    if (
        log_key is None
        or log_signature is None
        or not notes.verify(log_key, checkpoint.body, log_signature.signature)
    ):
        raise checkpoints.Refused(f"checkpoint {checkpoint.number} is not signed by the log's key")
    key_id = notes.key_id(witness_key.public_key())
    last = (
        AuditCheckpoint.objects.filter(signatures__key_id=key_id, number__lt=checkpoint.number)
        .order_by("-number")
        .first()
    )
    if last is not None:
        seen = notes.parse(last.body)
        for then in seen.chains:
            now = signed.chain(then.chain)
            proof = (
                tree.consistency_proof(then.chain, then.size, now.size)
                if now is not None and then.size < now.size
                else []
            )
            if now is None or not merkle.verify_consistency(
                then.size, now.size, then.root, now.root, proof
            ):
                raise checkpoints.Refused(
                    f"checkpoint {checkpoint.number} does not extend checkpoint {last.number} "
                    f"for {then.chain}"
                )
    with transaction.atomic():
        events.append(
            actor=None,
            action="audit.checkpoint_cosigned",
            object_type="checkpoint",
            object_id=checkpoint.number,
            payload={"witness": witness, "key_id": key_id},
        )
        signature = AuditCheckpointSignature.objects.create(
            checkpoint=checkpoint,
            kind=AuditCheckpointSignature.Kind.WITNESS,
            signer=witness,
            key_id=key_id,
            signature=notes.sign(witness_key, checkpoint.body),
            created_at=timezone.now(),
        )
        document = checkpoints.file_document(
            checkpoint, [checkpoints.signature_document(signature)]
        )
        transaction.on_commit(
            lambda: checkpoints.write_once(
                checkpoints.file_name(checkpoint.number, key_id), document
            )
        )
    return signature

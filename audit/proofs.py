"""Evidence that travels with an export: each event's inclusion proof in its chain's tree,
against the latest signed checkpoint (docs/adr/0018, docs/exports.md).

Someone holding the export and the log's public key can check, offline and without any
other event, that each event is the one logged: `python -m audit.verify_export`.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from typing import Any

from . import notes, tree
from .checkpoints import signature_document
from .models import AuditCheckpoint, AuditEvent


def evidence(events: Iterable[AuditEvent]) -> dict[str, Any]:
    """The checkpoint and, for each event it covers, the proof (by event id)."""
    rows = list(events)
    checkpoint = AuditCheckpoint.objects.prefetch_related("signatures").order_by("-number").first()
    if checkpoint is None:
        return {"checkpoint": None, "public_key_id": None, "proofs": {}}
    signed = notes.parse(checkpoint.body)
    proofs: dict[int, dict[str, Any]] = {}
    by_chain: dict[str, list[AuditEvent]] = {}
    for event in rows:
        by_chain.setdefault(event.chain, []).append(event)
    for chain, chain_events in by_chain.items():
        state = signed.chain(chain)
        if state is None:
            continue
        covered = [e for e in chain_events if e.seq <= state.size]
        paths = tree.inclusion_proofs(chain, (e.seq - 1 for e in covered), state.size)
        for event in covered:
            proofs[event.pk] = {
                "leaf_index": event.seq - 1,
                "tree_size": state.size,
                "path": [base64.b64encode(h).decode() for h in paths[event.seq - 1]],
            }
    log = next((s for s in checkpoint.signatures.all() if s.kind == "log"), None)
    return {
        "checkpoint": {
            "number": checkpoint.number,
            "body": checkpoint.body,
            "signatures": [signature_document(s) for s in checkpoint.signatures.all()],
        },
        "public_key_id": log.key_id if log else None,
        "proofs": proofs,
    }


def latest_checkpoint() -> dict[str, Any] | None:
    """The latest checkpoint, as an export states it: number, time, signers' key ids."""
    checkpoint = AuditCheckpoint.objects.prefetch_related("signatures").order_by("-number").first()
    if checkpoint is None:
        return None
    signed = notes.parse(checkpoint.body)
    return {
        "number": checkpoint.number,
        "time": checkpoint.created_at,
        "events": signed.events,
        "key_ids": [s.key_id for s in checkpoint.signatures.all() if s.kind == "log"],
        "witnesses": [s.signer for s in checkpoint.signatures.all() if s.kind == "witness"],
    }

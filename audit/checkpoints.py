"""Checkpoints: what they state of the log now, where their copies are kept, and whether a
newer state extends an older one (docs/adr/0018). Signing them is a service
(`audit.services.checkpoint_create`); checking the log against them is `audit.anchors`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from . import merkle, notes, tree
from .models import AuditChainHead, AuditCheckpoint, AuditEvent


class Refused(Exception):
    """The log does not extend a checkpoint already signed: nothing is signed."""


def current_heads() -> dict[str, tuple[int, str]]:
    return {h.chain: (h.seq, h.head_hash) for h in AuditChainHead.objects.filter(seq__gt=0)}


def states(heads: dict[str, tuple[int, str]]) -> tuple[notes.ChainState, ...]:
    """Each chain's tree at its head: stored (extended as needed) and its root."""
    result = []
    for chain, (size, head) in sorted(heads.items()):
        tree.extend(chain, size)
        result.append(notes.ChainState(chain, size, tree.root(chain, size), head))
    return tuple(result)


def problems_extending(old: notes.Checkpoint, new: tuple[notes.ChainState, ...]) -> list[str]:
    """Why the state `new` does not extend the checkpoint `old` (none: it does). Each of
    old's chains must still be there, no shorter, with its tree consistent (a consistency
    proof from the stored tree, checked as a witness would) and its signed last event
    unchanged."""
    now = {c.chain: c for c in new}
    problems = []
    heads_then = {
        (e.chain, e.seq): e.hash
        for e in AuditEvent.objects.filter(
            chain__in=[c.chain for c in old.chains], seq__in={c.size for c in old.chains}
        ).only("chain", "seq", "hash")
    }
    for then in old.chains:
        current = now.get(then.chain)
        if current is None:
            problems.append(f"chain {then.chain} is gone (checkpoint {old.number} had {then.size})")
            continue
        if current.size < then.size:
            problems.append(
                f"chain {then.chain} has {current.size} events; "
                f"checkpoint {old.number} signed {then.size}"
            )
            continue
        if heads_then.get((then.chain, then.size)) != then.head:
            problems.append(
                f"event #{then.size} of {then.chain} is not the one checkpoint {old.number} signed"
            )
            continue
        proof = (
            tree.consistency_proof(then.chain, then.size, current.size)
            if then.size < current.size
            else []
        )
        if not merkle.verify_consistency(then.size, current.size, then.root, current.root, proof):
            problems.append(f"the tree of {then.chain} does not extend checkpoint {old.number}'s")
    return problems


def parsed(checkpoint: AuditCheckpoint) -> notes.Checkpoint:
    return notes.parse(checkpoint.body)


# --- the copies outside the database -------------------------------------------------------


def directory() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_DIR)


def file_name(number: int, key_id: str | None = None) -> str:
    return f"checkpoint-{number:08d}" + (f".{key_id}" if key_id else "") + ".json"


def file_document(checkpoint: AuditCheckpoint, signatures: list[dict[str, str]]) -> dict[str, Any]:
    return {"number": checkpoint.number, "body": checkpoint.body, "signatures": signatures}


def signature_document(signature: Any) -> dict[str, str]:
    return {
        "kind": signature.kind,
        "signer": signature.signer,
        "key_id": signature.key_id,
        "signature": signature.signature,
    }


def write_once(name: str, document: dict[str, Any]) -> Path:
    """Write a checkpoint file that must not exist yet (the same content may: a retry)."""
    folder = directory()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o444)
    except FileExistsError:
        if path.read_text("utf-8") != text:
            raise
        return path
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(text)
    return path


@dataclass
class FileCopy:
    number: int
    body: str
    signatures: list[dict[str, str]] = field(default_factory=list)
    path: Path | None = None


def file_copies() -> dict[int, FileCopy]:
    """Every checkpoint (and co-signature) in the directory, by number. A file that cannot
    be read counts as a copy with no body (verification then names it)."""
    copies: dict[int, FileCopy] = {}
    folder = directory()
    if not folder.is_dir():
        return copies
    for path in sorted(folder.glob("checkpoint-*.json")):
        number_text = path.name.removeprefix("checkpoint-").split(".")[0]
        if not number_text.isdigit():
            continue
        number = int(number_text)
        copy = copies.setdefault(number, FileCopy(number, "", [], None))
        try:
            document = json.loads(path.read_text("utf-8"))
            body = str(document["body"])
            signatures = [dict(s) for s in document["signatures"]]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if path.name == file_name(number):
            copy.body, copy.path = body, path
        copy.signatures.extend(signatures)
    return copies

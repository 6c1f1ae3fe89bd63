"""Checking the log against its signed checkpoints (docs/adr/0018).

A walk of the chains (audit.verify) proves each chain is consistent with itself; this
proves it is the log that was signed. For every checkpoint, in the database or only in
the checkpoint directory (a copy outside the database; one that was deleted from the
database still counts): its signatures verify with a trusted key; every chain it names
still exists, no shorter; the event it signed as each chain's last is still that event
(with the walk, that makes the whole signed prefix unchanged); the chain's events have the
Merkle root it signed (the walk computes it); and, for the latest, the stored tree (which
export proofs are made from) has the roots it signed. `tree_check` also checks the stored
tree against the events, leaf by leaf and node by node (`verify_audit --check-tree`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection

from . import checkpoints, keys, notes, tree
from .models import AuditCheckpoint, AuditEvent
from .sql import EVENT_TABLE
from .tree_sql import NODE_TABLE
from .walk import Break


@dataclass
class Report:
    """One checkpoint as verification found it."""

    number: int
    time: str
    chains: int
    events: int
    signers: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"checkpoint {self.number} at {self.time}: {self.events} events in "
            f"{self.chains} chains; " + "; ".join(self.signers)
        )


def _signers(
    number: int, body: str, signatures: list[dict[str, str]], trusted: dict[str, keys.TrustedKey]
) -> tuple[list[str], list[Break]]:
    said: list[str] = []
    broken: list[Break] = []
    by_log = False
    for sig in {s["key_id"]: s for s in signatures}.values():
        key = trusted.get(sig["key_id"])
        if key is None:
            said.append(f"signature by unknown key {sig['key_id']} ({sig['signer']}), not checked")
            continue
        if not notes.verify(key.key, body, sig["signature"]):
            broken.append(
                _at(
                    number,
                    f"the signature of {key.name} (key {key.key_id}) does not verify: "
                    "the checkpoint was altered or forged",
                )
            )
            continue
        if key.kind == "log":
            by_log = True
            said.append(f"signed by {key.name} (key {key.key_id})")
        else:
            said.append(f"co-signed by {key.name} (witness, key {key.key_id})")
    if not by_log:
        broken.append(_at(number, "it is not signed by the audit log's key"))
    return said, broken


def _at(number: int, reason: str, chain: str = "", seq: int = 0) -> Break:
    return Break(chain, seq, None, reason, where=f"checkpoint {number}")


def _copies() -> tuple[dict[int, tuple[str, list[dict[str, str]]]], list[Break]]:
    """Every checkpoint's body and signatures: the database's and the directory's."""
    found: dict[int, tuple[str, list[dict[str, str]]]] = {}
    broken: list[Break] = []
    for cp in AuditCheckpoint.objects.prefetch_related("signatures").order_by("number"):
        found[cp.number] = (
            cp.body,
            [checkpoints.signature_document(s) for s in cp.signatures.all()],
        )
    folder = checkpoints.directory()
    for number, copy in sorted(checkpoints.file_copies().items()):
        if number not in found:
            broken.append(_at(number, f"it is in {folder} but not in the database: it was deleted"))
            found[number] = (copy.body, list(copy.signatures))
        elif copy.body and copy.body != found[number][0]:
            broken.append(_at(number, f"the database's copy differs from the one in {folder}"))
        else:
            found[number][1].extend(copy.signatures)
    numbers = sorted(found)
    for expected, number in enumerate(numbers, start=1):
        if number != expected:
            broken.append(_at(expected, "it is missing: it was deleted"))
            break
    return found, broken


def signed_sizes() -> dict[str, frozenset[int]]:
    """Every size a checkpoint signed, by chain: where a walk computes the tree's roots."""
    sizes: dict[str, set[int]] = {}
    for body, _ in _copies()[0].values():
        try:
            for c in notes.parse(body).chains:
                sizes.setdefault(c.chain, set()).add(c.size)
        except notes.NoteError:
            continue
    return {chain: frozenset(found) for chain, found in sizes.items()}


def check(
    walked_heads: dict[str, str],
    *,
    chains: list[str] | None = None,
    tree_check: bool = False,
    roots: dict[str, dict[int, bytes]] | None = None,
) -> tuple[list[Report], list[Break], int]:
    """(each checkpoint's report, what is broken, events added since the last one).
    `roots`: the chains' roots at signed sizes, computed from the events by the walk."""
    copies, broken = _copies()
    trusted = keys.trusted_keys()
    reports: list[Report] = []
    signed: list[notes.Checkpoint] = []
    for number, (body, signatures) in sorted(copies.items()):
        try:
            cp = notes.parse(body)
        except notes.NoteError as error:
            broken.append(_at(number, f"unreadable ({error})"))
            continue
        said, bad = _signers(number, body, signatures, trusted)
        broken += bad
        reports.append(Report(number, cp.time, len(cp.chains), cp.events, said))
        signed.append(cp)
    wanted = [(cp, c) for cp in signed for c in cp.chains if chains is None or c.chain in chains]
    hashes = _hashes_at({(c.chain, c.size) for _, c in wanted})
    for cp, c in wanted:
        if c.chain not in walked_heads:
            broken.append(
                _at(
                    cp.number,
                    f"chain deleted: it signed its first {c.size} events",
                    c.chain,
                    c.size,
                )
            )
            continue
        at = hashes.get((c.chain, c.size))
        if at is None:
            broken.append(
                _at(
                    cp.number,
                    f"events removed from {c.chain}: it signed #{c.size}, which is gone",
                    c.chain,
                    c.size,
                )
            )
        elif at[1] != c.head:
            broken.append(
                Break(
                    c.chain,
                    c.size,
                    at[0],
                    f"rewritten: this is not the event checkpoint {cp.number} signed as #{c.size}",
                )
            )
        elif (
            roots is not None
            and (root := roots.get(c.chain, {}).get(c.size)) is not None
            and root != c.root
        ):
            broken.append(
                _at(
                    cp.number,
                    f"the first {c.size} events of {c.chain} do not have the Merkle root it signed",
                    c.chain,
                    c.size,
                )
            )
    if signed:
        latest = signed[-1]
        for c in latest.chains:
            if (chains is None or c.chain in chains) and c.chain in walked_heads:
                try:
                    ok = tree.root(c.chain, c.size) == c.root
                except LookupError:
                    ok = False
                if not ok:
                    broken.append(
                        _at(
                            latest.number,
                            f"the stored Merkle tree of {c.chain} does not have the root it signed",
                            c.chain,
                            c.size,
                        )
                    )
    if tree_check:
        broken += tree_breaks(chains)
    unsigned = _unsigned(walked_heads, signed[-1] if signed else None)
    return reports, broken, unsigned


def _hashes_at(keys_: set[tuple[str, int]]) -> dict[tuple[str, int], tuple[int, str]]:
    if not keys_:
        return {}
    rows = AuditEvent.objects.raw(
        f"SELECT e.id, e.chain, e.seq, e.hash FROM {EVENT_TABLE} e "  # noqa: S608
        "JOIN unnest(%s::text[], %s::bigint[]) AS w(chain, seq) "
        "ON e.chain = w.chain AND e.seq = w.seq",
        [[k[0] for k in keys_], [k[1] for k in keys_]],
    )
    return {(r.chain, r.seq): (r.pk, r.hash) for r in rows}


def _unsigned(walked_heads: dict[str, str], latest: notes.Checkpoint | None) -> int:
    from .models import AuditChainHead

    sizes = {c.chain: c.size for c in latest.chains} if latest else {}
    heads = AuditChainHead.objects.filter(chain__in=list(walked_heads))
    return sum(max(0, h.seq - sizes.get(h.chain, 0)) for h in heads)


_TREE_LEAVES = f"""
SELECT n.chain, n.idx FROM {NODE_TABLE} n
LEFT JOIN {EVENT_TABLE} e ON e.chain = n.chain AND e.seq = n.idx + 1
WHERE n.level = 0 AND (e.hash IS NULL OR n.hash <> sha256('\\x00'::bytea || decode(e.hash, 'hex')))
  {{where}}
ORDER BY n.chain, n.idx LIMIT 1
"""  # noqa: S608
_TREE_NODES = f"""
SELECT p.chain, p.level, p.idx FROM {NODE_TABLE} p
LEFT JOIN {NODE_TABLE} l ON l.chain = p.chain AND l.level = p.level - 1 AND l.idx = 2 * p.idx
LEFT JOIN {NODE_TABLE} r ON r.chain = p.chain AND r.level = p.level - 1 AND r.idx = 2 * p.idx + 1
WHERE p.level > 0 AND (l.hash IS NULL OR r.hash IS NULL
                       OR p.hash <> sha256('\\x01'::bytea || l.hash || r.hash))
  {{where}}
ORDER BY p.chain, p.level, p.idx LIMIT 1
"""  # noqa: S608


def tree_breaks(chains: list[str] | None) -> list[Break]:
    """The first stored leaf that is not its event's, and the first node that is not its
    children's (the tree is derived data; this keeps it honest)."""
    where_n = "AND n.chain = ANY(%s)" if chains is not None else ""
    where_p = "AND p.chain = ANY(%s)" if chains is not None else ""
    params = [chains] if chains is not None else []
    broken = []
    with connection.cursor() as cursor:
        cursor.execute(_TREE_LEAVES.format(where=where_n), params)
        row = cursor.fetchone()
        if row:
            broken.append(
                Break(
                    row[0],
                    row[1] + 1,
                    None,
                    "the stored Merkle tree's leaf is not this event's",
                    where=f"audit tree ({row[0]} leaf {row[1]})",
                )
            )
        cursor.execute(_TREE_NODES.format(where=where_p), params)
        row = cursor.fetchone()
        if row:
            broken.append(
                Break(
                    row[0],
                    0,
                    None,
                    "a stored node is not the hash of its children",
                    where=f"audit tree ({row[0]} level {row[1]} #{row[2]})",
                )
            )
    return broken

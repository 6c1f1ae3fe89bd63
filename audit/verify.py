"""Checking the whole log: every chain from its first event, each chain's head, and the
log against its signed checkpoints (`audit.anchors`); or only what was added since the
last checkpoint (`verify_since_checkpoint`).

Small logs, and calls made inside a transaction (which may hold uncommitted events that
other connections cannot see), are walked in this process on Django's connection; a
large log is cut into segments that worker processes check in parallel
(`audit.parallel`). Either way the result, and the first break, are the same.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading

from django.db import connection, transaction

from . import anchors, lines, merkle, notes, parallel
from .encoding import GENESIS
from .models import AuditChainHead
from .walk import Break, Verification, head_break, walk

PARALLEL_MIN_EVENTS = 200_000


def verify_chain(
    chain: str, *, head: tuple[int, str] | None, marks: frozenset[int] = frozenset()
) -> tuple[int, str, Break | None, dict[int, bytes]]:
    """Walk one chain on Django's connection; return (events checked, last hash, first break
    or None, its Merkle root at each size in `marks`). Reads as it goes, in constant
    memory; builds the tree's right edge only if there are marks."""
    tree = merkle.Frontier() if marks else None
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(lines.READ_SETTINGS)
        with contextlib.closing(lines.lines(cursor.cursor, chain)) as read:
            walked = walk(read, chain, 1, GENESIS, tree=tree, marks=marks)
        transaction.set_rollback(True)  # undoes the SET LOCALs; nothing was written
    broken = walked.broken or head_break(chain, head, walked.next_seq, walked.last_hash)
    roots = {seq: merkle.fold(stack) for seq, stack in walked.stacks}
    return walked.count, walked.last_hash, broken, roots


def verify(
    *,
    chains: list[str] | None = None,
    workers: int | None = None,
    segment_events: int | None = None,
    min_parallel_events: int | None = None,
    check_tree: bool = False,
) -> Verification:
    """Check every event of every chain (or of `chains`); name the first broken link.

    "First" means the first break in the lowest-named broken chain. Once the chain heads
    add up to `min_parallel_events` (default PARALLEL_MIN_EVENTS) events, `workers`
    processes verify segments of `segment_events` (default parallel.SEGMENT_EVENTS)
    events in parallel; never inside a transaction, whose uncommitted events other
    connections cannot see. The workers are forked, so by default (`workers=None`) there
    is one per CPU only when this process runs no other thread, and none otherwise.

    Where checkpoints exist, the walk also computes each chain's Merkle root at every size
    they signed, from the events, to compare with the signed roots. `check_tree` also
    checks every stored tree node against its children and every leaf against its event
    (`verify_audit --check-tree`).
    """
    if workers is None:
        workers = (os.cpu_count() or 1) if threading.active_count() == 1 else 1
    threshold = PARALLEL_MIN_EVENTS if min_parallel_events is None else min_parallel_events
    marks = anchors.signed_sizes()  # where the walk computes the tree's roots
    if (
        workers > 1
        and not connection.in_atomic_block
        and "fork" in multiprocessing.get_all_start_methods()
        and _head_events(chains) >= threshold
    ):
        result = parallel.verify_in_parallel(
            chains,
            workers=workers,
            segment_events=segment_events or parallel.SEGMENT_EVENTS,
            marks=marks,
        )
    elif connection.in_atomic_block:  # the caller's transaction, with its own new events
        result = _verify_in_process(chains, marks)
    else:
        with transaction.atomic(), connection.cursor() as cursor:
            # One snapshot for the heads and every chain, so that events appended meanwhile
            # are not taken for removed ones.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            result = _verify_in_process(chains, marks)
    return _anchored(result, chains, tree=check_tree)


def _anchored(
    result: Verification, chains: list[str] | None, *, tree: bool = False
) -> Verification:
    """The walk's result, checked against the signed checkpoints."""
    reports, broken, unsigned = anchors.check(
        result.heads, chains=chains, tree_check=tree, roots=result.roots
    )
    result.checkpoints = reports
    result.unsigned_events = unsigned
    if result.first_break is None and broken:
        result.first_break = broken[0]
    return result


def _head_events(chains: list[str] | None) -> int:
    heads = AuditChainHead.objects.all()
    if chains is not None:
        heads = heads.filter(chain__in=chains)
    return sum(heads.values_list("seq", flat=True))


def _verify_in_process(chains: list[str] | None, marks: dict[str, frozenset[int]]) -> Verification:
    heads = {row.chain: (row.seq, row.head_hash) for row in AuditChainHead.objects.all()}
    with connection.cursor() as cursor:
        names = lines.chain_names(cursor, heads, chains)
    result = Verification()
    for name in names:
        result.add(
            name, *verify_chain(name, head=heads.get(name), marks=marks.get(name, frozenset()))
        )
    return result


def verify_since_checkpoint() -> Verification:
    """Check only what was added since the last checkpoint: each chain from the event after
    the one the checkpoint signed (which must still be that event), new chains from their
    first; the checkpoints' signatures and the chains they name, as `verify` does."""
    outer = connection.in_atomic_block  # the caller's transaction: its snapshot, as verify
    with transaction.atomic(), connection.cursor() as cursor:
        if not outer:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        latest = _latest_signed()
        heads = {row.chain: (row.seq, row.head_hash) for row in AuditChainHead.objects.all()}
        names = lines.chain_names(cursor, heads, None)
        cursor.execute(lines.READ_SETTINGS)
        result = Verification()
        for name in names:
            state = latest.chain(name) if latest else None
            seq, prev, after = 1, GENESIS, ""
            if state is not None:
                cursor.execute(_AT, [name, state.size])
                found = cursor.fetchone()
                if found is None or found[0] != state.head:
                    result.add(name, 0, "", None)
                    continue  # the check against the checkpoint names it
                seq, prev, after = state.size + 1, state.head, found[1]
            with contextlib.closing(lines.lines(cursor.cursor, name, lo=seq)) as read:
                walked = walk(read, name, seq, prev, after)
            broken = walked.broken or head_break(
                name, heads.get(name), walked.next_seq, walked.last_hash
            )
            result.add(name, walked.count, walked.last_hash, broken)
        checked = _anchored(result, None, tree=False)
        transaction.set_rollback(True)
    return checked


_AT = (
    "SELECT hash, (occurred_at AT TIME ZONE 'UTC')::text FROM audit_event "
    "WHERE chain = %s AND seq = %s"
)


def _latest_signed() -> notes.Checkpoint | None:
    from .checkpoints import file_copies
    from .models import AuditCheckpoint

    latest = AuditCheckpoint.objects.order_by("-number").first()
    copies = file_copies()
    newest_file = max(copies, default=0)
    if latest is None or newest_file > latest.number:
        if not newest_file or not copies[newest_file].body:
            return None
        return notes.parse(copies[newest_file].body)
    return notes.parse(latest.body)

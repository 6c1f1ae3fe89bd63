"""Verifying a large log in parallel, on one snapshot (docs/adr/0007).

The log is cut into segments (a chain and a range of seq) that forked worker processes
verify, each on its own connection but all on one exported snapshot. Each segment starts
from the stored hash of the event just before it; the parent then joins the segments up
in order, so the result (and the first break) is exactly what walking every chain from
its first event finds.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.util
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

import psycopg
from django.db import connection
from psycopg import sql as psql
from psycopg.types.string import TextLoader

from . import lines, merkle
from .encoding import GENESIS
from .sql import EVENT_TABLE, HEAD_TABLE
from .walk import Break, Verification, Walk, head_break, jump, walk

SEGMENT_EVENTS = 250_000

_HEADS = f"SELECT chain, seq, head_hash FROM {HEAD_TABLE}"  # noqa: S608
_LAST_SEQ = f"SELECT max(seq) FROM {EVENT_TABLE} WHERE chain = %s"  # noqa: S608
_HASH_AT = (
    f"SELECT hash, (occurred_at AT TIME ZONE 'UTC')::text FROM {EVENT_TABLE} "  # noqa: S608
    "WHERE chain = %s AND seq = %s"
)


@dataclass(frozen=True)
class Segment:
    lo: int | None  # first seq of the range (None: from the start of the chain)
    hi: int | None  # last seq of the range (None: to the end of the chain)
    start_prev: str  # stored hash of event lo - 1 (GENESIS for the first segment)
    walk: Walk
    end: merkle.Stack = ()  # the segment's own tree at its end (with marks only)


def connection_params() -> dict[str, Any]:
    """Django's connection settings as plain psycopg keywords (the test database too)."""
    params = connection.get_connection_params()
    return {
        key: value
        for key, value in params.items()
        if isinstance(value, str | int | float) and not isinstance(value, bool)
    }


def _snapshot_connection(params: Mapping[str, Any]) -> psycopg.Connection[Any]:
    conn = psycopg.connect(**params, autocommit=False)
    conn.adapters.register_loader("inet", TextLoader)  # as Django's connection reads it
    conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    conn.read_only = True
    return conn


_worker_connections: dict[str, psycopg.Connection[Any]] = {}


def _worker_connection(params: Mapping[str, Any]) -> psycopg.Connection[Any]:
    key = repr(sorted(params.items()))
    conn = _worker_connections.get(key)
    if conn is None or conn.closed:
        conn = _worker_connections[key] = _snapshot_connection(params)
        multiprocessing.util.Finalize(None, conn.close, exitpriority=10)
    return conn


def verify_segment(
    params: Mapping[str, Any],
    snapshot: str,
    chain: str,
    lo: int | None,
    hi: int | None,
    marks: frozenset[int] | None = None,
) -> Segment:
    """Worker process: verify events lo..hi of one chain, as of the parent's snapshot; with
    `marks` (even none in this segment), build the segment's own tree (segments then start
    at a multiple of a power of two, so that it is a subtree of the chain's)."""
    tree = merkle.Frontier() if marks is not None else None
    conn = _worker_connection(params)
    try:
        with conn.cursor() as cursor:
            cursor.execute(psql.SQL("SET TRANSACTION SNAPSHOT {}").format(psql.Literal(snapshot)))
            cursor.execute(lines.READ_SETTINGS)
            start_seq, start_prev, after = 1, GENESIS, ""
            if lo is not None:
                start_seq = lo
                cursor.execute(_HASH_AT, [chain, lo - 1])
                found = cursor.fetchone()
                start_prev, after = (found[0], found[1]) if found else ("", "")
            with contextlib.closing(lines.lines(cursor, chain, lo=lo, hi=hi)) as read:
                walked = walk(
                    read, chain, start_seq, start_prev, after, tree=tree, marks=marks or frozenset()
                )
    finally:
        conn.rollback()
    return Segment(lo, hi, start_prev, walked, tree.snapshot() if tree else ())


def segment_bounds(last_seq: int, size: int) -> list[tuple[int | None, int | None]]:
    pieces = max(1, -(-last_seq // max(1, size)))
    return [
        (None if n == 0 else n * size + 1, None if n == pieces - 1 else (n + 1) * size)
        for n in range(pieces)
    ]


def join(
    chain: str, segments: list[Segment], head: tuple[int, str] | None
) -> tuple[int, str, Break | None, dict[int, bytes]] | None:
    """Join one chain's segments into what a single walk from its first event finds,
    with the chain's Merkle roots at the marks (each segment's tree below the complete
    segments before it).

    Returns None if the segments do not meet (only possible if the table changed under
    a snapshot, i.e. never); the caller then walks the chain in one piece.
    """
    count = 0
    next_seq, last_hash = 1, GENESIS
    before = merkle.Frontier()  # the complete segments so far, as subtrees
    roots: dict[int, bytes] = {}
    for n, segment in enumerate(segments):
        if n and segment.start_prev != last_hash:
            return None
        walked = segment.walk
        count += walked.count
        prefix = before.snapshot()
        roots.update((seq, merkle.fold(prefix + stack)) for seq, stack in walked.stacks)
        if walked.broken is not None:
            return count, walked.last_hash, walked.broken, roots
        for size, digest in segment.end:
            before.push_node(size, digest)
        next_seq, last_hash = walked.next_seq, walked.last_hash
        if segment.hi is None or next_seq == segment.hi + 1:
            continue  # the walk went right through this segment
        # The events ran out before the end of the segment: the next event there is
        # (the first of a later segment) does not have the seq the walk expects.
        for later in segments[n + 1 :]:
            if later.walk.first is not None:
                seq, event_id = later.walk.first
                broken = Break(chain, seq, event_id, jump(next_seq, seq))
                return count + 1, last_hash, broken, roots
        break
    return count, last_hash, head_break(chain, head, next_seq, last_hash), roots


def _walk_whole(conn: psycopg.Connection[Any], chain: str, head: tuple[int, str] | None) -> Any:
    with conn.cursor() as cursor:
        cursor.execute(lines.READ_SETTINGS)
        with contextlib.closing(lines.lines(cursor, chain)) as read:
            walked = walk(read, chain, 1, GENESIS)
    broken = walked.broken or head_break(chain, head, walked.next_seq, walked.last_hash)
    return walked.count, walked.last_hash, broken, {}


def verify_in_parallel(
    chains: list[str] | None,
    *,
    workers: int,
    segment_events: int,
    marks: Mapping[str, frozenset[int]] | None = None,
) -> Verification:
    params = connection_params()
    with _snapshot_connection(params) as conn:
        with conn.cursor() as cursor:
            cursor.execute(_HEADS)
            heads = {chain: (seq, head_hash) for chain, seq, head_hash in cursor.fetchall()}
            names = lines.chain_names(cursor, heads, chains)
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone() or ("",)
            plan: dict[str, list[tuple[int | None, int | None]]] = {}
            marks = marks or {}
            for name in names:
                cursor.execute(_LAST_SEQ, [name])
                # With marks, segments are subtrees: a power of two long.
                size = 1 << (segment_events - 1).bit_length() if marks.get(name) else segment_events
                plan[name] = segment_bounds((cursor.fetchone() or (0,))[0] or 0, size)
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = {
                name: [
                    pool.submit(
                        verify_segment,
                        params,
                        snapshot,
                        name,
                        lo,
                        hi,
                        None
                        if not marks.get(name)
                        else frozenset(
                            m for m in marks[name] if (lo or 1) <= m and (hi is None or m <= hi)
                        ),
                    )
                    for lo, hi in bounds
                ]
                for name, bounds in plan.items()
            }
            segments = {name: [f.result() for f in pending] for name, pending in futures.items()}
        result = Verification()
        for name in names:
            joined = join(name, segments[name], heads.get(name))
            if joined is None:  # pragma: no cover - see join
                joined = _walk_whole(conn, name, heads.get(name))
            result.add(name, *joined)
        conn.rollback()
    return result

"""The head of a chain, for writers outside `events.append`: the benchmarks' bulk loaders.

They lock and move a chain's head through the same database functions the append
function uses (`audit.sql`), so there is one way to hold a chain. Works on any DB-API
cursor (psycopg's or Django's).
"""

from __future__ import annotations

from typing import Any


def lock_head(cursor: Any, chain: str) -> tuple[int, str]:
    """Lock the chain's head until the transaction ends; its seq and hash (0 and the
    genesis hash for a new chain)."""
    cursor.execute("SELECT lock_seq, lock_hash FROM audit_lock_head(%s)", [chain])
    seq, digest = cursor.fetchone()
    return int(seq), str(digest)


def move_head(cursor: Any, chain: str, seq: int, digest: str) -> None:
    """Move the locked head on to the last event written (it only moves forward)."""
    cursor.execute("SELECT audit_move_head(%s, %s, %s)", [chain, seq, digest])


# A bulk load writes events dated in the past, many to a head move: it switches off the
# triggers that hold each insert to its head (docs/adr/0017), as only the tables' owner
# can, and on again before it commits. Lock order: the events' table first, then the heads'.
_BULK_TRIGGERS = (
    ("audit_event", "audit_event_invariants"),
    ("audit_chain_head", "audit_head_forward"),
)


def bulk_load_off(cursor: Any) -> None:
    for table, trigger in _BULK_TRIGGERS:
        cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")


def bulk_load_on(cursor: Any) -> None:
    for table, trigger in _BULK_TRIGGERS:
        cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")

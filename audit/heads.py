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

"""Each chain's Merkle tree in the database: extending it, and reading roots and proofs.

The nodes are stored by `audit_extend_tree` (audit.tree_sql) from the events; roots and
proofs are computed by `audit.merkle` from the nodes they need, fetched in one query.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import connection

from . import merkle
from .tree_sql import NODE_TABLE

_FETCH = (
    f"SELECT n.level, n.idx, n.hash FROM {NODE_TABLE} n "  # noqa: S608
    "JOIN unnest(%s::smallint[], %s::bigint[]) AS w(level, idx) "
    "ON n.chain = %s AND n.level = w.level AND n.idx = w.idx"
)


def extend(chain: str, size: int) -> None:
    """Store the tree of the chain's first `size` events (they must all be there)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT audit_extend_tree(%s, %s)", [chain, size])


def _nodes(chain: str, keys: Iterable[tuple[int, int]]) -> dict[tuple[int, int], bytes]:
    wanted = sorted(keys)
    if not wanted:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(_FETCH, [[k[0] for k in wanted], [k[1] for k in wanted], chain])
        found = {(level, idx): bytes(digest) for level, idx, digest in cursor.fetchall()}
    missing = set(wanted) - set(found)
    if missing:
        raise LookupError(f"the tree of {chain} lacks {len(missing)} nodes: extend it first")
    return found


def computed(chain: str, compute: Callable[[merkle.Get], object]) -> object:
    """`compute(get)` on the stored nodes of `chain`, with one query for all it reads."""
    nodes = _nodes(chain, merkle.needed(compute))
    return compute(lambda level, idx: nodes[(level, idx)])


def root(chain: str, size: int) -> bytes:
    return computed(chain, lambda get: merkle.root(get, size))  # type: ignore[return-value]


def inclusion_proofs(chain: str, indices: Iterable[int], size: int) -> dict[int, list[bytes]]:
    """An inclusion proof for each leaf index, in a tree of `size`, with one query."""
    wanted = sorted(set(indices))

    def compute(get: merkle.Get) -> dict[int, list[bytes]]:
        return {i: merkle.inclusion_proof(get, i, size) for i in wanted}

    return computed(chain, compute)  # type: ignore[return-value]


def consistency_proof(chain: str, old: int, new: int) -> list[bytes]:
    return computed(chain, lambda get: merkle.consistency_proof(get, old, new))  # type: ignore[return-value]


def stored_leaves(chain: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT coalesce(max(idx) + 1, 0) FROM {NODE_TABLE} WHERE chain = %s AND level = 0",  # noqa: S608
            [chain],
        )
        return int(cursor.fetchone()[0])

"""The Merkle tree of RFC 9162 (Certificate Transparency 2.0), section 2.1: hashes, roots,
inclusion and consistency proofs, and their verification.

A leaf is SHA-256(0x00 || data) and an interior node SHA-256(0x01 || left || right): the
distinct prefixes stop a leaf from passing for a node. A tree of n leaves splits at k, the
largest power of two smaller than n. Our leaves' data are the events' hashes (32 bytes):
leaf index i of a chain's tree is the event with seq i + 1 (docs/adr/0018).

Nodes are read through `get(level, idx)`: the complete subtree of 2^level leaves starting
at leaf idx * 2^level (as `audit_tree_node` stores them, or as `Frontier` computes them).
`needed` lists the nodes a computation reads, so that a caller can fetch them in one query.

Standard library only: the offline verifier (`audit.verify_export`) uses this too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

Get = Callable[[int, int], bytes]
EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def event_leaf(event_hash_hex: str) -> bytes:
    """The leaf of an event: its SHA-256 hash (hex in the log), as 32 bytes."""
    return leaf_hash(bytes.fromhex(event_hash_hex))


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def subtree(get: Get, lo: int, hi: int) -> bytes:
    """MTH of leaves [lo, hi), from the stored complete subtrees."""
    n = hi - lo
    if n & (n - 1) == 0 and lo % n == 0:
        return get(n.bit_length() - 1, lo // n)
    k = _split(n)
    return node_hash(subtree(get, lo, lo + k), subtree(get, lo + k, hi))


def root(get: Get, size: int) -> bytes:
    return subtree(get, 0, size) if size else EMPTY_ROOT


def inclusion_proof(get: Get, index: int, size: int) -> list[bytes]:
    """PATH(index, D[0:size]): the hashes that take leaf `index` up to the root."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of {size}")
    proof: list[bytes] = []
    lo, hi = 0, size
    while hi - lo > 1:
        k = _split(hi - lo)
        if index < lo + k:
            proof.append(subtree(get, lo + k, hi))
            hi = lo + k
        else:
            proof.append(subtree(get, lo, lo + k))
            lo += k
    proof.reverse()  # the leaf's sibling first
    return proof


def consistency_proof(get: Get, old: int, new: int) -> list[bytes]:
    """PROOF(old, D[0:new]) of RFC 9162 2.1.4.1: the tree of `new` leaves extends the one
    of `old`."""
    if not 0 < old <= new:
        raise ValueError(f"no consistency proof from {old} to {new}")
    proof: list[bytes] = []
    lo, hi, whole = 0, new, True
    m = old
    while m != hi - lo:
        k = _split(hi - lo)
        if m <= k:
            proof.append(subtree(get, lo + k, hi))
            hi = lo + k
        else:
            proof.append(subtree(get, lo, lo + k))
            lo, m, whole = lo + k, m - k, False
    if not whole:
        proof.append(subtree(get, lo, hi))
    proof.reverse()
    return proof


def needed(compute: Callable[[Get], object]) -> set[tuple[int, int]]:
    """The nodes `compute(get)` reads (its path through the tree depends only on sizes)."""
    keys: set[tuple[int, int]] = set()

    def record(level: int, idx: int) -> bytes:
        keys.add((level, idx))
        return EMPTY_ROOT

    compute(record)
    return keys


# --- verification (RFC 9162 2.1.3.2 and 2.1.4.2) ----------------------------------------


def root_from_inclusion(index: int, size: int, leaf: bytes, proof: Iterable[bytes]) -> bytes:
    """The root that an inclusion proof of `leaf` at `index` in a tree of `size` implies.
    Raises ValueError if the proof cannot be one (wrong length)."""
    if not 0 <= index < size:
        raise ValueError("leaf index out of range")
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            raise ValueError("inclusion proof too long")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ValueError("inclusion proof too short")
    return r


def verify_inclusion(index: int, size: int, leaf: bytes, proof: list[bytes], root: bytes) -> bool:
    try:
        return root_from_inclusion(index, size, leaf, proof) == root
    except ValueError:
        return False


def verify_consistency(
    old: int, new: int, old_root: bytes, new_root: bytes, proof: list[bytes]
) -> bool:
    """Whether `proof` shows the tree (new, new_root) extends the tree (old, old_root)."""
    if not 0 <= old <= new:
        return False
    if old == new:
        return not proof and old_root == new_root
    if old == 0:
        return not proof  # every tree extends the empty one
    if old & (old - 1) == 0:
        proof = [old_root, *proof]
    if not proof:
        return False
    fn, sn = old - 1, new - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = proof[0]
    for c in proof[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == old_root and sr == new_root


# --- a tree built leaf by leaf ------------------------------------------------------------


class Frontier:
    """The complete subtrees of a growing tree's right edge, leaf by leaf: its root at any
    size, in constant memory per leaf (about two hashes a leaf)."""

    __slots__ = ("_stack", "size")

    def __init__(self) -> None:
        self._stack: list[tuple[int, bytes]] = []  # (leaves, hash), largest first
        self.size = 0

    def push(self, leaf: bytes) -> None:
        self.push_node(1, leaf)

    def push_node(self, count: int, digest: bytes) -> None:
        """Append a complete subtree of `count` leaves (a power of two, aligned: no larger
        than the smallest one already here)."""
        stack = self._stack
        self.size += count
        while stack and stack[-1][0] == count:
            digest = node_hash(stack.pop()[1], digest)
            count *= 2
        stack.append((count, digest))

    def snapshot(self) -> Stack:
        return tuple(self._stack)

    def root(self) -> bytes:
        return fold(self._stack)


Stack = tuple[tuple[int, bytes], ...]


def fold(stack: Iterable[tuple[int, bytes]]) -> bytes:
    """The root of a tree whose right edge is these complete subtrees, largest first."""
    nodes = [digest for _, digest in stack]
    if not nodes:
        return EMPTY_ROOT
    digest = nodes[-1]
    for left in reversed(nodes[:-1]):
        digest = node_hash(left, digest)
    return digest

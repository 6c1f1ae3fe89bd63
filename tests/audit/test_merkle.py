"""The Merkle tree is RFC 9162's: roots, inclusion and consistency proofs, checked against
the RFC's recursive definition, and a proof of anything else fails."""

from __future__ import annotations

import hashlib

import pytest

from audit import merkle


def _mth(leaves: list[bytes]) -> bytes:
    """RFC 9162 2.1.1, as written."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = 1 << ((len(leaves) - 1).bit_length() - 1)
    return merkle.node_hash(_mth(leaves[:k]), _mth(leaves[k:]))


def _store(leaves: list[bytes]):
    nodes = {}
    level, row = 0, list(leaves)
    while row:
        for i, h in enumerate(row):
            nodes[(level, i)] = h
        row = [merkle.node_hash(row[i], row[i + 1]) for i in range(0, len(row) - 1, 2)]
        level += 1
    return lambda lvl, idx: nodes[(lvl, idx)]


LEAVES = [merkle.leaf_hash(bytes([n]) * 32) for n in range(37)]
GET = _store(LEAVES)


def test_leaves_and_nodes_have_distinct_prefixes():
    data = LEAVES[0] + LEAVES[1]
    assert merkle.node_hash(LEAVES[0], LEAVES[1]) != merkle.leaf_hash(data)
    assert merkle.leaf_hash(b"x") == hashlib.sha256(b"\x00x").digest()


@pytest.mark.parametrize("size", range(38))
def test_roots_from_stored_subtrees_and_leaf_by_leaf_are_the_rfcs(size):
    frontier = merkle.Frontier()
    for leaf in LEAVES[:size]:
        frontier.push(leaf)
    assert merkle.root(GET, size) == frontier.root() == _mth(LEAVES[:size])


@pytest.mark.parametrize("size", [1, 2, 3, 5, 8, 13, 37])
def test_every_leaf_has_an_inclusion_proof_and_no_other_leaf_passes(size):
    root = _mth(LEAVES[:size])
    for index in range(size):
        proof = merkle.inclusion_proof(GET, index, size)
        assert merkle.verify_inclusion(index, size, LEAVES[index], proof, root)
        assert not merkle.verify_inclusion(index, size, LEAVES[(index + 1) % 37], proof, root)
        if proof:
            assert not merkle.verify_inclusion(index, size, LEAVES[index], proof[:-1], root)
            altered = [proof[0][:-1] + bytes([proof[0][-1] ^ 1]), *proof[1:]]
            assert not merkle.verify_inclusion(index, size, LEAVES[index], altered, root)


@pytest.mark.parametrize("new", [1, 2, 3, 4, 7, 8, 9, 16, 37])
def test_every_older_tree_is_proven_consistent_and_a_rewritten_one_is_not(new):
    for old in range(1, new + 1):
        proof = merkle.consistency_proof(GET, old, new)
        old_root, new_root = _mth(LEAVES[:old]), _mth(LEAVES[:new])
        assert merkle.verify_consistency(old, new, old_root, new_root, proof)
        rewritten = _mth([LEAVES[1], *LEAVES[1:old]])
        assert not merkle.verify_consistency(old, new, rewritten, new_root, proof)

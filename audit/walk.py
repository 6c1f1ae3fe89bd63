"""Walking consecutive events of one chain, and what a walk can find broken."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .lines import HASH, ID, PREV_HASH, SEQ, TIME, line_hash, unescape
from .merkle import Frontier, Stack


@dataclass(frozen=True)
class Break:
    chain: str
    seq: int
    event_id: int | None
    reason: str
    where: str = ""  # what is broken, when it is neither an event nor a head: a checkpoint

    def __str__(self) -> str:
        if self.where:
            return f"{self.where}: {self.reason}"
        where = f"event {self.event_id}" if self.event_id is not None else "chain head"
        return f"{where} ({self.chain} #{self.seq}): {self.reason}"


@dataclass
class Verification:
    events: int = 0
    chains: int = 0
    heads: dict[str, str] = field(default_factory=dict)
    first_break: Break | None = None
    # Set by the check against the signed checkpoints (audit.anchors).
    checkpoints: list[Any] = field(default_factory=list)
    unsigned_events: int = 0  # events added since the last checkpoint
    # Each chain's Merkle root at the sizes checkpoints signed, computed from its events.
    roots: dict[str, dict[int, bytes]] = field(default_factory=dict)

    @property
    def intact(self) -> bool:
        return self.first_break is None

    def add(
        self,
        chain: str,
        count: int,
        last_hash: str,
        broken: Break | None,
        roots: dict[int, bytes] | None = None,
    ) -> None:
        """One chain's result; the first break found, in chain order, is kept."""
        self.events += count
        self.chains += 1
        self.heads[chain] = last_hash
        if roots:
            self.roots[chain] = roots
        if broken is not None and self.first_break is None:
            self.first_break = broken


@dataclass(frozen=True)
class Walk:
    """Where a walk over consecutive events of one chain stopped."""

    count: int  # events read, the broken one included
    next_seq: int  # the seq the next event must have
    last_hash: str  # the hash of the last intact event (what the next must point at)
    first: tuple[int, int] | None  # (seq, id) of the first event read
    broken: Break | None
    # With a tree: its right edge after each seq in `marks` (see merkle.Frontier).
    stacks: tuple[tuple[int, Stack], ...] = ()


def jump(expected_seq: int, seq: int) -> str:
    return f"sequence jumps from {expected_seq - 1} to {seq}: an event is missing or moved"


EARLIER = "is earlier than the event before it: its time was changed, or it was forged"


def walk(
    lines: Iterable[str],
    chain: str,
    seq: int,
    prev: str,
    after: str = "",
    *,
    tree: Frontier | None = None,
    marks: frozenset[int] = frozenset(),
) -> Walk:
    """Check each line's seq, link, hash and time, starting at `seq` after hash `prev` and
    time `after` (UTC text as the lines have it; ISO text compares as the times do). With
    `tree`, push each intact event's leaf onto it, and keep its right edge at each seq in
    `marks` (the sizes checkpoints signed)."""
    stacks: list[tuple[int, Stack]] = []
    count, seq, prev, first, broken = _walk(lines, chain, seq, prev, after, tree, marks, stacks)
    return Walk(count, seq, prev, first, broken, tuple(stacks))


_sha256 = hashlib.sha256


def _walk(
    lines: Iterable[str],
    chain: str,
    seq: int,
    prev: str,
    after: str,
    tree: Frontier | None,
    marks: frozenset[int],
    stacks: list[tuple[int, Stack]],
) -> tuple[int, int, str, tuple[int, int] | None, Break | None]:
    count = 0
    first: tuple[int, int] | None = None
    for line in lines:
        count += 1
        f = line.split("\t")
        row_seq = int(f[SEQ])
        if first is None:
            first = (row_seq, int(f[ID]))
        if row_seq != seq:
            broken = Break(chain, row_seq, int(f[ID]), jump(seq, row_seq))
            return (count, seq, prev, first, broken)
        text = f[PREV_HASH]
        prev_hash = unescape(text) if "\\" in text else text  # a COPY escape, or \N: NULL
        if prev_hash != prev:
            reason = "does not point at the hash of the event before it"
            return (count, seq, prev, first, Break(chain, row_seq, int(f[ID]), reason))
        text = f[HASH]
        digest = unescape(text) if "\\" in text else text
        if digest is None or line_hash(line, f) != digest:
            reason = "contents do not match its hash"
            return (count, seq, prev, first, Break(chain, row_seq, int(f[ID]), reason))
        when = f[TIME]
        if when < after:
            return (count, seq, prev, first, Break(chain, row_seq, int(f[ID]), EARLIER))
        after = when
        if tree is not None:
            tree.push(_sha256(b"\x00" + bytes.fromhex(digest)).digest())
            if row_seq in marks:
                stacks.append((row_seq, tree.snapshot()))
        prev = digest
        seq += 1
    return (count, seq, prev, first, None)


def head_break(chain: str, head: tuple[int, str] | None, next_seq: int, last: str) -> Break | None:
    """A head that says the chain is longer than its events: events were removed."""
    if head is None or (head[0] == next_seq - 1 and head[1] == last):
        return None
    if head[0] == next_seq - 1:
        reason = "chain head's hash is not its last event's: the head was overwritten"
        return Break(chain, head[0], None, reason)
    return Break(
        chain,
        head[0],
        None,
        f"chain head says #{head[0]} but the last intact event is "
        f"#{next_seq - 1}: events were removed",
    )

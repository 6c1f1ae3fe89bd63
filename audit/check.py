"""Checking some events (a case's, for its history) against their chains.

A full walk of every chain is `verify_audit`'s job; this proves that the events an export
shows are the events logged, in a time an export can afford: each event's hash is
recomputed, and its link to the event before it checked (one extra query).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection

from .encoding import GENESIS, HASHED_FIELDS, event_hash
from .models import AuditChainHead, AuditEvent
from .sql import EVENT_TABLE


@dataclass
class EventsCheck:
    """Some events (a case's) checked against their chains: contents and links."""

    events: int = 0
    broken: list[str] = field(default_factory=list)
    heads: dict[str, tuple[int, str]] = field(default_factory=dict)

    @property
    def intact(self) -> bool:
        return not self.broken

    @property
    def summary(self) -> str:
        if self.intact:
            return (
                f"Intact: all {self.events} events of this case match their hashes and link "
                "to the events before them in their chains."
            )
        return "BROKEN: " + "; ".join(self.broken[:5])


def check_events(events: Iterable[AuditEvent]) -> EventsCheck:
    """Recompute each event's hash and check it links to its predecessor in its chain.

    A full walk of every chain is `verify_audit`'s job; this proves the events shown are
    the events logged, in a time an export can afford (one extra query).
    """
    rows = list(events)
    result = EventsCheck(events=len(rows))
    wanted = [(event.chain, event.seq - 1) for event in rows if event.seq > 1]
    predecessors: dict[tuple[str, int], str] = {}
    if wanted:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.chain, e.seq, e.hash FROM {EVENT_TABLE} e "  # noqa: S608
                "JOIN unnest(%s::text[], %s::bigint[]) AS w(chain, seq) "
                "ON e.chain = w.chain AND e.seq = w.seq",
                [[chain for chain, _ in wanted], [seq for _, seq in wanted]],
            )
            predecessors = {(chain, seq): digest for chain, seq, digest in cursor.fetchall()}
    for event in rows:
        values = {name: getattr(event, name) for name in HASHED_FIELDS}
        if event_hash(values) != event.hash:
            result.broken.append(f"event {event.pk} does not match its hash")
            continue
        expected = GENESIS if event.seq == 1 else predecessors.get((event.chain, event.seq - 1))
        if expected is None:
            result.broken.append(f"event {event.pk}: the event before it is missing")
        elif expected != event.prev_hash:
            result.broken.append(f"event {event.pk} does not link to the event before it")
    chains = {event.chain for event in rows}
    result.heads = {
        head.chain: (head.seq, head.head_hash)
        for head in AuditChainHead.objects.filter(chain__in=chains)
    }
    return result

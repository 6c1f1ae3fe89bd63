"""The per-case disclosure history (SPEC 7): every event about one child, in time order.

The history is evidence, so it is read from the audit log itself. Each rendering checks
the case's own events against the chain (`check_case_events`) and states the chain heads.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from . import audit
from .describe import KINDS, EventView, describe
from .models import AuditChainHead, AuditEvent, Case

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


@dataclass(frozen=True)
class Filters:
    kinds: tuple[str, ...] = ()
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    def describe(self) -> str:
        parts = []
        if self.kinds:
            labels = dict(KINDS)
            parts.append("kinds: " + ", ".join(labels.get(k, k) for k in self.kinds))
        if self.date_from:
            parts.append(f"from {self.date_from:%-d %B %Y}")
        if self.date_to:
            parts.append(f"to {self.date_to:%-d %B %Y}")
        return "; ".join(parts) or "all events"


def events_for_case(case: Case, filters: Filters = Filters()) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.filter(case_id=case.pk)
    if filters.date_from:
        events = events.filter(occurred_at__date__gte=filters.date_from)
    if filters.date_to:
        events = events.filter(occurred_at__date__lte=filters.date_to)
    return events.order_by("occurred_at", "id")


@dataclass
class CaseCheck:
    """The case's events checked against their chains: contents and links."""

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


def check_case_events(events: Iterable[AuditEvent]) -> CaseCheck:
    """Recompute each event's hash and check it links to its predecessor in its chain.

    A full walk of every chain is `verify_audit`'s job; this proves the events shown are
    the events logged, in a time an export can afford (one extra query).
    """
    rows = list(events)
    result = CaseCheck(events=len(rows))
    wanted = [(event.chain, event.seq - 1) for event in rows if event.seq > 1]
    predecessors: dict[tuple[str, int], str] = {}
    if wanted:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.chain, e.seq, e.hash FROM {AuditEvent._meta.db_table} e "  # noqa: S608
                "JOIN unnest(%s::text[], %s::bigint[]) AS w(chain, seq) "
                "ON e.chain = w.chain AND e.seq = w.seq",
                [[chain for chain, _ in wanted], [seq for _, seq in wanted]],
            )
            predecessors = {(chain, seq): digest for chain, seq, digest in cursor.fetchall()}
    for event in rows:
        values = {name: getattr(event, name) for name in audit.HASHED_FIELDS}
        if audit.compute_hash(values) != event.hash:
            result.broken.append(f"event {event.pk} does not match its hash")
            continue
        expected = (
            audit.GENESIS if event.seq == 1 else predecessors.get((event.chain, event.seq - 1))
        )
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


@dataclass
class History:
    case: Case
    filters: Filters
    views: list[EventView]
    check: CaseCheck
    generated_at: datetime.datetime
    generated_by: str

    @property
    def period(self) -> str:
        if not self.views:
            return "No events"
        first, last = self.views[0].event.occurred_at, self.views[-1].event.occurred_at
        start, end = timezone.localtime(first), timezone.localtime(last)
        return f"{start:%-d %B %Y %H:%M} to {end:%-d %B %Y %H:%M}"

    def grouped(self) -> list[tuple[str, str, list[EventView]]]:
        return [(kind, label, [v for v in self.views if v.kind == kind]) for kind, label in KINDS]


def build(
    case: Case, *, filters: Filters, user: User | AnonymousUser, compact: bool = False
) -> History:
    """The history of one case. `compact` lets describers leave out details that another
    event of the same export states in full (the PDF; see sharing.describers)."""
    events = list(events_for_case(case, filters))
    check = check_case_events(events)
    cache: dict[str, Any] = {"events": events, "compact": compact}
    described = (describe(event, cache) for event in events)
    views = [view for view in described if not filters.kinds or view.kind in filters.kinds]
    return History(
        case=case,
        filters=filters,
        views=views,
        check=check,
        generated_at=timezone.now(),
        generated_by=user.get_username() if user.is_authenticated else "",
    )

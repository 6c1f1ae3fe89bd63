"""The per-case disclosure history (SPEC 7): every event about one child, in time order.

The history is evidence, so it is read from the audit log itself. Each rendering checks
the case's own events against their chains (`audit.check.check_events`) and states the
chain heads.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils import timezone

from audit.check import EventsCheck, check_events
from audit.models import AuditEvent

from .describe import KINDS, EventView, describe
from .models import Case

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
class History:
    case: Case
    filters: Filters
    views: list[EventView]
    check: EventsCheck
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
    check = check_events(events)
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

"""The per-case disclosure history (SPEC 7): every event about one child, in time order.

The history is evidence, so it is read from the audit log itself. Each rendering checks
the case's own events against their chains (`audit.check.check_events`) and states the
chain heads.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils import timezone

from agencies.models import Agency, Role
from audit.check import EventsCheck, check_events
from audit.models import AuditEvent

from .describe import KINDS, EventView, describe
from .models import Case
from .summary import Summary, summarise

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


@dataclass(frozen=True)
class Filters:
    """Which events to show. `Filters()` is the whole record (the command line's export);
    the page starts with the access events left out (`PAGE_DEFAULT`, ADR 0032)."""

    kinds: tuple[str, ...] = ()
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    include_access: bool = True

    def shows_access(self) -> bool:
        return "access" in self.kinds if self.kinds else self.include_access

    def describe(self) -> str:
        parts = []
        if self.kinds:
            labels = dict(KINDS)
            parts.append("kinds: " + ", ".join(labels.get(k, k) for k in self.kinds))
        elif not self.include_access:
            parts.append("all but access events")
        if self.date_from:
            parts.append(f"from {self.date_from:%-d %B %Y}")
        if self.date_to:
            parts.append(f"to {self.date_to:%-d %B %Y}")
        return "; ".join(parts) or "all events"


PAGE_DEFAULT = Filters(include_access=False)
# Events of the full record a page shows (ADR 0032); the summary and the exports are whole.
PAGE_SIZE = 100


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
    summary: Summary = field(default_factory=Summary)
    hidden_access: int = 0
    chain_labels: dict[str, str] = field(default_factory=dict)
    people: dict[int, str] = field(default_factory=dict)
    # Each person by name alone, for the events CSV's separate person, role and agency.
    names: dict[int, str] = field(default_factory=dict)

    @property
    def chain_heads(self) -> list[tuple[str, int, str]]:
        """Each chain's head, named in words ("The audit log of Oxfordshire County Council")."""
        return [
            (self.chain_labels.get(chain, "The system's audit log"), seq, digest)
            for chain, (seq, digest) in self.check.heads.items()
        ]

    @property
    def period(self) -> str:
        if not self.views:
            return "No events"
        first, last = self.views[0].event.occurred_at, self.views[-1].event.occurred_at
        start, end = timezone.localtime(first), timezone.localtime(last)
        return f"{start:%-d %B %Y %H:%M} to {end:%-d %B %Y %H:%M}"

    def grouped(self) -> list[tuple[str, str, list[EventView], str]]:
        """The event record in the order of ADR 0032, each group with a count of the things
        in it ("3 decisions, 24 events"), not only of its events."""
        groups = []
        for kind, label in KINDS:
            views = [v for v in self.views if v.kind == kind]
            groups.append((kind, label, views, count_things(kind, views)))
        return groups

    def page(self, number: int | str | None = 1, size: int = PAGE_SIZE) -> RecordPage:
        """One page of the full record, in the grouped order: events 101 to 200 are the
        101st to 200th of the groups read one after another. Each group keeps its count
        of the whole record. A page number that is not a page gives the first or the last
        (Paginator.get_page), never an error."""
        groups = self.grouped()
        ordered = [view for _kind, _label, views, _counted in groups for view in views]
        page = Paginator(ordered, size).get_page(number)
        shown = {id(view) for view in page.object_list}
        on_page = []
        for kind, label, views, counted in groups:
            mine = [view for view in views if id(view) in shown]
            if mine:
                on_page.append(
                    PageGroup(kind, label, mine, counted, continued=mine[0] is not views[0])
                )
        return RecordPage(
            number=page.number,
            num_pages=page.paginator.num_pages,
            total=len(ordered),
            start=page.start_index(),
            end=page.end_index(),
            groups=on_page,
        )


@dataclass(frozen=True)
class PageGroup:
    kind: str
    label: str
    views: list[EventView]
    counted: str  # the whole group's count, not the page's
    continued: bool = False  # its first events are on an earlier page


@dataclass(frozen=True)
class RecordPage:
    number: int
    num_pages: int
    total: int
    start: int  # the first event shown, counting from 1
    end: int
    groups: list[PageGroup]

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.num_pages else None

    @property
    def items(self) -> list[int | None]:
        """The page numbers to link, GOV.UK style: the first, the last, the current page
        and its neighbours, and None for each gap (shown as an ellipsis)."""
        wanted = {1, self.num_pages, self.number - 1, self.number, self.number + 1}
        numbers = sorted(n for n in wanted if 1 <= n <= self.num_pages)
        items: list[int | None] = []
        for n in numbers:
            if items and items[-1] is not None and n - items[-1] > 1:
                items.append(None)
            items.append(n)
        return items


_NOUNS = {
    "disclosure": ("disclosure", "disclosures"),
    "decision": ("decision", "decisions"),
    "request": ("request", "requests"),
    "consent": ("consent record", "consent records"),
    "amendment": ("decision", "decisions"),
    "review": ("decision", "decisions"),
    "sar": ("request", "requests"),
}


def count_things(kind: str, views: list[EventView]) -> str:
    events = f"{len(views)} event{'s' if len(views) != 1 else ''}"
    if kind not in _NOUNS or not views:
        return events
    things = len({(v.event.object_type, v.event.object_id) for v in views})
    one, many = _NOUNS[kind]
    return f"{things} {one if things == 1 else many}, {events}"


ROLE_LABELS: dict[str, str] = dict(Role.choices)


def people_of(events: list[AuditEvent]) -> dict[int, str]:
    """Each person the history names (actors, and people an event is about, such as the
    practitioner allocated) by name and role, with their agency: one query in all."""
    return named_people(events)[0]


def named_people(events: list[AuditEvent]) -> tuple[dict[int, str], dict[int, str]]:
    """`people_of`, and beside it each person by name alone ("Sam Patel"): one query."""
    ids = {event.actor_id for event in events if event.actor_id is not None}
    ids |= {
        int(user_id)
        for event in events
        if isinstance(user_id := (event.payload or {}).get("user_id"), int)
    }
    rows: dict[int, Mapping[str, Any]] = {
        row["id"]: row
        for row in get_user_model()
        .objects.filter(pk__in=ids)
        .values("id", "first_name", "last_name", "membership__role", "membership__agency__name")
    }

    names = {
        user_id: f"{row['first_name']} {row['last_name']}".strip()
        or "A person whose name is not recorded"
        for user_id, row in rows.items()
    }

    def label(user_id: int, role_code: str, agency: str) -> str:
        role = ROLE_LABELS.get(role_code, "")
        where = ", ".join(part for part in (role, agency) if part)
        name = names.get(user_id, "A person whose name is not recorded")
        return f"{name} ({where})" if where else name

    people: dict[int, str] = {}
    for event in events:
        if event.actor_id is not None and event.actor_id not in people:
            # Their role and agency when they acted, as the event states them.
            people[event.actor_id] = label(
                event.actor_id, event.actor_role, event.actor_agency_name
            )
    for user_id, row in rows.items():
        if user_id not in people:
            people[user_id] = label(
                user_id, row["membership__role"] or "", row["membership__agency__name"] or ""
            )
    return people, names


def actor_of(event: AuditEvent, people: dict[int, str]) -> str:
    if event.actor_id is None:
        return "The system"
    return people.get(event.actor_id, "A person whose name is not recorded")


def build(
    case: Case, *, filters: Filters, user: User | AnonymousUser, compact: bool = False
) -> History:
    """The history of one case. `compact` lets describers leave out details that another
    event of the same export states in full (the PDF; see sharing.describers)."""
    events = list(events_for_case(case, filters))
    check = check_events(events)
    people, names = named_people(events)
    # Every agency's name, once (there are tens): the chain labels and the describers'.
    agency_names = dict(Agency.objects.values_list("pk", "name"))
    cache: dict[str, Any] = {
        "events": events,
        "compact": compact,
        "people": people,
        "agency_names": agency_names,
    }
    views, hidden_access = [], 0
    for event in events:
        view = describe(event, cache)
        if view.kind == "access" and not filters.shows_access():
            hidden_access += 1
            continue
        if filters.kinds and view.kind not in filters.kinds:
            continue
        view.actor = actor_of(event, people)
        views.append(view)
    agency_ids = {int(c.split(":", 1)[1]) for c in check.heads if c.startswith("agency:")}
    agencies = {pk: name for pk, name in agency_names.items() if pk in agency_ids}
    return History(
        case=case,
        filters=filters,
        views=views,
        check=check,
        generated_at=timezone.now(),
        generated_by=_name_of(user),
        summary=summarise(events, cache),
        hidden_access=hidden_access,
        people=people,
        names=names,
        chain_labels={f"agency:{pk}": f"The audit log of {name}" for pk, name in agencies.items()},
    )


def _name_of(user: User | AnonymousUser) -> str:
    if not user.is_authenticated:
        return ""
    return user.get_full_name() or "A person whose name is not recorded"

"""The per-case disclosure history (SPEC 7): every event about one child, in time order.

The history is evidence, so it is read from the audit log itself. Each download (`build`)
checks every event it holds against their chains (`audit.check.check_events`) and states
the chain heads; the page (`build_page`, ADR 0040) reads, describes and checks only the
events it shows.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Case as DjangoCase
from django.db.models import QuerySet, TextField, Value, When
from django.db.models.fields.json import KeyTextTransform
from django.utils import timezone

from agencies.models import Agency, Role
from audit.check import EventsCheck, check_events
from audit.models import AuditEvent

from .describe import KINDS, EventView, describe, group_of, placed_by
from .models import Case
from .summary import Summary, SummaryPage, Window, summarise, summary_page, window_of

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
# Events of the full record a page shows (ADR 0032), and lines of each part of the summary
# (ADR 0040); the exports are whole.
PAGE_SIZE = 100
SUMMARY_PAGE_SIZE = 25


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
        return heads_in_words(self.check, self.chain_labels)

    @property
    def period(self) -> str:
        if not self.views:
            return "No events"
        return period_of(self.views[0].event.occurred_at, self.views[-1].event.occurred_at)

    def grouped(self) -> list[tuple[str, str, list[EventView], str]]:
        """The event record in the order of ADR 0032, each group with a count of the things
        in it ("3 decisions, 24 events"), not only of its events."""
        groups = []
        for kind, label in KINDS:
            views = [v for v in self.views if v.kind == kind]
            groups.append((kind, label, views, count_things(kind, views)))
        return groups


def heads_in_words(check: EventsCheck, labels: dict[str, str]) -> list[tuple[str, int, str]]:
    return [
        (labels.get(chain, "The system's audit log"), seq, digest)
        for chain, (seq, digest) in check.heads.items()
    ]


def period_of(first: datetime.datetime, last: datetime.datetime) -> str:
    start, end = timezone.localtime(first), timezone.localtime(last)
    return f"{start:%-d %B %Y %H:%M} to {end:%-d %B %Y %H:%M}"


@dataclass(frozen=True)
class PageGroup:
    kind: str
    label: str
    views: list[EventView]
    counted: str  # the whole group's count, not the page's
    continued: bool = False  # its first events are on an earlier page


@dataclass(frozen=True)
class RecordPage(Window):
    """A page of the full record: its groups, each with the page's events."""

    groups: list[PageGroup]


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
    return _counted(kind, len(views), {(v.event.object_type, v.event.object_id) for v in views})


def _counted(kind: str, events: int, things: set[tuple[str, str]]) -> str:
    said = f"{events} event{'s' if events != 1 else ''}"
    if kind not in _NOUNS or not events:
        return said
    one, many = _NOUNS[kind]
    return f"{len(things)} {one if len(things) == 1 else many}, {said}"


ROLE_LABELS: dict[str, str] = dict(Role.choices)


def people_of(events: Sequence[AuditEvent]) -> dict[int, str]:
    """Each person the history names (actors, and people an event is about, such as the
    practitioner allocated) by name and role, with their agency: one query in all."""
    return named_people(events)[0]


def named_people(events: Sequence[AuditEvent]) -> tuple[dict[int, str], dict[int, str]]:
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


# --- The page: a long history read a page at a time (ADR 0040) ---------------------------


# One event of a case as the page's index holds it: its id, its group, and what it is
# about (object type and id, for the counts). A tuple: a busy case has thousands.
Entry = tuple[int, str, str, str]


def index_of(case: Case, filters: Filters) -> tuple[list[Entry], int]:
    """The events the page shows of the case, in time order, each with its group, and how
    many access events the filters leave out. One query, no payload read but the one field
    that places a few actions in their group (records.describe.place_by)."""
    events = events_for_case(case, filters)
    placed = placed_by()
    # The one payload field that places a regrouped action, read for those actions only.
    deciding = (
        DjangoCase(
            *(
                When(action=action, then=KeyTextTransform(key, "payload"))
                for action, (key, _group_of) in placed.items()
            ),
            default=Value(None),
            output_field=TextField(),
        )
        if placed
        else Value(None, output_field=TextField())
    )
    groups: dict[str, str] = {}  # of the actions no payload field places
    shows_access, kinds = filters.shows_access(), filters.kinds
    entries: list[Entry] = []
    hidden_access = 0
    for pk, action, object_type, object_id, value in events.annotate(deciding=deciding).values_list(
        "id", "action", "object_type", "object_id", "deciding"
    ):
        if action in placed:
            kind = group_of(action, {placed[action][0]: value})
        elif action in groups:
            kind = groups[action]
        else:
            kind = groups[action] = group_of(action, None)
        if kind == "access" and not shows_access:
            hidden_access += 1
        elif not kinds or kind in kinds:
            entries.append((pk, kind, object_type, object_id))
    return entries, hidden_access


@dataclass
class HistoryPage:
    """What the history page shows: the summary's page, the full record's page, and the
    check of the events shown. Built from the index, so that only the events on the page
    are read, described and checked: a 5,000-event case costs about what a 500-event one
    does."""

    case: Case
    filters: Filters
    shown: int  # events of the whole record the filters show, on every page
    period: str
    summary: SummaryPage
    record: RecordPage
    check: EventsCheck
    hidden_access: int
    chain_labels: dict[str, str]

    @property
    def chain_heads(self) -> list[tuple[str, int, str]]:
        return heads_in_words(self.check, self.chain_labels)

    @property
    def check_in_words(self) -> str:
        """What was checked, and what was not: the page checks what it shows."""
        n = self.check.events
        shown = "The event shown" if n == 1 else f"All {n} events shown"
        matches = (
            "matches its hash and links to the event before it in its chain"
            if n == 1
            else "match their hashes and link to the events before them in their chains"
        )
        return f"{shown} on this page {matches}. Each download checks every event it holds."


def build_page(
    case: Case,
    *,
    filters: Filters,
    page: int | str | None = 1,
    disclosures_page: int | str | None = 1,
    not_shared_page: int | str | None = 1,
    size: int = PAGE_SIZE,
) -> HistoryPage:
    """One page of the history: the same groups, order, counts and words as `build`, for
    the events on the page only."""
    entries, hidden_access = index_of(case, filters)
    groups: dict[str, list[Entry]] = {kind: [] for kind, _label in KINDS}
    for entry in entries:
        groups.setdefault(entry[1], []).append(entry)
    ordered = [entry for kind, _label in KINDS for entry in groups[kind]]
    paged = Paginator(ordered, size).get_page(page)
    on_page = {entry[0] for entry in paged.object_list}
    ends = {entries[0][0], entries[-1][0]} if entries else set()
    loaded = {
        event.pk: event for event in AuditEvent.objects.filter(pk__in=on_page | ends).order_by()
    }
    page_events = [loaded[entry[0]] for entry in paged.object_list if entry[0] in loaded]
    agency_names = dict(Agency.objects.values_list("pk", "name"))
    cache: dict[str, Any] = {"events": page_events, "compact": False, "agency_names": agency_names}
    summary = summary_page(
        events_for_case(case, filters),
        cache,
        disclosures_page=disclosures_page,
        not_shared_page=not_shared_page,
        size=SUMMARY_PAGE_SIZE,
        people_of=people_of,
        also=page_events,
    )
    people = summary.people
    cache["people"] = people
    views: dict[int, EventView] = {}
    for event in page_events:
        view = describe(event, cache)
        view.actor = actor_of(event, people)
        views[event.pk] = view
    record_groups = []
    for kind, label in KINDS:
        mine = [views[entry[0]] for entry in groups[kind] if entry[0] in views]
        if mine:
            whole = groups[kind]
            counted = _counted(kind, len(whole), {(entry[2], entry[3]) for entry in whole})
            record_groups.append(
                PageGroup(kind, label, mine, counted, continued=mine[0].event.pk != whole[0][0])
            )
    record = RecordPage(**window_of(paged), groups=record_groups)
    # The events shown, checked against their chains: the page's events and those its
    # summary lines were read from. The downloads check every event of the case.
    shown_events = {event.pk: event for event in page_events + summary.events}
    check = check_events(sorted(shown_events.values(), key=lambda e: (e.occurred_at, e.pk)))
    agency_ids = {int(c.split(":", 1)[1]) for c in check.heads if c.startswith("agency:")}
    return HistoryPage(
        case=case,
        filters=filters,
        shown=len(entries),
        period=(
            period_of(loaded[entries[0][0]].occurred_at, loaded[entries[-1][0]].occurred_at)
            if entries
            else "No events"
        ),
        summary=summary,
        record=record,
        check=check,
        hidden_access=hidden_access,
        chain_labels={
            f"agency:{pk}": f"The audit log of {name}"
            for pk, name in agency_names.items()
            if pk in agency_ids
        },
    )

"""The disclosure summary that leads the per-case history (issue 13; ADR 0032).

What an auditor comes for is "who was told what, when, on what basis": the disclosures,
then the decisions not to share with their reasons. `records` cannot import `sharing`
(import-linter layers), so the apps above register a summariser in AppConfig.ready: a
function that reads the case's audit events (or its own selectors) and gives
DisclosureLine and NotSharedLine values, already in plain words.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.paginator import Page, Paginator
from django.utils import timezone

from audit.models import AuditEvent

if TYPE_CHECKING:
    from django.db.models import QuerySet


@dataclass(frozen=True)
class DisclosureLine:
    """One disclosure: from which agency to which agency and person, what, and on what basis."""

    event_id: int
    shared_at: datetime.datetime | None
    from_agency: str
    to_agency: str
    to_person: str
    what: tuple[str, ...]
    legal_basis: str
    consent_position: str
    person_told: str
    not_told_reason: str = ""
    decided_by: str = ""
    codes: dict[str, Any] = field(default_factory=dict)  # for the exports' code columns


@dataclass(frozen=True)
class NotSharedLine:
    """One decision not to share, with its reasons."""

    event_id: int
    decided_at: datetime.datetime | None
    agency: str
    decided_by: str
    asked_by: str
    reasons: str
    consent_position: str
    codes: dict[str, Any] = field(default_factory=dict)


SummaryLine = DisclosureLine | NotSharedLine
Summariser = Callable[[Sequence[AuditEvent], dict[str, Any]], Iterable[SummaryLine]]
_summarisers: dict[str, Summariser] = {}

# For the page, which shows the summary a page at a time (ADR 0040): an index of the lines
# a summariser would give, as (moment, event id, "disclosure" or "not_shared"), read
# without payloads; and the events it needs to give the lines of some of those ids.
IndexEntry = tuple[datetime.datetime, int, str]
Indexer = Callable[["QuerySet[AuditEvent]"], Iterable[IndexEntry]]
Loader = Callable[["QuerySet[AuditEvent]", Sequence[int]], Sequence[AuditEvent]]
_pagers: dict[str, tuple[Indexer, Loader]] = {}


def register(name: str, summariser: Summariser, *, index: Indexer, load: Loader) -> None:
    """A summariser, with its index and loader so that the page can show its lines a page
    at a time without reading every event of the case (`summary_page`)."""
    _summarisers[name] = summariser
    _pagers[name] = (index, load)


@dataclass
class Summary:
    disclosures: list[DisclosureLine] = field(default_factory=list)
    not_shared: list[NotSharedLine] = field(default_factory=list)


def _when(line: SummaryLine) -> datetime.datetime:
    moment = line.shared_at if isinstance(line, DisclosureLine) else line.decided_at
    return moment or datetime.datetime.min.replace(tzinfo=datetime.UTC)


def summarise(events: Sequence[AuditEvent], cache: dict[str, Any]) -> Summary:
    summary = Summary()
    for summariser in _summarisers.values():
        for line in summariser(events, cache):
            if isinstance(line, DisclosureLine):
                summary.disclosures.append(line)
            else:
                summary.not_shared.append(line)
    summary.disclosures.sort(key=_when)
    summary.not_shared.sort(key=_when)
    return summary


@dataclass(frozen=True)
class Window:
    """Which lines (or events) of one part of the history a page shows, and the numbers
    of the pages to link."""

    number: int
    num_pages: int
    total: int
    start: int  # the first line shown, counting from 1
    end: int

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


@dataclass
class SummaryPage:
    """A page's share of the summary: some disclosures and some decisions not to share,
    each part with its own page and the whole part's count; and the events the lines
    were read from (the page checks them against their chains and names their people)."""

    disclosures: list[DisclosureLine]
    not_shared: list[NotSharedLine]
    disclosures_window: Window
    not_shared_window: Window
    events: list[AuditEvent]
    people: dict[int, str]  # of these events and of the caller's `also`


def window_of(page: Page[Any]) -> dict[str, int]:
    """A Django paginator's page as the fields of a Window (or of a subclass)."""
    return {
        "number": page.number,
        "num_pages": page.paginator.num_pages,
        "total": page.paginator.count,
        "start": page.start_index(),
        "end": page.end_index(),
    }


def _window(entries: list[IndexEntry], number: Any, size: int) -> tuple[Window, list[int]]:
    page = Paginator(entries, size).get_page(number)
    return Window(**window_of(page)), [event_id for _when, event_id, _line in page.object_list]


def summary_page(
    events: QuerySet[AuditEvent],
    cache: dict[str, Any],
    *,
    disclosures_page: Any = 1,
    not_shared_page: Any = 1,
    size: int,
    people_of: Callable[[Sequence[AuditEvent]], dict[int, str]],
    also: Sequence[AuditEvent] = (),
) -> SummaryPage:
    """The summary of `events` (a case's, filtered) a page at a time, in the order of the
    whole summary: the lines come from the summarisers' own index, and only the events of
    the lines shown are read. `people_of` names the people of those events for the lines
    ("Decided by"), and with them the people of `also` (the caller's other events), in one
    go."""
    indexes: dict[str, list[IndexEntry]] = {"disclosure": [], "not_shared": []}
    owner: dict[int, str] = {}
    for name, (index, _load) in _pagers.items():
        for entry in index(events):
            indexes[entry[2]].append(entry)
            owner[entry[1]] = name
    for part in indexes.values():
        part.sort(key=lambda entry: entry[0])  # stable: the index keeps the events' order
    disclosures_window, shown_disclosures = _window(indexes["disclosure"], disclosures_page, size)
    not_shared_window, shown_not_shared = _window(indexes["not_shared"], not_shared_page, size)
    wanted = set(shown_disclosures) | set(shown_not_shared)
    read: dict[int, AuditEvent] = {}
    for name, (_index, load) in _pagers.items():
        mine = [event_id for event_id in wanted if owner.get(event_id) == name]
        if mine:
            read.update((event.pk, event) for event in load(events, mine))
    loaded = sorted(read.values(), key=lambda event: (event.occurred_at, event.pk))
    people = people_of([*loaded, *also])
    cache = {**cache, "people": people}
    disclosures: dict[int, DisclosureLine] = {}
    not_shared: dict[int, NotSharedLine] = {}
    for summariser in _summarisers.values():
        for line in summariser(loaded, cache):
            if isinstance(line, DisclosureLine):
                disclosures[line.event_id] = line
            else:
                not_shared[line.event_id] = line
    return SummaryPage(
        disclosures=[disclosures[i] for i in shown_disclosures if i in disclosures],
        not_shared=[not_shared[i] for i in shown_not_shared if i in not_shared],
        disclosures_window=disclosures_window,
        not_shared_window=not_shared_window,
        events=loaded,
        people=people,
    )


def uk_time(moment: datetime.datetime | None) -> str:
    """A moment in UK local time with its zone named: "2 December 2026 at 14:05 GMT"."""
    if moment is None:
        return "Not recorded"
    local = timezone.localtime(moment)
    return f"{local:%-d %B %Y} at {local:%H:%M} {local.tzname()}"


def parse_moment(value: Any) -> datetime.datetime | None:
    """A moment as an audit payload holds it (an ISO string once stored as JSON)."""
    if isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str) and value:
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError:
            return None
        return moment if timezone.is_aware(moment) else timezone.make_aware(moment)
    return None

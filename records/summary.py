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
from typing import Any

from django.utils import timezone

from audit.models import AuditEvent


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


def register(name: str, summariser: Summariser) -> None:
    _summarisers[name] = summariser


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

"""The case chronology: requests, decisions, what was sent and received, corrections and
onward sharing about one child, in time order, in plain words.

Built from the case's own audit events, described as the per-case history describes
them, so the practitioner's chronology and the auditor's history never disagree.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q

from audit.models import AuditEvent
from records.describe import describe
from records.models import Case

ACTIONS = ("decision.started", "decision.submitted", "decision.amendment_started")
PREFIXES = ("request.", "disclosure.", "correction.", "onward.")
LIMIT = 200


@dataclass(frozen=True)
class Entry:
    when: datetime.datetime
    title: str
    who: str
    kind: str


def chronology_for(case: Case) -> list[Entry]:
    """The case's exchange events, oldest first (at most LIMIT, the latest)."""
    wanted = Q(action__in=ACTIONS)
    for prefix in PREFIXES:
        wanted |= Q(action__startswith=prefix)
    events = list(
        AuditEvent.objects.filter(Q(case_id=case.pk) & wanted)
        .exclude(action__endswith=".viewed")
        .order_by("-occurred_at", "-id")[:LIMIT]
    )
    events.reverse()
    ids = {event.actor_id for event in events if event.actor_id}
    names = {
        user.pk: user.get_full_name() or user.get_username()
        for user in get_user_model().objects.filter(pk__in=ids)
    }
    entries = []
    for event in events:
        view = describe(event)
        name = names.get(event.actor_id or 0, event.actor_username or "The service")
        who = f"{name}, {event.actor_agency_name}" if event.actor_agency_name else name
        entries.append(Entry(event.occurred_at, str(view.title), who, view.kind_label))
    return entries

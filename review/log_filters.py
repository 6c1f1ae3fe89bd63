"""The decision log's "Review" filter (sharing.decision_log.extensions)."""

from __future__ import annotations

from django.db.models import QuerySet

from sharing.decision_log.extensions import LogFilter, register
from sharing.models import Decision

from . import selectors
from .models import State

CHOICES = (
    (State.AWAITING.value, "Awaiting review"),
    (State.RETURNED.value, "Returned, not yet answered"),
    (State.ESCALATED.value, "Escalated, waiting for the other agency"),
    (State.COUNTERSIGNED.value, "Countersigned"),
    (State.DETERMINED.value, "Determined by the lead information officer"),
)


def _apply(decisions: QuerySet[Decision], value: str) -> QuerySet[Decision]:
    return selectors.in_state(decisions, value)


def register_log_filters() -> None:
    register(LogFilter(name="review", label="Review", choices=CHOICES, apply=_apply, order=15))

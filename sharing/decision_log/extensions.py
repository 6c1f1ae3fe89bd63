"""Filters that apps above `sharing` add to the decision log, without sharing importing
them (the review app's "Review" filter), in the spirit of `records/panels.py`.

A filter has a name (its query parameter), a label, its choices, and a function that
narrows the log's queryset to one choice. The log's form offers it, its selector applies
it, and the chosen value shows as a removable tag like the log's own filters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

from ..models import Decision


@dataclass(frozen=True)
class LogFilter:
    name: str
    label: str
    choices: tuple[tuple[str, str], ...]
    apply: Callable[[QuerySet[Decision], str], QuerySet[Decision]]
    order: int = 100


_registry: dict[str, LogFilter] = {}


def register(log_filter: LogFilter) -> None:
    _registry[log_filter.name] = log_filter


def registered() -> list[LogFilter]:
    return sorted(_registry.values(), key=lambda f: (f.order, f.name))

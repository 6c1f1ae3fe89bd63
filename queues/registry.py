"""Work queues that apps add to the home page, without this app importing them.

In the spirit of `records/panels.py`: an app registers a function in its
AppConfig.ready(); the home page asks each function for the signed-in user's queue and
shows those it gets back. A function answers None when the queue is not for this user (an
auditor has no drafts), and otherwise a `Queue` with its count, its first items and a
link to the whole list (the filtered decision log, or the queue's own page).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

# How many items each queue shows on the home page; its own page shows up to FULL_LIST.
HOME_ITEMS = 5
FULL_LIST = 200


@dataclass(frozen=True)
class Item:
    """One thing waiting: what it is (a link), and the words that say why it is here."""

    text: str
    url: str
    details: tuple[str, ...] = ()
    since: datetime.datetime | None = None  # how long it has waited is shown from this
    due: datetime.date | None = None
    overdue: bool = False


@dataclass(frozen=True)
class Queue:
    key: str  # stable: the queue's page is /queues/?queue=<key>
    title: str
    count: int
    items: list[Item]
    order: int
    link: str = ""  # the whole list; the queue's own page when empty
    link_text: str = ""
    empty: str = "Nothing waiting."
    hint: str = ""
    extra: dict[str, object] = field(default_factory=dict)


QueueFunction = Callable[["User | AnonymousUser", int], "Queue | None"]
_registry: dict[str, QueueFunction] = {}


def register(key: str, function: QueueFunction) -> QueueFunction:
    """Add a queue; `function(user, limit)` returns it, or None when it is not this user's."""
    _registry[key] = function
    return function


def registered() -> list[str]:
    return list(_registry)


def queues_for(user: User | AnonymousUser, *, limit: int = HOME_ITEMS) -> list[Queue]:
    found = [queue for function in _registry.values() if (queue := function(user, limit))]
    return sorted(found, key=lambda queue: (queue.order, queue.key))


def queue_for(user: User | AnonymousUser, key: str, *, limit: int = FULL_LIST) -> Queue | None:
    """One queue in full, or None when there is no such queue for this user."""
    function = _registry.get(key)
    return function(user, limit) if function is not None else None

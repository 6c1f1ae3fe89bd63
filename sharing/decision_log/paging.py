"""Sorting and keyset pagination for the decision log (docs/adr/0025).

A page is found from where the last one ended (`after`) or where the next one began
(`before`): a row comparison on the sort key, which an index answers in the same time on
page 500 as on page 1, where OFFSET reads and throws away every row before the page.
A page number on its own (typed, or from a bookmark) still works, with OFFSET.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
import math
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import F, Func, QuerySet, Value
from django.db.models.lookups import GreaterThan, LessThan

from ..models import Decision

PAGE_SIZE = 50


@dataclass(frozen=True)
class Column:
    field: str
    kind: type  # datetime.datetime, str or int: how a cursor's value is read back


@dataclass(frozen=True)
class Sort:
    label: str
    columns: tuple[Column, ...]  # the last one is always an id: the key is unique
    default_order: str


def _date(field: str) -> Sort:
    return Sort("Date", (Column(field, datetime.datetime), Column("id", int)), "desc")


SORTS: dict[str, Sort] = {
    "submitted": _date("submitted_at"),
    "child": Sort(
        "Child", (Column("case__child_name", str), Column("case_id", int), Column("id", int)), "asc"
    ),
    "reference": Sort(
        "Case reference",
        (Column("case__reference", str), Column("case_id", int), Column("id", int)),
        "asc",
    ),
    "outcome": Sort("Decision", (Column("outcome", str), Column("id", int)), "asc"),
    "practitioner": Sort(
        "Practitioner",
        (
            Column("author__last_name", str),
            Column("author__first_name", str),
            Column("author_id", int),
            Column("id", int),
        ),
        "asc",
    ),
}
# Drafts have no submission time: their "date" is when they last changed; "all" mixes both.
DATE_FIELD = {"submitted": "submitted_at", "draft": "updated_at", "all": "created_at"}


def sort_for(name: str, status: str) -> Sort:
    if name == "submitted" or name not in SORTS:
        return _date(DATE_FIELD.get(status, "submitted_at"))
    return SORTS[name]


class _Row(Func):
    """A row constructor, `(a, b, id)`, so that `(a, b, id) > (x, y, z)` is one comparison
    PostgreSQL can answer from an index on those columns."""

    template = "(%(expressions)s)"
    arg_joiner = ", "
    output_field = models.TextField()


def _value(column: Column, raw: Any) -> Value:
    if column.kind is datetime.datetime:
        return Value(datetime.datetime.fromisoformat(str(raw)), output_field=models.DateTimeField())
    if column.kind is int:
        return Value(int(raw), output_field=models.BigIntegerField())
    return Value(str(raw), output_field=models.TextField())


def encode_cursor(row: Decision, sort: Sort) -> str:
    values = []
    for column in sort.columns:
        value: Any = row
        for part in column.field.split("__"):
            value = getattr(value, part)
        values.append(value.isoformat() if isinstance(value, datetime.datetime) else value)
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, sort: Sort) -> list[Value] | None:
    """The cursor's values, or None if it is not one of ours (then page 1 is shown)."""
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(raw, list) or len(raw) != len(sort.columns) or None in raw:
            return None
        return [_value(column, value) for column, value in zip(sort.columns, raw, strict=True)]
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError, OverflowError):
        return None


def ordering(sort: Sort, descending: bool) -> list[Any]:
    return [F(c.field).desc() if descending else F(c.field).asc() for c in sort.columns]


@dataclass
class LogPage:
    rows: list[Decision]
    number: int
    total: int
    has_previous: bool
    has_next: bool
    sort: Sort
    size: int = PAGE_SIZE

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.size))

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.size + 1 if self.rows else 0

    @property
    def end_index(self) -> int:
        return self.start_index + len(self.rows) - 1 if self.rows else 0

    @property
    def next_cursor(self) -> str:
        return encode_cursor(self.rows[-1], self.sort) if self.rows else ""

    @property
    def previous_cursor(self) -> str:
        return encode_cursor(self.rows[0], self.sort) if self.rows else ""


def log_page(
    decisions: QuerySet[Decision],
    *,
    sort: Sort,
    descending: bool,
    total: int,
    number: int = 1,
    after: str = "",
    before: str = "",
    size: int = PAGE_SIZE,
) -> LogPage:
    """One page of the log. `total` is the count the page already shows (no second count)."""
    pages = max(1, math.ceil(total / size))
    number = min(max(1, number), pages)
    key = _Row(*(F(c.field) for c in sort.columns))
    forward = decode_cursor(after, sort) if after else None
    backward = decode_cursor(before, sort) if before and forward is None else None
    if forward is not None:
        beyond = (LessThan if descending else GreaterThan)(key, _Row(*forward))
        rows = list(decisions.filter(beyond).order_by(*ordering(sort, descending))[: size + 1])
        return LogPage(rows[:size], number, total, number > 1, len(rows) > size, sort, size)
    if backward is not None:
        before_it = (GreaterThan if descending else LessThan)(key, _Row(*backward))
        rows = list(
            decisions.filter(before_it).order_by(*ordering(sort, not descending))[: size + 1]
        )
        has_previous = len(rows) > size
        rows = rows[:size][::-1]
        return LogPage(rows, number if has_previous else 1, total, has_previous, True, sort, size)
    offset = (number - 1) * size
    rows = list(decisions.order_by(*ordering(sort, descending))[offset : offset + size + 1])
    return LogPage(rows[:size], number, total, number > 1, len(rows) > size, sort, size)

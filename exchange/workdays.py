"""Working days in England and Wales, and a deadline's clock in words (O 13.2).

A working day is a weekday that is not a bank holiday of England and Wales, substitute
days included (Boxing Day on a Saturday gives a holiday on the Monday). The holidays come
from the `holidays` package, never from a hand-written list (docs/adr/0027).

Counting follows O 13.2's "within fifteen working days" of receipt: the day a request
arrives is day 0; the first working day after it is day 1. A response is due on day 15
and overdue from day 16. Pure Python: no Django.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

import holidays

# England and Wales keep the same bank holidays; both are asked, so that a day one of
# them adds (by proclamation) is never missed.
_SUBDIVISIONS = ("ENG", "WLS")
ONE_DAY = datetime.timedelta(days=1)


@functools.cache
def bank_holidays(year: int) -> frozenset[datetime.date]:
    days: set[datetime.date] = set()
    for subdivision in _SUBDIVISIONS:
        days |= set(holidays.country_holidays("GB", subdiv=subdivision, years=year))
    return frozenset(days)


def bank_holiday_name(day: datetime.date) -> str:
    return str(holidays.country_holidays("GB", subdiv="ENG", years=day.year).get(day) or "")


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def add_working_days(start: datetime.date, count: int) -> datetime.date:
    """The `count`th working day after `start` (`start` itself is day 0)."""
    if count < 0:
        raise ValueError("count must not be negative")
    day = start
    while count:
        day += ONE_DAY
        if is_working_day(day):
            count -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """How many working days come after `start`, up to and including `end`; negative
    when `end` is before `start` (the working days from `end`, exclusive, to `start`)."""
    if end < start:
        return -working_days_between(end, start)
    count, day = 0, start
    while day < end:
        day += ONE_DAY
        if is_working_day(day):
            count += 1
    return count


@dataclass(frozen=True)
class Clock:
    """Where a deadline stands today, and how to say it."""

    due_on: datetime.date
    today: datetime.date
    working_days_left: int  # negative once overdue

    @property
    def overdue(self) -> bool:
        return self.today > self.due_on

    @property
    def due_today(self) -> bool:
        return self.today == self.due_on

    def within(self, working_days: int) -> bool:
        """Overdue, or due within this many working days."""
        return self.overdue or self.working_days_left <= working_days

    @property
    def words(self) -> str:
        if self.due_today:
            return "Due today"
        if self.overdue:
            late = -self.working_days_left
            if late == 0:  # a weekend or bank holiday just after the due day
                return f"Overdue: it was due on {self.due_on:%A %-d %B}"
            return f"Overdue by {_days(late)}"
        return f"Due in {_days(self.working_days_left)}"


def _days(count: int) -> str:
    return f"{count} working day" + ("" if count == 1 else "s")


def clock(due_on: datetime.date, today: datetime.date) -> Clock:
    return Clock(due_on, today, working_days_between(today, due_on))

"""Working days in England and Wales (O 13.2), from the `holidays` package."""

from __future__ import annotations

import datetime

import pytest

from exchange.workdays import add_working_days, clock, is_working_day, working_days_between

D = datetime.date


def test_christmas_on_a_weekend_gives_substitute_days_on_monday_and_tuesday():
    # 25 December 2027 is a Saturday and Boxing Day a Sunday: Monday 27 and Tuesday 28
    # are the bank holidays instead.
    assert not is_working_day(D(2027, 12, 27))
    assert not is_working_day(D(2027, 12, 28))
    assert is_working_day(D(2027, 12, 29))
    # Thursday 23 December: Friday 24 is day 1, the next is Wednesday 29; New Year's Day
    # 2028 is a Saturday, so Monday 3 January is skipped too.
    assert add_working_days(D(2027, 12, 23), 1) == D(2027, 12, 24)
    assert add_working_days(D(2027, 12, 23), 2) == D(2027, 12, 29)
    assert add_working_days(D(2027, 12, 23), 15) == D(2028, 1, 18)


def test_boxing_day_on_a_saturday_moves_to_the_monday():
    # 2026: Christmas Day is a Friday, Boxing Day a Saturday; Monday 28 is its substitute.
    assert not is_working_day(D(2026, 12, 25))
    assert not is_working_day(D(2026, 12, 28))
    assert add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 29)


def test_good_friday_and_easter_monday_are_not_working_days():
    # Easter 2027: Good Friday 26 March, Easter Monday 29 March.
    assert add_working_days(D(2027, 3, 25), 1) == D(2027, 3, 30)
    assert add_working_days(D(2027, 3, 25), 15) == D(2027, 4, 19)


def test_a_monday_bank_holiday_is_skipped():
    # Spring bank holiday, Monday 31 May 2027.
    assert not is_working_day(D(2027, 5, 31))
    assert add_working_days(D(2027, 5, 28), 1) == D(2027, 6, 1)


def test_a_request_is_overdue_on_working_day_16_and_not_before():
    received = D(2027, 3, 1)  # a Monday; no bank holiday until Good Friday
    due = add_working_days(received, 15)
    assert due == D(2027, 3, 22)
    day = received
    while day <= due:
        assert not clock(due, day).overdue, day
        day += datetime.timedelta(days=1)
    sixteenth = add_working_days(received, 16)
    assert sixteenth == D(2027, 3, 23)
    assert clock(due, sixteenth).overdue
    assert clock(due, sixteenth).words == "Overdue by 1 working day"


@pytest.mark.parametrize(
    ("today", "words"),
    [
        (D(2027, 3, 17), "Due in 3 working days"),  # Wednesday; due Monday 22
        (D(2027, 3, 19), "Due in 1 working day"),
        (D(2027, 3, 20), "Due in 1 working day"),  # a Saturday
        (D(2027, 3, 22), "Due today"),
        (D(2027, 3, 24), "Overdue by 2 working days"),
    ],
)
def test_the_clock_is_told_in_working_days(today, words):
    assert clock(D(2027, 3, 22), today).words == words


def test_a_weekend_after_the_due_day_is_overdue_without_a_working_day_count():
    # Due Friday 19 March 2027, looked at on the Saturday.
    assert clock(D(2027, 3, 19), D(2027, 3, 20)).words == "Overdue: it was due on Friday 19 March"


def test_working_days_between_counts_after_the_start_up_to_the_end():
    assert working_days_between(D(2027, 3, 26), D(2027, 3, 30)) == 1  # Easter in between
    assert working_days_between(D(2027, 3, 30), D(2027, 3, 26)) == -1
    assert working_days_between(D(2027, 3, 1), D(2027, 3, 1)) == 0

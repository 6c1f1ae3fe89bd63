"""The one-calendar-month clock of UK GDPR Article 12(3), with its extension (ICO reading)."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sar import clock

D = datetime.date


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (D(2026, 1, 3), D(2026, 2, 3)),  # the same day next month
        (D(2026, 1, 31), D(2026, 2, 28)),  # no 31 February: the last day of February
        (D(2028, 1, 31), D(2028, 2, 29)),  # a leap year
        (D(2028, 1, 29), D(2028, 2, 29)),
        (D(2026, 1, 29), D(2026, 2, 28)),
        (D(2026, 3, 31), D(2026, 4, 30)),  # no 31 April
        (D(2026, 12, 15), D(2027, 1, 15)),  # over the year's end
        (D(2026, 12, 31), D(2027, 1, 31)),
    ],
)
def test_due_one_calendar_month_from_receipt_article_12_3(received, due):
    assert clock.due_on(received) == due


@pytest.mark.parametrize(
    ("received", "months", "due"),
    [
        (D(2026, 1, 31), 2, D(2026, 4, 30)),  # counted from receipt, not from 28 February
        (D(2026, 1, 31), 1, D(2026, 3, 31)),
        (D(2027, 11, 30), 2, D(2028, 2, 29)),  # into a leap February
        (D(2026, 11, 30), 2, D(2027, 2, 28)),
        (D(2026, 12, 31), 2, D(2027, 3, 31)),
    ],
)
def test_extension_of_up_to_two_further_months(received, months, due):
    assert clock.due_on(received, months) == due


@pytest.mark.parametrize("months", [-1, 3, 12])
def test_an_extension_is_never_more_than_two_months(months):
    with pytest.raises(ValueError, match="extension"):
        clock.due_on(D(2026, 1, 1), months)


dates = st.dates(min_value=D(1990, 1, 1), max_value=D(2200, 12, 31))


@given(dates, st.integers(min_value=0, max_value=2))
def test_due_date_is_in_the_right_month_on_the_same_day_or_the_months_last(received, months):
    due = clock.due_on(received, months)
    index = received.year * 12 + received.month - 1 + 1 + months
    assert (due.year, due.month) == (index // 12, index % 12 + 1)
    assert due.day == received.day or (
        due.day < received.day and (due + datetime.timedelta(days=1)).day == 1
    )


@given(dates)
def test_extending_never_brings_the_date_forward(received):
    assert clock.due_on(received) < clock.due_on(received, 1) < clock.due_on(received, 2)
    assert 28 <= (clock.due_on(received) - received).days <= 31


@given(dates, dates)
def test_overdue_only_after_the_due_day(due, today):
    assert clock.is_overdue(due, today) == (clock.days_left(due, today) < 0)

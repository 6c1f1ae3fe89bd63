"""The subject access clock (UK GDPR Article 12(3)), in pure Python: no Django.

The ICO reads "one month" as a calendar month from the day the request is received: the
answer is due on the same day of the next month, or on the last day of that month when it
has no such day (received 31 January, due 28 February, or 29 February in a leap year).
The period may be extended once, by up to two further months, when the request is complex
or one of many; the extended date counts the same way from the day of receipt (received
31 January and extended by two months: due 30 April). docs/adr/0031.
"""

from __future__ import annotations

import calendar
import datetime

MAX_EXTENSION_MONTHS = 2


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months on, or the last day of that month."""
    if months < 0:
        raise ValueError("months must not be negative")
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_on(received_on: datetime.date, extension_months: int = 0) -> datetime.date:
    """The day the answer is due: one calendar month from receipt, plus any extension."""
    if not 0 <= extension_months <= MAX_EXTENSION_MONTHS:
        raise ValueError(f"an extension is of 1 to {MAX_EXTENSION_MONTHS} months")
    return add_months(received_on, 1 + extension_months)


def days_left(due: datetime.date, today: datetime.date) -> int:
    """Calendar days until the due date: 0 on the day, negative once overdue."""
    return (due - today).days


def is_overdue(due: datetime.date, today: datetime.date) -> bool:
    return today > due

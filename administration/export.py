"""The agency's member list as CSV, in words; the codes follow in their own columns,
named in lower case, for machines (as the decision log's export: docs/adr/0025)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.utils import timezone

from agencies.models import Membership
from records.exports import line_writer, safe_cell

WORD_COLUMNS = ("Name", "Job title", "Role", "Status", "E-mail", "Last signed in")
CODE_COLUMNS = ("user_id", "role", "is_active")
CSV_COLUMNS = WORD_COLUMNS + CODE_COLUMNS


def is_invited(membership: Membership) -> bool:
    """Invited and not yet accepted: the account has no password at all yet."""
    return membership.user.is_active and not membership.user.password


def status_words(membership: Membership) -> str:
    if not membership.user.is_active:
        return "Left"
    return "Invited" if is_invited(membership) else "Active"


def last_sign_in_words(membership: Membership) -> str:
    when = membership.user.last_login
    return f"{timezone.localtime(when):%-d %B %Y %H:%M}" if when else "Never"


def _row(membership: Membership) -> list[object]:
    user = membership.user
    return [
        user.get_full_name() or "Name not recorded",
        membership.job_title,
        membership.get_role_display(),
        status_words(membership),
        user.email,
        last_sign_in_words(membership),
        user.pk,
        membership.role,
        "true" if user.is_active else "false",
    ]


def csv_lines(memberships: Iterable[Membership]) -> Iterator[str]:
    writer = line_writer()
    yield "\ufeff" + writer.writerow(CSV_COLUMNS)
    for membership in memberships:
        yield writer.writerow([safe_cell(value) for value in _row(membership)])

"""The decision log in words: descriptive link texts and flag reasons, for pages and CSV."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from .. import catalogues as cat

_VERBS = {"share": "share", "share_part": "share part", "do_not_share": "do not share"}


def day(moment: datetime.datetime | None) -> str:
    """ "2 December", with the year when it is not this year."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    if local.year == timezone.localdate().year:
        return f"{local:%-d %B}"
    return f"{local:%-d %B %Y}"


def decision_title(
    *,
    pk: int,
    status: str,
    outcome: str,
    recipient: str | None,
    submitted_at: datetime.datetime | None,
) -> str:
    """ "Decision 3: share with Northshire Police, 2 December"."""
    if status != "submitted":
        return f"Decision {pk}: draft"
    words = _VERBS.get(outcome) or (cat.label(cat.DECISIONS, outcome) if outcome else "decided")
    if recipient and outcome != "do_not_share":
        words += f" with {recipient}"
    return f"Decision {pk}: {words}, {day(submitted_at)}"


def title_of(decision: Any) -> str:
    recipient = decision.recipient_agency.name if decision.recipient_agency_id else None
    return decision_title(
        pk=decision.pk,
        status=decision.status,
        outcome=decision.outcome,
        recipient=recipient,
        submitted_at=decision.submitted_at,
    )


def flag_words(flags: Iterable[Any] | None) -> list[str]:
    """Why a decision was flagged, in the guidance's own words."""
    return [str(flag.get("message") or flag.get("code", "")) for flag in flags or [] if flag]


def flag_summaries(flags: Iterable[Any] | None) -> list[str]:
    """The first sentence of each reason: enough for a list; the record has them in full."""
    return [word.split(". ", 1)[0].rstrip(".") + "." for word in flag_words(flags)]

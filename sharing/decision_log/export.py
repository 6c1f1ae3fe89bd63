"""The decision log as CSV, streamed through a server-side cursor in constant memory."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import QuerySet

from records.exports import line_writer, safe_cell

from ..models import Decision

CSV_COLUMNS = (
    "decision_id",
    "status",
    "submitted_at",
    "agency",
    "case_reference",
    "practitioner",
    "kind",
    "outcome",
    "recommendation",
    "needs_review",
    "flags",
    "consent_status",
    "legal_bases",
    "recipient_agency",
    "amends",
)
_FIELDS = (
    "id",
    "status",
    "submitted_at",
    "case__agency__name",
    "case__reference",
    "author__username",
    "kind",
    "outcome",
    "recommendation",
    "needs_review",
    "flags",
    "consent_status",
    "legal_bases",
    "recipient_agency__name",
    "amends_id",
)


def csv_stream(decisions: QuerySet[Decision], *, chunk_size: int = 2000) -> Iterator[str]:
    """One row per decision, read through a server-side cursor: memory does not grow with rows."""
    writer = line_writer()
    yield "\ufeff" + writer.writerow(CSV_COLUMNS)
    for row in decisions.values_list(*_FIELDS).iterator(chunk_size=chunk_size):
        values = dict(zip(_FIELDS, row, strict=True))
        submitted = values["submitted_at"]
        yield writer.writerow(
            [
                safe_cell(v)
                for v in (
                    values["id"],
                    values["status"],
                    submitted.isoformat() if isinstance(submitted, datetime.datetime) else "",
                    values["case__agency__name"],
                    values["case__reference"],
                    values["author__username"],
                    values["kind"],
                    values["outcome"],
                    values["recommendation"],
                    values["needs_review"],
                    " ".join(flag.get("code", "") for flag in values["flags"] or []),
                    values["consent_status"],
                    " ".join(values["legal_bases"] or []),
                    values["recipient_agency__name"] or "",
                    values["amends_id"] or "",
                )
            ]
        )

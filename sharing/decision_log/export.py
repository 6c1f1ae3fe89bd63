"""The decision log as CSV, in words, streamed through a server-side cursor in constant
memory. Each row reads as a person would say it (labels, names and roles); the codes
follow in their own columns, named in lower case, for machines (docs/adr/0025)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from agencies.models import Role
from records.exports import line_writer, safe_cell

from .. import catalogues as cat
from ..models import Decision
from .words import flag_words

WORD_COLUMNS = (
    "Decision",
    "Status",
    "Submitted",
    "Agency",
    "Case reference",
    "Child",
    "Practitioner",
    "Practitioner's role",
    "Kind of sharing",
    "Decision outcome",
    "What the procedures pointed to",
    "Flagged for review",
    "Why it was flagged",
    "Consent",
    "Legal bases",
    "Shared with",
    "Information-sharing agreement relied on",
    "Amends",
)
CODE_COLUMNS = (
    "decision_id",
    "status",
    "submitted_at",
    "kind",
    "outcome",
    "recommendation",
    "flags",
    "consent_status",
    "legal_bases",
    "practitioner_id",
    "recipient_agency_id",
    "agreement_clause_id",
    "amends",
)
CSV_COLUMNS = WORD_COLUMNS + CODE_COLUMNS
_FIELDS = (
    "id",
    "status",
    "submitted_at",
    "case__agency__name",
    "case__reference",
    "case__child_name",
    "author_id",
    "author__first_name",
    "author__last_name",
    "author__membership__role",
    "author__membership__job_title",
    "kind",
    "outcome",
    "recommendation",
    "needs_review",
    "flags",
    "consent_status",
    "legal_bases",
    "recipient_agency_id",
    "recipient_agency__name",
    "agreement_clause_id",
    "agreement_clause__number",
    "agreement_clause__purpose",
    "agreement_clause__agreement__title",
    "agreement_clause__agreement__version",
    "amends_id",
)
_STATUS = dict(Decision.Status.choices)
_ROLES = dict(Role.choices)


def _label(catalogue: Any, code: str) -> str:
    return cat.label(catalogue, code) if code else ""


def _clause_words(v: dict[str, Any]) -> str:
    """The clause relied on, in words (issue 14), as the record shows it."""
    if not v["agreement_clause_id"]:
        return ""
    return (
        f"{v['agreement_clause__agreement__title']} v{v['agreement_clause__agreement__version']}, "
        f"clause {v['agreement_clause__number']}: {v['agreement_clause__purpose']}"
    )


def _row(v: dict[str, Any]) -> list[Any]:
    submitted = v["submitted_at"]
    when = timezone.localtime(submitted) if isinstance(submitted, datetime.datetime) else None
    flags = v["flags"] or []
    bases = v["legal_bases"] or []
    name = f"{v['author__first_name']} {v['author__last_name']}".strip()
    return [
        f"Decision {v['id']}",
        _STATUS.get(v["status"], v["status"]),
        f"{when:%-d %B %Y %H:%M}" if when else "",
        v["case__agency__name"],
        v["case__reference"],
        v["case__child_name"],
        name,
        v["author__membership__job_title"] or _ROLES.get(v["author__membership__role"] or "", ""),
        _label(cat.DECISION_KINDS, v["kind"]),
        _label(cat.DECISIONS, v["outcome"]),
        _label(cat.RECOMMENDATIONS, v["recommendation"]),
        "Yes" if v["needs_review"] else "No",
        "; ".join(flag_words(flags)),
        _label(cat.CONSENT_STATUSES, v["consent_status"]),
        "; ".join(_label(cat.LEGAL_BASES, code) for code in bases),
        v["recipient_agency__name"] or "",
        _clause_words(v),
        f"Decision {v['amends_id']}" if v["amends_id"] else "",
        v["id"],
        v["status"],
        submitted.isoformat() if isinstance(submitted, datetime.datetime) else "",
        v["kind"],
        v["outcome"],
        v["recommendation"],
        " ".join(flag.get("code", "") for flag in flags),
        v["consent_status"],
        " ".join(bases),
        v["author_id"],
        v["recipient_agency_id"] or "",
        v["agreement_clause_id"] or "",
        v["amends_id"] or "",
    ]


def csv_stream(decisions: QuerySet[Decision], *, chunk_size: int = 2000) -> Iterator[str]:
    """One row per decision, read through a server-side cursor: memory does not grow with rows."""
    writer = line_writer()
    yield "\ufeff" + writer.writerow(CSV_COLUMNS)
    for row in decisions.values_list(*_FIELDS).iterator(chunk_size=chunk_size):
        values = dict(zip(_FIELDS, row, strict=True))
        yield writer.writerow([safe_cell(value) for value in _row(values)])

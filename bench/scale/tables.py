"""The rows the scale data writes, table by table, and COPY to write them."""

from __future__ import annotations

import datetime
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from .plan import Template

CASE_COLUMNS = (
    "id",
    "agency_id",
    "reference",
    "child_name",
    "date_of_birth",
    "created_by_id",
    "created_at",
)
CONSENT_COLUMNS = (
    "id",
    "case_id",
    "giver_role",
    "giver_name",
    "capacity_criteria_met",
    "capacity_notes",
    "told",
    "told_notes",
    "form",
    "verbal_details",
    "implied_context",
    "signed_form",
    "signed_form_type",
    "signed_form_name",
    "outcome",
    "obtained_on",
    "scope_information",
    "scope_purposes",
    "withdrawal_notes",
    "conflict_notes",
    "recorded_by_id",
    "recorded_at",
)
DECISION_COLUMNS = (
    "id",
    "case_id",
    "author_id",
    "kind",
    "status",
    "answers",
    "typed",
    "created_at",
    "updated_at",
    "submitted_at",
    "recommendation",
    "guidance_reasons",
    "flags",
    "needs_review",
    "outcome",
    "consent_status",
    "legal_bases",
    "recipient_agency_id",
    "amendment_reason",
)
DISCLOSURE_COLUMNS = (
    "id",
    "decision_id",
    "case_id",
    "source",
    "originator_id",
    "requested",
    "grounds",
    "items",
    "personal_data_extent",
    "recipient_agency_id",
    "recipient_agency_name",
    "recipient_name",
    "recipient_role",
    "method",
    "shared_at",
    "onward_disclosure",
    "onward_agreed",
    "person_told",
    "not_told_reason",
    "created_at",
)


def case_row(
    case_id: int,
    agency_id: int,
    name: str,
    born: datetime.date,
    lead_id: int,
    at: datetime.datetime,
) -> tuple[Any, ...]:
    return (case_id, agency_id, case_reference(agency_id, case_id), name, born, lead_id, at)


def case_reference(agency_id: int, case_id: int) -> str:
    return f"S{agency_id}-{case_id:08d}"


TOLD_EVERYTHING = [
    "what_collected",
    "purposes",
    "who_shared_with",
    "recipient_uses_including_crime",
]


def consent_row(
    consent_id: int,
    case_id: int,
    child_name: str,
    outcome: str,
    lead_id: int,
    at: datetime.datetime,
) -> tuple[Any, ...]:
    """A parent's verbal consent, given or refused at a home visit."""
    return (
        consent_id,
        case_id,
        "parent_with_pr",
        f"Parent of {child_name}",
        [],
        "",
        TOLD_EVERYTHING,
        "",
        "explicit_verbal",
        "Recorded at a home visit",
        "",
        "",
        "",
        "",
        outcome,
        at.date(),
        "Health and school records",
        ["child_protection_enquiry"],
        "",
        "",
        lead_id,
        at,
    )


def decision_row(
    decision_id: int,
    case_id: int,
    author_id: int,
    template: Template,
    answers: dict[str, Any],
    started: datetime.datetime,
    submitted: datetime.datetime,
    recipient_id: int | None,
) -> tuple[Any, ...]:
    q1, q4 = template.answers.get("q1") or {}, template.answers.get("q4") or {}
    return (
        decision_id,
        case_id,
        author_id,
        template.kind,
        "submitted",
        Jsonb(answers),
        Jsonb({}),
        started,
        submitted,
        submitted,
        template.recommendation,
        Jsonb([]),
        Jsonb(template.flags),
        bool(template.flags),
        template.outcome,
        q4.get("consent_status", ""),
        list(q1.get("legal_bases") or []),
        recipient_id,
        "",
    )


def disclosure_row(
    disclosure_id: int,
    decision_id: int,
    case_id: int,
    originator_id: int,
    template: Template,
    recipient: tuple[int, str],
    submitted: datetime.datetime,
) -> tuple[Any, ...]:
    q7 = template.answers.get("q7") or {}
    return (
        disclosure_id,
        decision_id,
        case_id,
        "Case records",
        originator_id,
        "",
        template.recommendation,
        Jsonb(q7.get("items") or []),
        "Child",
        recipient[0],
        recipient[1],
        "Duty officer",
        "Duty social worker",
        q7.get("method", "secure_email"),
        submitted,
        False,
        False,
        "will_be_told",
        "",
        submitted,
    )


def copy_rows(
    cursor: psycopg.Cursor[Any], table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)

"""The per-case history as CSV, JSON and PDF (SPEC 7; schema in docs/exports.md)."""

from __future__ import annotations

import csv
import datetime
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from audit import proofs

from . import pdf
from .history import ROLE_LABELS, History

JSON_SCHEMA = "https://schemas.example.org/sharing-decisions/case-history/v2"
# 2: people and agencies named as well as identified, the disclosure summary, the access
# filter (docs/exports.md, "Versions").
SCHEMA_VERSION = 2
# Two CSV files (docs/exports.md, "CSV"; ADR 0025's layout): the words first, with
# capitalised headings, for people; the codes and ids after them, in lower case, for
# machines. Columns are only ever added, never moved or given a new meaning.
DISCLOSURE_WORD_COLUMNS = (
    "Date shared",
    "From agency",
    "To agency",
    "To person",
    "What was shared",
    "Legal basis",
    "Consent position",
    "Person told",
    "Why not told",
    "Decision",
)
DISCLOSURE_CODE_COLUMNS = (
    "event_id",
    "decision_id",
    "decision_url",
    "recipient_agency_id",
    "method",
    "person_told",
    "legal_bases",
    "consent_status",
)
DISCLOSURE_COLUMNS = DISCLOSURE_WORD_COLUMNS + DISCLOSURE_CODE_COLUMNS
EVENT_WORD_COLUMNS = ("Time", "Group", "Title", "Person", "Role", "Agency")
EVENT_CODE_COLUMNS = (
    "event_id",
    "action",
    "kind",
    "actor_id",
    "actor_role",
    "actor_agency_id",
    "object_type",
    "object_id",
    "chain",
    "seq",
    "prev_hash",
    "hash",
    "request_id",
    "ip",
    "case_check",
    "chain_head_hash",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """Neutralise text a spreadsheet would run as a formula (OWASP CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def csv_time(moment: datetime.datetime | None) -> str:
    """UK local time with its offset, to the second: "2026-12-02 09:14:00+00:00"."""
    if moment is None:
        return ""
    return timezone.localtime(moment).replace(microsecond=0).isoformat(sep=" ")


def _shown(value: Any) -> str:
    return "; ".join(str(item) for item in value) if isinstance(value, list) else str(value)


class _Echo:
    def write(self, value: str) -> str:
        return value


def line_writer() -> Any:
    """A csv writer whose writerow() returns the line instead of writing it (to stream)."""
    return csv.writer(_Echo())


def _safe_row(values: Iterable[Any]) -> list[str]:
    return [safe_cell(value) for value in values]


def _decision_url(decision_id: Any) -> str:
    try:
        return reverse("sharing:decision_detail", args=[int(decision_id)])
    except (TypeError, ValueError, NoReverseMatch):
        return ""


def disclosure_rows(history: History) -> Iterator[list[str]]:
    """The disclosures file: one row per disclosure of the history's summary."""
    yield list(DISCLOSURE_COLUMNS)
    for line in history.summary.disclosures:
        codes = line.codes
        decision = (
            f"The decision to share, by {line.decided_by}"
            if line.decided_by
            else "The decision to share"
        )
        yield _safe_row(
            (
                csv_time(line.shared_at),
                line.from_agency,
                line.to_agency,
                line.to_person,
                "; ".join(line.what) or "Not recorded",
                line.legal_basis,
                line.consent_position,
                line.person_told,
                line.not_told_reason,
                decision,
                line.event_id,
                codes.get("decision_id") or "",
                _decision_url(codes.get("decision_id")),
                codes.get("recipient_agency_id") or "",
                codes.get("method") or "",
                codes.get("person_told") or "",
                " ".join(str(code) for code in codes.get("legal_bases") or []),
                codes.get("consent_status") or "",
            )
        )


def detail_columns(history: History) -> tuple[str, ...]:
    """ "Detail 1 label", "Detail 1 value", ... as many pairs as the most detailed event of
    this file has (docs/exports.md says why pairs rather than a column per label)."""
    most = max((len(view.details) for view in history.views), default=0)
    return tuple(
        heading
        for number in range(1, max(most, 1) + 1)
        for heading in (f"Detail {number} label", f"Detail {number} value")
    )


def event_rows(history: History) -> Iterator[list[str]]:
    """The events file: one row per event, its details in separate columns."""
    details = detail_columns(history)
    pairs = len(details) // 2
    yield [*EVENT_WORD_COLUMNS, *details, *EVENT_CODE_COLUMNS]
    intact = "intact" if history.check.intact else "broken"
    for view in history.views:
        event = view.event
        head = history.check.heads.get(event.chain)
        if event.actor_id is None:
            person = "The system"
        else:
            person = history.names.get(event.actor_id, "A person whose name is not recorded")
        cells: list[Any] = [
            pair for label, value in view.details for pair in (label, _shown(value))
        ]
        cells += [""] * (2 * pairs - len(cells))
        yield _safe_row(
            (
                csv_time(event.occurred_at),
                view.kind_label,
                view.title,
                person,
                ROLE_LABELS.get(event.actor_role, ""),
                event.actor_agency_name,
                *cells,
                event.pk,
                event.action,
                view.kind,
                event.actor_id or "",
                event.actor_role,
                event.actor_agency_id or "",
                event.object_type,
                event.object_id,
                event.chain,
                event.seq,
                event.prev_hash,
                event.hash,
                event.request_id,
                event.ip or "",
                intact,
                head[1] if head else "",
            )
        )


def csv_lines(rows: Iterable[list[str]]) -> Iterator[str]:
    writer = line_writer()
    for row in rows:
        yield writer.writerow(row)


def disclosures_csv_text(history: History) -> str:
    return "".join(csv_lines(disclosure_rows(history)))


def events_csv_text(history: History) -> str:
    return "".join(csv_lines(event_rows(history)))


def json_document(history: History) -> dict[str, Any]:
    case = history.case
    evidence = proofs.evidence(v.event for v in history.views)
    by_event = evidence.pop("proofs")
    return {
        "$schema": JSON_SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "case": {
            "id": case.pk,
            "reference": case.reference,
            "child_name": case.child_name,
            "date_of_birth": case.date_of_birth.isoformat(),
            "agency": {"id": case.agency_id, "name": case.agency.name},
        },
        "exported_at": history.generated_at.isoformat(),
        "exported_by": history.generated_by or "system",
        "filters": {
            "kinds": list(history.filters.kinds),
            "date_from": history.filters.date_from.isoformat()
            if history.filters.date_from
            else None,
            "date_to": history.filters.date_to.isoformat() if history.filters.date_to else None,
            "include_access": history.filters.shows_access(),
        },
        "access_events_left_out": history.hidden_access,
        "summary": {
            "disclosures": [_line(line) for line in history.summary.disclosures],
            "decisions_not_to_share": [_line(line) for line in history.summary.not_shared],
        },
        "period": history.period,
        "verification": {
            "intact": history.check.intact,
            "events_checked": history.check.events,
            "problems": history.check.broken,
            "summary": history.check.summary,
            "chain_heads": {
                chain: {"seq": seq, "hash": digest}
                for chain, (seq, digest) in sorted(history.check.heads.items())
            },
        },
        "events": [
            {
                "id": v.event.pk,
                "occurred_at": v.event.occurred_at.isoformat(),
                "kind": v.kind,
                "action": v.event.action,
                "title": v.title,
                "actor": {
                    "id": v.event.actor_id,
                    "name": v.actor,
                    "username": v.event.actor_username,
                    "role": v.event.actor_role,
                    "agency_id": v.event.actor_agency_id,
                    "agency": v.event.actor_agency_name,
                },
                "object": {"type": v.event.object_type, "id": v.event.object_id},
                "details": [{"label": label, "value": value} for label, value in v.details],
                "payload": v.event.payload,
                "request_id": v.event.request_id,
                "ip": v.event.ip,
                "chain": v.event.chain,
                "seq": v.event.seq,
                "prev_hash": v.event.prev_hash,
                "hash": v.event.hash,
                "case_id": v.event.case_id,
                # Its inclusion proof against evidence.checkpoint (docs/exports.md).
                "proof": by_event.get(v.event.pk),
            }
            for v in history.views
        ],
        # The signed checkpoint the proofs lead to, and the id of the key that signed it:
        # `python -m audit.verify_export FILE --public-key KEY` checks it all offline.
        "evidence": evidence,
    }


def json_text(history: History) -> str:
    return readable_json(json_document(history))


def readable_json(value: Any, level: int = 0) -> str:
    """JSON a person can read and a machine reads fast: the document's top two levels
    indented, and each item of a list of objects (an event, a disclosure) on a line of
    its own. `json.dumps(indent=...)` gives up the C encoder for all of it, which made the
    file the slowest part of the export; here every line is written by the C encoder."""
    pad, end = "  " * (level + 1), "  " * level
    if isinstance(value, dict) and value and level < 2:
        items = [
            f"{pad}{json.dumps(str(key), ensure_ascii=False)}: {readable_json(item, level + 1)}"
            for key, item in value.items()
        ]
        return "{\n" + ",\n".join(items) + "\n" + end + "}"
    if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        lines = [pad + json.dumps(item, ensure_ascii=False) for item in value]
        return "[\n" + ",\n".join(lines) + "\n" + end + "]"
    return json.dumps(value, ensure_ascii=False)


def pdf_bytes(history: History) -> bytes:
    """The history's PDF, laid out by Typst (ADR 0038)."""
    from . import typst_pdf

    return typst_pdf.pdf_bytes(history)


def weasyprint_pdf_bytes(history: History) -> bytes:
    """The same PDF from WeasyPrint, kept for the engines' comparison in `make bench`
    (bench/pdf_engines.py) until ADR 0038's switch has run in production for a while."""
    html = render_to_string(
        "records/history_pdf.html",
        {
            "history": history,
            "generated_at": timezone.localtime(history.generated_at),
            "checkpoint": proofs.latest_checkpoint(),
            "service_name": settings.SERVICE_NAME,
        },
    )
    return pdf.html_to_pdf(html)


def _line(line: object) -> dict[str, object]:
    """A summary line as JSON: its plain words, its moment in ISO form, its codes."""
    data = dict(vars(line))
    for key in ("shared_at", "decided_at"):
        if data.get(key) is not None:
            data[key] = timezone.localtime(data[key]).isoformat()
    if "what" in data:
        data["what"] = list(data["what"])
    return data


# Each format's file: what its name says it holds, and its extension.
_FILES = {
    "csv": ("disclosures", "csv"),
    "events-csv": ("events", "csv"),
    "json": ("history", "json"),
    "pdf": ("history", "pdf"),
}


def filename(history: History, fmt: str) -> str:
    """Named from the agency's own case reference and the date, never the internal case id:
    "REF-00095-history-2026-12-02-0914.pdf", "REF-00095-disclosures-2026-12-02-0914.csv",
    "REF-00095-events-2026-12-02-0914.csv" (the reference made safe for a file name)."""
    stamp = timezone.localtime(history.generated_at).strftime("%Y-%m-%d-%H%M")
    reference = re.sub(r"[^A-Za-z0-9-]+", "-", history.case.reference).strip("-") or "case"
    what, extension = _FILES.get(fmt, ("history", fmt))
    return f"{reference}-{what}-{stamp}.{extension}"


def render(history: History, fmt: str) -> tuple[bytes, str]:
    if fmt == "csv":
        return disclosures_csv_text(history).encode("utf-8-sig"), "text/csv; charset=utf-8"
    if fmt == "events-csv":
        return events_csv_text(history).encode("utf-8-sig"), "text/csv; charset=utf-8"
    if fmt == "json":
        return json_text(history).encode("utf-8"), "application/json"
    if fmt == "pdf":
        return pdf_bytes(history), "application/pdf"
    raise ValueError(fmt)

"""The per-case history as CSV, JSON and PDF (SPEC 7; schema in docs/exports.md)."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from audit import proofs

from . import pdf
from .describe import EventView
from .history import History

JSON_SCHEMA = "https://schemas.example.org/sharing-decisions/case-history/v2"
# 2: people and agencies named as well as identified, the disclosure summary, the access
# filter (docs/exports.md, "Versions").
SCHEMA_VERSION = 2
CSV_COLUMNS = (
    "event_id",
    "occurred_at",
    "kind",
    "action",
    "title",
    "actor",
    "actor_role",
    "actor_agency",
    "object_type",
    "object_id",
    "details",
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


def _details_text(view: EventView) -> str:
    lines = []
    for label, value in view.details:
        shown = "; ".join(str(item) for item in value) if isinstance(value, list) else str(value)
        lines.append(f"{label}: {shown}")
    return "\n".join(lines)


def _row(view: EventView, history: History) -> list[str]:
    event = view.event
    head = history.check.heads.get(event.chain)
    return [
        safe_cell(v)
        for v in (
            event.pk,
            event.occurred_at.isoformat(),
            view.kind,
            event.action,
            view.title,
            event.actor_username or "system",
            event.actor_role,
            event.actor_agency_name,
            event.object_type,
            event.object_id,
            _details_text(view),
            event.chain,
            event.seq,
            event.prev_hash,
            event.hash,
            event.request_id,
            event.ip or "",
            "intact" if history.check.intact else "broken",
            head[1] if head else "",
        )
    ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def line_writer() -> Any:
    """A csv writer whose writerow() returns the line instead of writing it (to stream)."""
    return csv.writer(_Echo())


def csv_lines(history: History) -> Iterator[str]:
    writer = line_writer()
    yield writer.writerow(CSV_COLUMNS)
    for view in history.views:
        yield writer.writerow(_row(view, history))


def csv_text(history: History) -> str:
    return "".join(csv_lines(history))


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
    return json.dumps(json_document(history), indent=2, ensure_ascii=False)


def pdf_bytes(history: History) -> bytes:
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


def filename(history: History, extension: str) -> str:
    """Named from the agency's own case reference and the date, never the internal case id:
    "REF-00095-history-2026-12-02-0914.pdf" (the reference made safe for a file name)."""
    stamp = timezone.localtime(history.generated_at).strftime("%Y-%m-%d-%H%M")
    reference = re.sub(r"[^A-Za-z0-9-]+", "-", history.case.reference).strip("-") or "case"
    return f"{reference}-history-{stamp}.{extension}"


def render(history: History, fmt: str) -> tuple[bytes, str]:
    if fmt == "csv":
        return csv_text(history).encode("utf-8-sig"), "text/csv; charset=utf-8"
    if fmt == "json":
        return json_text(history).encode("utf-8"), "application/json"
    if fmt == "pdf":
        return pdf_bytes(history), "application/pdf"
    raise ValueError(fmt)

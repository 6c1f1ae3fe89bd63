"""The disclosures and decisions not to share of one case, for the history's summary
(records.summary), read from the case's own audit events: no further queries."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import Q, QuerySet

from audit.models import AuditEvent
from records.summary import (
    DisclosureLine,
    IndexEntry,
    NotSharedLine,
    SummaryLine,
    parse_moment,
    register,
)

from . import catalogues as cat


def _consent_position(answers: dict[str, Any]) -> str:
    q4 = answers.get("q4") or {}
    status = str(q4.get("consent_status") or "")
    if not status:
        return "Not recorded"
    position = cat.label(cat.CONSENT_STATUSES, status)
    reason = q4.get("not_sought_reason")
    if reason:
        position += f": {cat.label(cat.NOT_SOUGHT_REASONS, str(reason)).lower()}"
    return position


def _legal_basis(answers: dict[str, Any]) -> str:
    q1 = answers.get("q1") or {}
    bases = q1.get("legal_bases") or []
    words = "; ".join(cat.label(cat.LEGAL_BASES, str(code)) for code in bases) or "None recorded"
    # Issue 14: the agreement clause relied on, in its words as chosen (docs/adr/0035).
    if q1.get("agreement_clause_id") is not None and q1.get("agreement_clause"):
        words += f"; under {q1['agreement_clause']}"
    return words


def _items(value: Any) -> tuple[str, ...]:
    items = []
    for item in value or []:
        if isinstance(item, dict):
            nature = cat.label(cat.INFORMATION_NATURE, str(item.get("nature", ""))).lower()
            items.append(f"{item.get('text', '')} ({nature})" if nature else str(item.get("text")))
        else:
            items.append(str(item))
    return tuple(items)


def summarise(events: Sequence[AuditEvent], cache: dict[str, Any]) -> Iterator[SummaryLine]:
    people: dict[int, str] = cache.get("people") or {}
    submitted: dict[str, AuditEvent] = {}
    asked_by: dict[str, str] = {}
    for event in events:
        if event.action == "decision.submitted":
            submitted[event.object_id] = event
        elif event.action == "decision.started":
            start = (event.payload or {}).get("start") or {}
            who = ", ".join(
                str(start[key])
                for key in ("requester_name", "requester_agency_name")
                if start.get(key)
            )
            if who:
                asked_by[event.object_id] = who
    for event in events:
        payload = event.payload or {}
        if event.action == "disclosure.recorded":
            decision = submitted.get(str(payload.get("decision")))
            answers = ((decision.payload or {}).get("answers") or {}) if decision else {}
            q7 = answers.get("q7") or {}
            person = ", ".join(
                str(part) for part in (q7.get("recipient_name"), q7.get("recipient_role")) if part
            )
            told = str(payload.get("person_told") or "")
            yield DisclosureLine(
                event_id=event.pk,
                shared_at=parse_moment(payload.get("shared_at")) or event.occurred_at,
                from_agency=str(payload.get("originator") or event.actor_agency_name),
                to_agency=str(q7.get("recipient_agency_name") or payload.get("recipients") or ""),
                to_person=person or "Not named",
                what=_items(payload.get("items")),
                legal_basis=_legal_basis(answers),
                consent_position=_consent_position(answers),
                person_told=cat.label(cat.PERSON_TOLD, told) if told else "Not recorded",
                not_told_reason=str(payload.get("not_told_reason") or ""),
                decided_by=people.get(decision.actor_id or 0, "") if decision else "",
                codes={
                    "decision_id": payload.get("decision"),
                    "recipient_agency_id": payload.get("recipient_agency_id"),
                    "method": payload.get("method"),
                    "person_told": told,
                    "legal_bases": (answers.get("q1") or {}).get("legal_bases") or [],
                    "consent_status": (answers.get("q4") or {}).get("consent_status") or "",
                },
            )
        elif event.action == "decision.submitted" and payload.get("outcome") == "do_not_share":
            answers = payload.get("answers") or {}
            yield NotSharedLine(
                event_id=event.pk,
                decided_at=event.occurred_at,
                agency=event.actor_agency_name,
                decided_by=people.get(event.actor_id or 0, "Not recorded"),
                asked_by=asked_by.get(event.object_id, ""),
                reasons=str((answers.get("q8") or {}).get("reasons") or "None recorded"),
                consent_position=_consent_position(answers),
                codes={"decision_id": event.object_id, "outcome": payload.get("outcome")},
            )


def index(events: QuerySet[AuditEvent]) -> Iterator[IndexEntry]:
    """The lines `summarise` gives for `events`, each by its moment and event, read without
    the payloads (but the one field each needs): for the page's summary, a page at a time."""
    lines = events.filter(
        Q(action="disclosure.recorded")
        | Q(action="decision.submitted", payload__outcome="do_not_share")
    )
    for pk, action, shared_at, occurred_at in lines.values_list(
        "id", "action", "payload__shared_at", "occurred_at"
    ):
        if action == "disclosure.recorded":
            yield parse_moment(shared_at) or occurred_at, pk, "disclosure"
        else:
            yield occurred_at, pk, "not_shared"


def load(events: QuerySet[AuditEvent], ids: Sequence[int]) -> list[AuditEvent]:
    """The events `summarise` needs for the lines of `ids`: those events, each disclosure's
    submitted decision and each refusal's start (who asked). Two queries."""
    chosen = list(events.filter(pk__in=ids))
    decisions = {
        str((event.payload or {}).get("decision"))
        for event in chosen
        if event.action == "disclosure.recorded"
    }
    refused = {event.object_id for event in chosen if event.action == "decision.submitted"}
    related = events.filter(
        Q(action="decision.submitted", object_id__in=decisions)
        | Q(action="decision.started", object_id__in=refused)
    ).exclude(pk__in=ids)
    return chosen + list(related)


def register_summariser() -> None:
    register("sharing", summarise, index=index, load=load)

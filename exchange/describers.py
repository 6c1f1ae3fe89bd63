"""How the exchange's events read, in the per-case history and the case chronology."""

from __future__ import annotations

import datetime
from typing import Any

from audit.models import AuditEvent
from records.describe import Detail, humanise, place, plain, register

from . import catalogues as cat

# The exchange's own bookkeeping: shown as "Exchange" and nothing else.
_PLUMBING = {"exchange", "step", "between", "end", "from_agency", "to_agency", "decision"}
_LABELS = {
    "direction": (cat.REQUEST_DIRECTIONS, "Request"),
    "verification": (cat.REQUEST_VERIFICATION, "How the requester was checked"),
    "urgency": (cat.REQUEST_URGENCY, "How it was made"),
}


def _value(value: Any) -> Any:
    if isinstance(value, str) and len(value) == 10 and value[4:5] == "-":
        try:
            return f"{datetime.date.fromisoformat(value):%-d %B %Y}"
        except ValueError:
            return value
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return [f"{item.get('text', '')} ({item.get('nature', '')})" for item in value]
    return plain(value)


def details(payload: dict[str, Any]) -> list[Detail]:
    rows: list[Detail] = []
    for key, value in payload.items():
        if key in _PLUMBING or key.endswith("_id") or value in (None, "", []):
            continue
        if key in _LABELS:
            catalogue, label = _LABELS[key]
            rows.append((label, cat.label(catalogue, str(value))))
        else:
            rows.append((humanise(key), _value(value)))
    if payload.get("exchange"):
        rows.append(("Exchange", f"{payload['exchange']} ({payload.get('step', '')})"))
    return rows


def _other(payload: dict[str, Any]) -> str:
    """The agency at the other end from the chain this event is on."""
    if payload.get("end") == "from":
        return str(payload.get("to_agency", "another agency"))
    return str(payload.get("from_agency", "another agency"))


TITLES: dict[str, Any] = {
    "request.recorded": lambda p: (
        f"Request received from {p.get('other_agency')}"
        if p.get("direction") == "incoming"
        else f"Request made to {p.get('other_agency')}"
    ),
    "request.sent": lambda p: f"Request sent to {_other(p)} through the service",
    "request.received": lambda p: f"Request received from {_other(p)} through the service",
    "request.case_linked": lambda p: (
        f"Request from {p.get('other_agency')} linked to this case"
        if p.get("direction") == "incoming"
        else f"Request to {p.get('other_agency')} linked to this case"
    ),
    "request.paused": lambda p: "Request clock paused: waiting for clarification",
    "request.resumed": lambda p: "Request clock restarted after clarification",
    "request.followed_up": lambda p: "Written follow-up of the urgent request received",
    "request.answer_started": lambda p: "Decision started to answer the request",
    "request.answered": lambda p: f"Request answered: {p.get('outcome', '')}",
    "disclosure.sent": lambda p: f"Disclosure delivered to {_other(p)}'s inbox",
    "disclosure.received": lambda p: f"Information received from {_other(p)}",
    "disclosure.opened": lambda p: f"Opened at {p.get('to_agency')}",
    "disclosure.acknowledged": lambda p: f"Acknowledged by {p.get('to_agency')}",
    "disclosure.filed": lambda p: f"Filed to a case at {p.get('to_agency')}",
    "correction.recorded": lambda p: "Correction of shared information recorded",
    "correction.sent": lambda p: f"Correction sent to {_other(p)} through the service",
    "correction.received": lambda p: f"Correction received from {_other(p)}",
    "correction.told": lambda p: f"{p.get('recipient')} told of the correction",
    "correction.acknowledged": lambda p: f"Correction acknowledged by {p.get('to_agency')}",
    "onward.asked": lambda p: f"{p.get('from_agency')} asked to pass information on",
    "onward.answered": lambda p: f"Onward sharing answered: {p.get('answer', '')}",
    "onward.decision_started": lambda p: "Decision started to pass on information, as agreed",
}
# The group each of the exchange's actions is shown in: a request's steps among the
# requests, a correction's among the corrections, the rest (onward sharing) beside the
# disclosures they follow.
KINDS = {"request": "request", "disclosure": "disclosure", "correction": "amendment"}


def describe(event: AuditEvent, _cache: dict[str, Any]) -> tuple[str, list[Detail]]:
    payload = event.payload or {}
    title = TITLES.get(event.action)
    return title(payload) if title else humanise(event.action.replace(".", " ")), details(payload)


def register_describers() -> None:
    for action in TITLES:
        register(action, describe)
        place(action, KINDS.get(action.split(".", 1)[0], "disclosure"))

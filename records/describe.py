"""How an audit event reads to a person: its group, a title and labelled details.

Apps above `records` register describers for their own actions (in AppConfig.ready), so
records can show a decision's answers with their labels without importing sharing.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from audit.models import AuditEvent

from .summary import parse_moment, uk_time

# The groups of SPEC 7's per-case history, in the order they are listed.
# In the order the history shows them (ADR 0032): what was shared first, access last.
KINDS: tuple[tuple[str, str], ...] = (
    ("disclosure", "Disclosures"),
    ("decision", "Decisions"),
    ("request", "Requests"),
    ("consent", "Consent"),
    ("amendment", "Corrections and amendments"),
    ("review", "Review actions"),
    ("sar", "Subject access requests"),
    ("emergency", "Emergency access"),
    ("case", "Case record"),
    ("access", "Access: views, downloads and refused attempts"),
)
KIND_LABELS = dict(KINDS)


def kind_of(action: str) -> str:
    # Emergency access is a person's decision with reasons, not a routine read: it stays
    # in view when the access events are filtered off (ADR 0032).
    if action.startswith("access.emergency"):
        return "emergency"
    if action.endswith(".viewed") or action.startswith(("access.", "history.")):
        return "access"
    if action.startswith("decision.amendment"):
        return "amendment"
    prefix = action.split(".", 1)[0]
    return {
        "request": "request",
        "decision": "decision",
        "follow_up": "decision",
        "consent": "consent",
        "disclosure": "disclosure",
        "correction": "amendment",
        "review": "review",
        "sar": "sar",
    }.get(prefix, "case")


Detail = tuple[str, Any]  # label, and a str or a list of str


@dataclass
class EventView:
    event: AuditEvent
    kind: str
    title: str
    details: list[Detail] = field(default_factory=list)
    actor: str = ""  # by name and role, set by records.history

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


# A describer returns (title, details), or (title, details, kind) to place the event in
# another group than its action's (a decision started by a request is a request).
Describer = Callable[[AuditEvent, dict[str, Any]], tuple[Any, ...]]
_describers: dict[str, Describer] = {}


def register(action_prefix: str, describer: Describer) -> None:
    _describers[action_prefix] = describer


def humanise(key: str) -> str:
    return key.replace("_", " ").capitalize()


_ISO_MOMENT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?([+-]\d\d:\d\d|Z)?$")


def plain(value: Any) -> Any:
    if value is None or value == "":
        return "None"
    if isinstance(value, datetime.datetime) or (
        isinstance(value, str) and _ISO_MOMENT.match(value)
    ):
        return uk_time(parse_moment(value))  # UK local time, zone named
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return [plain(item) for item in value] if value else "None"
    if isinstance(value, Mapping):
        return [f"{humanise(str(k))}: {plain(v)}" for k, v in value.items()]
    return str(value)


def default_details(payload: Mapping[str, Any]) -> list[Detail]:
    return [(humanise(key), plain(value)) for key, value in payload.items()]


def describe(event: AuditEvent, cache: dict[str, Any] | None = None) -> EventView:
    cache = {} if cache is None else cache
    matches = [p for p in _describers if event.action == p or event.action.startswith(p + ".")]
    describer = _describers[max(matches, key=len)] if matches else None
    kind = kind_of(event.action)
    if describer is not None:
        described = describer(event, cache)
        title, details = described[0], described[1]
        kind = described[2] if len(described) > 2 else kind
    else:
        title = humanise(event.action.replace(".", " "))
        details = default_details(event.payload or {})
    return EventView(event=event, kind=kind, title=title, details=details)

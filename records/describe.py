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


# A describer returns (title, details); an event's group is not the describer's to choose
# (`place`, `place_by` below).
Describer = Callable[[AuditEvent, dict[str, Any]], tuple[str, list[Detail]]]
_describers: dict[str, Describer] = {}


def register(action_prefix: str, describer: Describer) -> None:
    _describers[action_prefix] = describer


# The group of an event is decided by its action (`kind_of`), by an app that places one of
# its actions in another group (`place`: a subject access file downloaded is an access),
# or by one field of its payload (`place_by`: a decision started by a request is a
# request). Only these, so that the page can group a case's events without reading the
# payloads (records.history.index_of; ADR 0040).
GroupOf = Callable[[Any], str | None]
_placed: dict[str, str] = {}
_placed_by: dict[str, tuple[str, GroupOf]] = {}


def place(action: str, group: str) -> None:
    _placed[action] = group


def place_by(action: str, payload_key: str, group_of: GroupOf) -> None:
    """`group_of` gives the group from that payload field's value, or None for the usual."""
    _placed_by[action] = (payload_key, group_of)


def placed_by() -> dict[str, tuple[str, GroupOf]]:
    return dict(_placed_by)


def group_of(action: str, payload: Mapping[str, Any] | None) -> str:
    """The group an event is shown in."""
    if action in _placed_by:
        key, regroup = _placed_by[action]
        placed = regroup((payload or {}).get(key))
        if placed:
            return placed
    return _placed.get(action) or kind_of(action)


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
    kind = group_of(event.action, event.payload)
    if describer is not None:
        title, details = describer(event, cache)
    else:
        title = humanise(event.action.replace(".", " "))
        details = default_details(event.payload or {})
    return EventView(event=event, kind=kind, title=title, details=details)

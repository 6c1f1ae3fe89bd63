"""How review events read in the per-case history (records.describe)."""

from __future__ import annotations

from typing import Any

from audit.models import AuditEvent
from records.describe import Detail, plain
from sharing import catalogues as cat

TITLES = {
    "countersigned": "Decision {id} countersigned by the lead information officer",
    "returned": "Decision {id} returned to the practitioner with comments",
    "determined": "Determination recorded on decision {id}",
    "escalated": "Decision {id} escalated to another agency",
    "escalation_answered": "Escalation of decision {id} answered",
    "reconsideration_started": "Decision {id} started, reconsidering an earlier decision",
}
LABELS = {
    "reasons": "Reasons or comments",
    "determination": "Determination",
    "practitioner_decision": "Practitioner's decision",
    "to_agency": "Escalated to",
    "summary": "Summary for the other agency",
    "position": "Their position",
    "reconsiders": "Reconsiders",
    "new_information": "New information from the requester",
}
_SKIP = {"state", "version", "escalation", "returned_to"}


def describe_review(event: AuditEvent, _cache: dict[str, Any]) -> tuple[str, list[Detail]]:
    payload = event.payload or {}
    action = event.action.split(".", 1)[1]
    title = TITLES.get(action, "Review action on decision {id}").format(id=event.object_id)
    details: list[Detail] = []
    for key, value in payload.items():
        if key in _SKIP:
            continue
        if key in ("determination", "practitioner_decision"):
            value = cat.label(cat.DECISIONS, str(value)) if value else "None"
        elif key == "position":
            value = {"agree": "They agree", "disagree": "They still disagree"}.get(
                str(value), value
            )
        elif key == "reconsiders":
            value = f"Decision {value}"
        details.append((LABELS.get(key, key.replace("_", " ").capitalize()), plain(value)))
    return title, details

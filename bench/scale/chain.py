"""One agency's chain, appended to in memory and hashed as the audit log hashes."""

from __future__ import annotations

import datetime
import json
from typing import Any

from psycopg.types.json import Jsonb

from audit import encoding

EVENT_COLUMNS = ("id", *encoding.HASHED_FIELDS, "hash")


def prepared(payload: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """A payload made canonical once, with its JSON text (the templates' answers repeat)."""
    body = encoding.canonical_payload(payload)
    return body, json.dumps(body)


class Chain:
    """Events for one chain, continuing from its head: rows in EVENT_COLUMNS order."""

    def __init__(
        self, name: str, seq: int, head: str, first_id: int, agency: tuple[int, str]
    ) -> None:
        self.name, self.seq, self.head, self.next_id = name, seq, head, first_id
        self.agency_id, self.agency_name = agency
        self.rows: list[tuple[Any, ...]] = []

    def add(
        self,
        *,
        at: datetime.datetime,
        actor: tuple[int, str],
        role: str,
        action: str,
        object_type: str,
        object_id: object,
        case_id: int,
        payload: dict[str, Any],
        canonical: tuple[dict[str, Any], str] | None = None,
    ) -> None:
        """Append one event. `canonical` is a payload already `prepared`."""
        self.seq += 1
        body, text = (
            canonical if canonical is not None else (encoding.canonical_payload(payload), None)
        )
        values: dict[str, Any] = {
            "chain": self.name,
            "seq": self.seq,
            "occurred_at": at,
            "actor_id": actor[0],
            "actor_username": actor[1],
            "actor_agency_id": self.agency_id,
            "actor_agency_name": self.agency_name,
            "actor_role": role,
            "action": action,
            "object_type": object_type,
            "object_id": str(object_id),
            "case_id": case_id,
            "payload": body,
            "request_id": "",
            "ip": None,
            "prev_hash": self.head,
        }
        digest = encoding.event_hash(values)
        values["payload"] = text if text is not None else Jsonb(body)
        self.rows.append((self.next_id, *(values[name] for name in encoding.HASHED_FIELDS), digest))
        self.head = digest
        self.next_id += 1

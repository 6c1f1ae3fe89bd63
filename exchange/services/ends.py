"""Both ends of an exchange on record: one event on each agency's own chain.

Every step of an exchange (a request sent, a disclosure received, opened, acknowledged,
filed, a correction told, an onward request asked or answered) is written twice, in the
caller's transaction: once on the chain of the agency at each end, each with that
agency's own case (never the other's), and both with the same `exchange` and `step`, so
that an auditor of either agency can pair them and `verify_exchanges` can tell when one
is missing (docs/adr/0026).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from audit import events

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@dataclass(frozen=True)
class End:
    """One agency's side: its chain, and its own record of the thing (maybe a case)."""

    agency_id: int
    agency_name: str
    object_type: str
    object_id: object
    case_id: int | None = None


def exchange_payload(
    exchange: uuid.UUID, step: str, first: End, second: End, **facts: Any
) -> dict[str, Any]:
    return {
        "exchange": str(exchange),
        "step": step,
        "between": [first.agency_id, second.agency_id],
        "from_agency": first.agency_name,
        "to_agency": second.agency_name,
        **facts,
    }


def both_ends(
    *,
    actor: User | None,
    action: str | tuple[str, str],
    exchange: uuid.UUID,
    step: str,
    first: End,
    second: End,
    facts: Mapping[str, Any] | None = None,
    own: Mapping[str, Mapping[str, Any]] | None = None,
) -> None:
    """Append `action` on `first`'s chain and on `second`'s, inside the caller's transaction.

    `first` is the agency that started the exchange (the requester, the sender). `facts`
    go on both; `own` adds facts for one end only (keyed "first" or "second"), for what
    only that agency may read. `action` may name each end's action ("request.sent",
    "request.received").
    """
    own = own or {}
    actions = (action, action) if isinstance(action, str) else action
    for end_name, end, end_action in (("first", first, actions[0]), ("second", second, actions[1])):
        payload = exchange_payload(exchange, step, first, second, **(facts or {}))
        payload["end"] = "from" if end_name == "first" else "to"
        payload.update(own.get(end_name) or {})
        events.append(
            actor=actor,
            action=end_action,
            object_type=end.object_type,
            object_id=end.object_id,
            case_id=end.case_id,
            agency_id=end.agency_id,
            payload=payload,
        )

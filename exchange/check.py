"""Both ends on record: every step of every exchange is on both agencies' chains.

Each step an exchange's services write appears once on each of the two agencies'
chains, with the same `exchange` and `step` (services/ends.py). This check reads the
log, pairs them, and reports a step found on one chain but not the other, and every
disclosure recorded to an agency on the service that was never received there.
`python manage.py verify_exchanges` runs it (docs/adr/0026).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from audit.events import chain_for
from audit.models import AuditEvent


@dataclass(frozen=True)
class Unpaired:
    exchange: str
    step: str
    action: str
    event_id: int
    found_on: str
    missing_on: str

    def __str__(self) -> str:
        return (
            f"exchange {self.exchange} step {self.step!r}: event {self.event_id} "
            f"({self.action}) on {self.found_on} has no partner on {self.missing_on}"
        )


@dataclass(frozen=True)
class Undelivered:
    disclosure: str
    event_id: int
    chain: str
    recipient_chain: str

    def __str__(self) -> str:
        return (
            f"disclosure {self.disclosure} (event {self.event_id} on {self.chain}) was sent "
            f"to {self.recipient_chain} but has no received event there"
        )


@dataclass
class ExchangesCheck:
    steps: int = 0
    paired: int = 0
    unpaired: list[Unpaired] = field(default_factory=list)
    undelivered: list[Undelivered] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.unpaired and not self.undelivered


def _exchange_events(
    chains: Iterable[str] | None,
) -> Iterable[tuple[int, str, str, dict[str, Any]]]:
    events = AuditEvent.objects.filter(payload__has_key="exchange")
    if chains is not None:
        events = events.filter(chain__in=list(chains))
    return events.order_by("id").values_list("id", "chain", "action", "payload").iterator()


def check_exchanges(*, chains: Iterable[str] | None = None) -> ExchangesCheck:
    """Pair the exchange events; `chains` limits the report to steps touching them."""
    wanted = set(chains) if chains is not None else None
    result = ExchangesCheck()
    found: dict[tuple[str, str], dict[str, tuple[int, str]]] = defaultdict(dict)
    between: dict[tuple[str, str], list[str]] = {}
    received: set[str] = set()
    for event_id, chain, action, payload in _exchange_events(None):
        key = (str(payload.get("exchange")), str(payload.get("step")))
        found[key][chain] = (event_id, action)
        between[key] = [chain_for(agency_id=a) for a in payload.get("between") or []]
        if action == "disclosure.received":
            received.add(str(payload.get("disclosure")))
    for key, ends in found.items():
        expected = between[key]
        if wanted is not None and not wanted & set(expected):
            continue
        result.steps += 1
        missing = [chain for chain in expected if chain not in ends]
        if not missing:
            result.paired += 1
            continue
        for chain in missing:
            if wanted is not None and chain not in wanted and not wanted & set(ends):
                continue
            present, (event_id, action) = next(iter(ends.items()))
            result.unpaired.append(Unpaired(key[0], key[1], action, event_id, present, chain))
    recorded = AuditEvent.objects.filter(action="disclosure.recorded").values_list(
        "id", "chain", "object_id", "payload"
    )
    for event_id, chain, object_id, payload in recorded.iterator():
        if (payload or {}).get("recipient_agency_id") is None:
            continue  # shared with an organisation off the service
        recipient = chain_for(agency_id=payload.get("recipient_agency_id"))
        if wanted is not None and not wanted & {chain, recipient}:
            continue
        if object_id not in received:
            result.undelivered.append(Undelivered(object_id, event_id, chain, recipient))
    return result

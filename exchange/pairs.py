"""Both ends of each exchange side by side: what an auditor of either agency can pair.

An auditor sees the events on the chains of the agencies in their scope; where both
agencies of an exchange are in scope, each step shows its two events together, and a
step missing from one end says so. Where only one is, the other end is named as outside
their scope.
"""

from __future__ import annotations

import datetime
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from agencies import permissions
from audit.events import chain_for
from audit.models import AuditEvent

from .check import check_exchanges
from .describers import describe

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

LIMIT = 500  # events read, latest first


@dataclass(frozen=True)
class Side:
    agency: str
    in_scope: bool
    event: AuditEvent | None

    @property
    def missing(self) -> bool:
        return self.in_scope and self.event is None


@dataclass
class Step:
    title: str
    when: datetime.datetime
    sides: list[Side]


@dataclass
class Pair:
    exchange: str
    between: str
    steps: list[Step] = field(default_factory=list)


def exchange_pairs(user: User | AnonymousUser) -> dict[str, Any]:
    agencies = list(permissions.exchange_audit_agencies(user))
    chains = {chain_for(agency_id=a.pk) for a in agencies}
    events = list(
        AuditEvent.objects.filter(chain__in=chains, payload__has_key="exchange").order_by(
            "-occurred_at", "-id"
        )[:LIMIT]
    )
    events.reverse()
    grouped: OrderedDict[tuple[str, str], dict[str, AuditEvent]] = OrderedDict()
    for event in events:
        payload = event.payload or {}
        grouped.setdefault((payload["exchange"], str(payload.get("step"))), {})[event.chain] = event
    pairs: OrderedDict[str, Pair] = OrderedDict()
    for (exchange, _step), found in grouped.items():
        first = next(iter(found.values()))
        payload = first.payload or {}
        ids = payload.get("between") or []
        names = [payload.get("from_agency", ""), payload.get("to_agency", "")]
        sides = [
            Side(
                str(name),
                chain_for(agency_id=agency_id) in chains,
                found.get(chain_for(agency_id=agency_id)),
            )
            for agency_id, name in zip(ids, names, strict=False)
        ]
        pair = pairs.setdefault(exchange, Pair(exchange, " and ".join(str(n) for n in names)))
        pair.steps.append(Step(str(describe(first, {})[0]), first.occurred_at, sides))
    return {
        "pairs": list(reversed(pairs.values())),
        "agencies": agencies,
        "check": check_exchanges(chains=chains),
    }

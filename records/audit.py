"""The audit log: append-only, hash-chained, one chain per agency (docs/adr/0003).

`append` is the only way an event is written. It must run inside the caller's
transaction, so that an event exists if and only if the change it records was committed.
"""

from __future__ import annotations

import datetime
import decimal
import hashlib
import ipaddress
import json
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction

from agencies.roles import membership_of

from . import context
from .models import AuditChainHead, AuditEvent

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

GENESIS = "0" * 64
SYSTEM_CHAIN = "system"

# The fields that the hash covers, in the order of the table's columns.
HASHED_FIELDS = (
    "chain",
    "seq",
    "occurred_at",
    "actor_id",
    "actor_username",
    "actor_agency_id",
    "actor_agency_name",
    "actor_role",
    "action",
    "object_type",
    "object_id",
    "case_id",
    "payload",
    "request_id",
    "ip",
    "prev_hash",
)


@dataclass(frozen=True)
class Actor:
    id: int | None
    username: str
    agency_id: int | None
    agency_name: str
    role: str

    @classmethod
    def of(cls, user: User | AnonymousUser | None) -> Actor:
        if user is None or not user.is_authenticated:
            return cls(None, "", None, "", "")
        membership = membership_of(user)
        return cls(
            id=user.pk,
            username=user.get_username(),
            agency_id=membership.agency_id if membership else None,
            agency_name=membership.agency.name if membership else "",
            role=membership.role if membership else ("superuser" if user.is_superuser else ""),
        )


def chain_for(*, agency_id: int | None) -> str:
    return f"agency:{agency_id}" if agency_id is not None else SYSTEM_CHAIN


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, set | frozenset | tuple):
        return sorted(value, key=str)
    raise TypeError(f"{type(value).__name__} cannot go into an audit payload")


def _normalise(value: Any) -> Any:
    """JSON values that survive a round trip through jsonb unchanged (floats become text)."""
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, Mapping):
        return {str(k): _normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    return value


def canonical_payload(payload: Mapping[str, Any]) -> dict[str, Any]:
    return _normalise(json.loads(json.dumps(payload, default=_json_default)))


def compute_hash(values: Mapping[str, Any]) -> str:
    occurred_at = values["occurred_at"]
    if isinstance(occurred_at, datetime.datetime):
        occurred_at = occurred_at.astimezone(datetime.UTC).isoformat(timespec="microseconds")
    ip = values["ip"]
    record = {name: values[name] for name in HASHED_FIELDS}
    record["occurred_at"] = occurred_at
    record["ip"] = str(ipaddress.ip_address(ip)) if ip else None
    body = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


_ADVANCE_HEAD = f"""
    INSERT INTO {AuditChainHead._meta.db_table} (chain, seq, head_hash) VALUES (%s, 1, %s)
    ON CONFLICT (chain) DO UPDATE SET seq = {AuditChainHead._meta.db_table}.seq + 1
    RETURNING seq, head_hash, clock_timestamp()
"""  # noqa: S608  (table names are ours, values are parameters)

_INSERT_AND_MOVE_HEAD = f"""
    WITH event AS (
        INSERT INTO {AuditEvent._meta.db_table} ({", ".join(HASHED_FIELDS)}, hash)
        VALUES ({", ".join(["%s"] * (len(HASHED_FIELDS) + 1))})
        RETURNING id
    )
    UPDATE {AuditChainHead._meta.db_table} SET head_hash = %s WHERE chain = %s
    RETURNING (SELECT id FROM event)
"""  # noqa: S608


def append(
    *,
    actor: User | AnonymousUser | Actor | None,
    action: str,
    object_type: str = "",
    object_id: object = "",
    case_id: int | None = None,
    agency_id: int | None = None,
    payload: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to its agency's chain, inside the caller's transaction.

    `agency_id` picks the chain: the agency that owns the record the event is about
    (a case's agency), falling back to the actor's agency, then the system chain.
    """
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError(
            "audit.append must run inside the transaction of the change it records"
        )
    who = actor if isinstance(actor, Actor) else Actor.of(actor)
    request = context.current()
    chain = chain_for(agency_id=agency_id if agency_id is not None else who.agency_id)
    with connection.cursor() as cursor:
        cursor.execute(_ADVANCE_HEAD, [chain, GENESIS])
        seq, prev_hash, occurred_at = cursor.fetchone()
        values: dict[str, Any] = {
            "chain": chain,
            "seq": seq,
            "occurred_at": occurred_at,
            "actor_id": who.id,
            "actor_username": who.username,
            "actor_agency_id": who.agency_id,
            "actor_agency_name": who.agency_name,
            "actor_role": who.role,
            "action": action,
            "object_type": object_type,
            "object_id": str(object_id) if object_id not in (None, "") else "",
            "case_id": case_id,
            "payload": canonical_payload(payload or {}),
            "request_id": request.request_id,
            "ip": request.ip,
            "prev_hash": prev_hash,
        }
        digest = compute_hash(values)
        params = [values[name] for name in HASHED_FIELDS]
        params[HASHED_FIELDS.index("payload")] = json.dumps(values["payload"])
        cursor.execute(_INSERT_AND_MOVE_HEAD, [*params, digest, digest, chain])
        (event_id,) = cursor.fetchone()
    return AuditEvent(id=event_id, hash=digest, **values)


# --- verification -----------------------------------------------------------------------


@dataclass(frozen=True)
class Break:
    chain: str
    seq: int
    event_id: int | None
    reason: str

    def __str__(self) -> str:
        where = f"event {self.event_id}" if self.event_id is not None else "chain head"
        return f"{where} ({self.chain} #{self.seq}): {self.reason}"


@dataclass
class Verification:
    events: int = 0
    chains: int = 0
    heads: dict[str, str] = field(default_factory=dict)
    first_break: Break | None = None

    @property
    def intact(self) -> bool:
        return self.first_break is None


def _rows(chain: str, chunk_size: int) -> Iterator[tuple[Any, ...]]:
    columns = ", ".join(["id", *HASHED_FIELDS, "hash"])
    with transaction.atomic(), connection.cursor() as cursor:
        name = f"verify_{uuid.uuid4().hex}"
        cursor.execute(
            f"DECLARE {name} NO SCROLL CURSOR FOR SELECT {columns} "  # noqa: S608
            f"FROM {AuditEvent._meta.db_table} WHERE chain = %s ORDER BY seq",
            [chain],
        )
        while True:
            cursor.execute(f"FETCH FORWARD {int(chunk_size)} FROM {name}")
            batch = cursor.fetchall()
            if not batch:
                break
            yield from batch
        cursor.execute(f"CLOSE {name}")


def verify_chain(
    chain: str, *, head: tuple[int, str] | None, chunk_size: int = 20000
) -> tuple[int, str, Break | None]:
    """Walk one chain; return (events checked, last hash, first break or None)."""
    expected_prev = GENESIS
    expected_seq = 1
    count = 0
    for row in _rows(chain, chunk_size):
        event_id, stored_hash = row[0], row[-1]
        values = dict(zip(HASHED_FIELDS, row[1:-1], strict=True))
        if isinstance(values["payload"], str):  # Django reads jsonb as text on raw cursors
            values["payload"] = json.loads(values["payload"])
        count += 1
        seq = values["seq"]
        if seq != expected_seq:
            return (
                count,
                expected_prev,
                Break(
                    chain,
                    seq,
                    event_id,
                    f"sequence jumps from {expected_seq - 1} to {seq}: "
                    "an event is missing or moved",
                ),
            )
        if values["prev_hash"] != expected_prev:
            return (
                count,
                expected_prev,
                Break(chain, seq, event_id, "does not point at the hash of the event before it"),
            )
        if compute_hash(values) != stored_hash:
            return (
                count,
                expected_prev,
                Break(chain, seq, event_id, "contents do not match its hash"),
            )
        expected_prev = stored_hash
        expected_seq += 1
    if head is not None and (head[0] != expected_seq - 1 or head[1] != expected_prev):
        return (
            count,
            expected_prev,
            Break(
                chain,
                head[0],
                None,
                f"chain head says #{head[0]} but the last intact event is "
                f"#{expected_seq - 1}: events were removed",
            ),
        )
    return count, expected_prev, None


def verify(*, chains: list[str] | None = None) -> Verification:
    heads = {row.chain: (row.seq, row.head_hash) for row in AuditChainHead.objects.all()}
    names = sorted(set(heads) | set(AuditEvent.objects.values_list("chain", flat=True).distinct()))
    if chains is not None:
        names = [name for name in names if name in chains]
    result = Verification()
    for name in names:
        count, last_hash, broken = verify_chain(name, head=heads.get(name))
        result.events += count
        result.chains += 1
        result.heads[name] = last_hash
        if broken is not None and result.first_break is None:
            result.first_break = broken
    return result

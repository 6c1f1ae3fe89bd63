"""Appending to the audit log: `append` is the only way an event is written.

It must run inside the caller's transaction, so that an event exists if and only if the
change it records was committed. One chain per agency (docs/adr/0003).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction

from . import context, encoding, sql
from .models import AuditEvent

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

SYSTEM_CHAIN = "system"


@dataclass(frozen=True)
class Actor:
    """Who did it, as they were at the time: the log keeps names, not references."""

    id: int | None
    username: str
    agency_id: int | None
    agency_name: str
    role: str


NOBODY = Actor(None, "", None, "", "")

# Who a signed-in user is (their agency and role) is known to the apps above this one;
# `agencies` registers how to find out when it is ready (agencies/apps.py).
ActorResolver = Callable[["User"], Actor]
_resolver: ActorResolver | None = None


def register_actor_resolver(resolver: ActorResolver) -> None:
    global _resolver
    _resolver = resolver


def actor_of(user: User | AnonymousUser | Actor | None) -> Actor:
    if isinstance(user, Actor):
        return user
    if user is None or not user.is_authenticated:
        return NOBODY
    if _resolver is not None:
        return _resolver(user)
    role = "superuser" if user.is_superuser else ""
    return Actor(user.pk, user.get_username(), None, "", role)


def chain_for(*, agency_id: int | None) -> str:
    return f"agency:{agency_id}" if agency_id is not None else SYSTEM_CHAIN


_APPEND = sql.append_statement()
_COLUMNS = ("id", *encoding.HASHED_FIELDS, "hash")


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
    who = actor_of(actor)
    request = context.current()
    chain = chain_for(agency_id=agency_id if agency_id is not None else who.agency_id)
    values: dict[str, Any] = {
        "chain": chain,
        "actor_id": who.id,
        "actor_username": who.username,
        "actor_agency_id": who.agency_id,
        "actor_agency_name": who.agency_name,
        "actor_role": who.role,
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id) if object_id not in (None, "") else "",
        "case_id": case_id,
        "payload": encoding.canonical_payload(payload or {}),
        "request_id": request.request_id,
        "ip": request.ip,
    }
    arguments = [
        chain,
        *(
            encoding.encode_json(values[name]) if name == "payload" else values[name]
            for name in encoding.CALLER_FIELDS
        ),
        *encoding.database_parts(values),
    ]
    with connection.cursor() as cursor:
        cursor.execute(_APPEND, arguments)
        event_id, seq, prev_hash, occurred_at, digest = cursor.fetchone()
    values.update(seq=seq, occurred_at=occurred_at, prev_hash=prev_hash)
    if encoding.event_hash(values) != digest:  # pragma: no cover - would be a bug, caught here
        transaction.set_rollback(True)
        raise RuntimeError(f"audit: the database hashed event {chain} #{seq} differently")
    values.update(id=event_id, hash=digest)
    return AuditEvent(*(values[name] for name in _COLUMNS))  # positional: Django's fast path

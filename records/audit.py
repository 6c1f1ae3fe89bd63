"""The audit log: append-only, hash-chained, one chain per agency (docs/adr/0003).

`append` is the only way an event is written. It must run inside the caller's
transaction, so that an event exists if and only if the change it records was committed.
"""

from __future__ import annotations

import contextlib
import datetime
import decimal
import functools
import hashlib
import ipaddress
import json
import multiprocessing
import multiprocessing.util
import os
import re
import threading
import uuid
from collections.abc import Generator, Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

import psycopg
from django.db import connection, transaction
from psycopg import sql
from psycopg.types.string import TextLoader

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


# json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
_canonical_json = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode


@functools.lru_cache(maxsize=4096)
def _normal_ip(ip: str) -> str:
    return str(ipaddress.ip_address(ip))


def compute_hash(values: Mapping[str, Any]) -> str:
    occurred_at = values["occurred_at"]
    if isinstance(occurred_at, datetime.datetime):
        occurred_at = occurred_at.astimezone(datetime.UTC).isoformat(timespec="microseconds")
    ip = values["ip"]
    record = {name: values[name] for name in HASHED_FIELDS}
    record["occurred_at"] = occurred_at
    record["ip"] = _normal_ip(ip) if ip else None
    body = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


# One round trip per event: records_audit_append() (migration records.0003) locks the
# chain's head, reads the clock, hashes the canonical JSON around the time, previous hash
# and seq (which only the database knows), inserts the event and moves the head.
_APPEND = f"SELECT * FROM records_audit_append({', '.join(['%s'] * 17)})"  # noqa: S608
# The canonical JSON's keys in order, cut where the database fills in a value.
_KEYS_BEFORE_TIME = (
    "action",
    "actor_agency_id",
    "actor_agency_name",
    "actor_id",
    "actor_role",
    "actor_username",
    "case_id",
    "chain",
    "ip",
    "object_id",
    "object_type",
)
if (*_KEYS_BEFORE_TIME, "occurred_at", "payload", "prev_hash", "request_id", "seq") != tuple(
    sorted(HASHED_FIELDS)
):  # pragma: no cover - a guard for editors
    raise RuntimeError("_KEYS_BEFORE_TIME must be the sorted HASHED_FIELDS before occurred_at")
_EVENT_FIELDS = tuple(f.attname for f in AuditEvent._meta.concrete_fields)


def _json_value(value: Any) -> str:
    """_canonical_json(value), quicker for the strings, numbers and nulls of an event."""
    if value.__class__ is str:
        return _encode_str(value)
    if value is None:
        return "null"
    if value.__class__ is int:
        return int.__repr__(value)
    return _canonical_json(value)


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
        "payload": canonical_payload(payload or {}),
        "request_id": request.request_id,
        "ip": request.ip,
    }
    # The canonical JSON, as compute_hash writes it, but for the time, the previous hash
    # and the seq.
    hashed_ip = _normal_ip(request.ip) if request.ip else None
    head = ",".join(
        f'"{key}":{_json_value(hashed_ip if key == "ip" else values[key])}'
        for key in _KEYS_BEFORE_TIME
    )
    payload_json = _canonical_json(values["payload"])
    with connection.cursor() as cursor:
        cursor.execute(
            _APPEND,
            [
                chain,
                GENESIS,
                who.id,
                who.username,
                who.agency_id,
                who.agency_name,
                who.role,
                action,
                object_type,
                values["object_id"],
                case_id,
                payload_json,
                request.request_id,
                request.ip,
                f'{{{head},"occurred_at":',
                f',"payload":{payload_json},"prev_hash":',
                f',"request_id":{_json_value(request.request_id)},"seq":',
            ],
        )
        event_id, seq, prev_hash, occurred_at, digest = cursor.fetchone()
    values.update(id=event_id, seq=seq, occurred_at=occurred_at, prev_hash=prev_hash, hash=digest)
    if compute_hash(values) != digest:  # pragma: no cover - would be a bug, caught here
        transaction.set_rollback(True)
        raise RuntimeError(
            f"audit: the database hashed event {chain} #{seq} differently from compute_hash"
        )
    return AuditEvent(*(values[name] for name in _EVENT_FIELDS))


# --- verification -----------------------------------------------------------------------
#
# `verify` is the one thing that reads the whole log, so it is written for speed
# (docs/adr/0007-audit-log-at-scale.md):
#
# * events are read with COPY ... TO STDOUT, as lines of text: no model instances, no
#   conversion of each column to a Python object;
# * `_line_hash` writes the same canonical JSON as `compute_hash` straight from a line;
# * a large log is cut into segments (a chain and a range of seq) that worker processes
#   verify in parallel, each on its own connection but all on one exported snapshot.
#   Each segment starts from the stored hash of the event just before it; the parent then
#   joins the segments up in order, so the result (and the first break) is exactly what
#   walking every chain from its first event finds.
#
# Small logs, and calls made inside a transaction (which may hold uncommitted events that
# other connections cannot see), are walked in this process on Django's connection.

PARALLEL_MIN_EVENTS = 200_000
SEGMENT_EVENTS = 250_000

_TABLE = AuditEvent._meta.db_table
_HEADS_TABLE = AuditChainHead._meta.db_table

# The columns of a line: the id, then the hashed fields in the order of the canonical
# JSON's keys (sorted), but for the payload, which comes last (after the stored hash):
# COPY escapes tabs, so a line splits on tabs into exactly these columns.
_LINE_COLUMNS = (
    "id",
    "action",
    "actor_agency_id",
    "actor_agency_name",
    "actor_id",
    "actor_role",
    "actor_username",
    "case_id",
    "chain",
    "ip",
    "object_id",
    "object_type",
    "occurred_at",
    "prev_hash",
    "request_id",
    "seq",
    "hash",
    "payload",
)
if sorted(HASHED_FIELDS) != sorted(set(_LINE_COLUMNS) - {"id", "hash"}) or [
    name for name in _LINE_COLUMNS if name not in ("id", "hash", "payload")
] != sorted(set(HASHED_FIELDS) - {"payload"}):  # pragma: no cover - a guard for editors
    raise RuntimeError("_LINE_COLUMNS must list HASHED_FIELDS in sorted order, payload last")
_ID, _SEQ, _PREV_HASH, _HASH, _PAYLOAD = (
    _LINE_COLUMNS.index(name) for name in ("id", "seq", "prev_hash", "hash", "payload")
)
# The time in UTC, as "YYYY-MM-DD HH:MM:SS[.ffffff]" (DateStyle ISO; see _READ_SETTINGS).
_SELECT_LINE = ", ".join(
    "occurred_at AT TIME ZONE 'UTC'" if name == "occurred_at" else name for name in _LINE_COLUMNS
)

_DISTINCT_CHAINS = f"""
    WITH RECURSIVE chains(chain) AS (
        SELECT min(chain) FROM {_TABLE}
        UNION ALL
        SELECT (SELECT min(chain) FROM {_TABLE} WHERE chain > chains.chain)
        FROM chains WHERE chains.chain IS NOT NULL
    )
    SELECT chain FROM chains WHERE chain IS NOT NULL
"""  # noqa: S608  (a loose index scan: one probe of (chain, seq) per chain, not a table scan)
_CHAIN_EXISTS = f"SELECT EXISTS (SELECT 1 FROM {_TABLE} WHERE chain = %s)"  # noqa: S608
_HEADS = f"SELECT chain, seq, head_hash FROM {_HEADS_TABLE}"  # noqa: S608
_LAST_SEQ = f"SELECT max(seq) FROM {_TABLE} WHERE chain = %s"  # noqa: S608
_HASH_AT = f"SELECT hash FROM {_TABLE} WHERE chain = %s AND seq = %s"  # noqa: S608

_encode_str = json.encoder.encode_basestring
_sha256 = hashlib.sha256
_scan: Any = None
_encode: Any = None
try:  # the C scanner and encoder that json.loads and json.dumps use, without their wrappers
    from _json import make_encoder, make_scanner

    _scan = make_scanner(cast(Any, json.JSONDecoder()))
    _encode = make_encoder(
        None, json.JSONEncoder().default, _encode_str, None, ":", ",", True, False, True
    )
except ImportError:  # pragma: no cover - not CPython
    pass
_small_payloads: dict[str, str] = {}

# COPY's text format: NULL is \N; backslash, and backspace, form feed, newline, carriage
# return, tab and vertical tab are written as backslash escapes; nothing else is escaped.
_NULL = "\\N"
_COPY_ESCAPE = re.compile(r"\\(.)")
_COPY_ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}


def _unescape(text: str) -> str | None:
    if text == _NULL:
        return None
    if "\\" not in text:
        return text
    return _COPY_ESCAPE.sub(lambda m: _COPY_ESCAPES.get(m[1], m[1]), text)


def _payload_json(text: str | None) -> str:
    """The payload (jsonb as text) as `compute_hash` writes it: json.loads, then sorted."""
    if text is None:
        return "null"
    found = _small_payloads.get(text)
    if found is not None:
        return found
    if _scan is None or _encode is None:  # pragma: no cover
        result = _canonical_json(json.loads(text))
    else:
        result = "".join(_encode(_scan(text, 0)[0], 0))
    if len(text) <= 64 and len(_small_payloads) < 10_000:  # {} and the like recur
        _small_payloads[text] = result
    return result


@functools.lru_cache(maxsize=4096)
def _ip_json(ip: str | None) -> str:
    return _encode_str(_normal_ip(ip)) if ip else "null"


def _iso(timestamp: str) -> str:
    """'2026-01-02 03:04:05.67' (in UTC) as compute_hash writes the time:
    '2026-01-02T03:04:05.670000+00:00'."""
    clock = timestamp[11:]
    if len(clock) == 8:
        clock += "."
    return f"{timestamp[:10]}T{clock:0<15}+00:00"


def _line_hash(line: str, f: list[str]) -> str:
    """`compute_hash` of the event on `line`, split on tabs into `f` (see _LINE_COLUMNS).

    The same JSON as `json.dumps(..., sort_keys=True, separators=(",", ":"),
    ensure_ascii=False)`, written directly: tests/records/test_audit_verify.py holds the
    two to the same answer.
    """
    # Most lines need no escaping: then each text column's JSON is its text in quotes.
    # (The numbers, the IP and the time never need it; NULL is \N, checked below.)
    text = "".join([f[1], f[3], f[5], f[6], f[8], f[10], f[11], f[13], f[14]])
    plain = text.isprintable() and '"' not in text and "\\" not in text
    if not plain:
        values = [_unescape(text) for text in f]
        fields = ",".join(f'"{name}":{_json_of(name, values[n])}' for n, name in _BODY_ORDER)
        return _sha256(f"{{{fields}}}".encode()).hexdigest()
    text = f[_PAYLOAD]
    # COPY doubled the backslashes of the JSON's own escapes (and \N is NULL).
    payload = _unescape(text) if "\\" in text else text
    body = (
        f'{{"action":"{f[1]}"'
        f',"actor_agency_id":{"null" if f[2] == _NULL else f[2]}'
        f',"actor_agency_name":"{f[3]}"'
        f',"actor_id":{"null" if f[4] == _NULL else f[4]}'
        f',"actor_role":"{f[5]}"'
        f',"actor_username":"{f[6]}"'
        f',"case_id":{"null" if f[7] == _NULL else f[7]}'
        f',"chain":"{f[8]}"'
        f',"ip":{_ip_json(None if f[9] == _NULL else f[9])}'
        f',"object_id":"{f[10]}"'
        f',"object_type":"{f[11]}"'
        f',"occurred_at":"{_iso(f[12])}"'
        f',"payload":{_payload_json(payload)}'
        f',"prev_hash":"{f[13]}"'
        f',"request_id":"{f[14]}"'
        f',"seq":{f[15]}}}'
    )
    return _sha256(body.encode()).hexdigest()


_BODY_ORDER = [(_LINE_COLUMNS.index(name), name) for name in sorted(HASHED_FIELDS)]
_NUMBERS = frozenset({"actor_agency_id", "actor_id", "case_id", "seq"})


def _json_of(name: str, value: str | None) -> str:
    """One field's JSON, the slow way (for a line with characters JSON must escape)."""
    if name == "payload":
        return _payload_json(value)
    if value is None:
        return "null"
    if name in _NUMBERS:
        return value
    if name == "ip":
        return _ip_json(value)
    if name == "occurred_at":
        return _encode_str(_iso(value))
    return _encode_str(value)


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


@dataclass(frozen=True)
class _Walk:
    """Where a walk over consecutive events of one chain stopped."""

    count: int  # events read, the broken one included
    next_seq: int  # the seq the next event must have
    last_hash: str  # the hash of the last intact event (what the next must point at)
    first: tuple[int, int] | None  # (seq, id) of the first event read
    broken: Break | None


def _jump(expected_seq: int, seq: int) -> str:
    return f"sequence jumps from {expected_seq - 1} to {seq}: an event is missing or moved"


def _walk(lines: Iterable[str], chain: str, seq: int, prev: str) -> _Walk:
    count = 0
    first: tuple[int, int] | None = None
    for line in lines:
        count += 1
        f = line.split("\t")
        row_seq = int(f[_SEQ])
        if first is None:
            first = (row_seq, int(f[_ID]))
        if row_seq != seq:
            broken = Break(chain, row_seq, int(f[_ID]), _jump(seq, row_seq))
            return _Walk(count, seq, prev, first, broken)
        text = f[_PREV_HASH]
        prev_hash = _unescape(text) if "\\" in text else text  # a COPY escape, or \N: NULL
        if prev_hash != prev:
            reason = "does not point at the hash of the event before it"
            return _Walk(count, seq, prev, first, Break(chain, row_seq, int(f[_ID]), reason))
        text = f[_HASH]
        digest = _unescape(text) if "\\" in text else text
        if digest is None or _line_hash(line, f) != digest:
            reason = "contents do not match its hash"
            return _Walk(count, seq, prev, first, Break(chain, row_seq, int(f[_ID]), reason))
        prev = digest
        seq += 1
    return _Walk(count, seq, prev, first, None)


def _head_break(chain: str, head: tuple[int, str] | None, next_seq: int, last: str) -> Break | None:
    if head is None or (head[0] == next_seq - 1 and head[1] == last):
        return None
    return Break(
        chain,
        head[0],
        None,
        f"chain head says #{head[0]} but the last intact event is "
        f"#{next_seq - 1}: events were removed",
    )


# For the transaction that reads: times as "YYYY-MM-DD HH:MM:SS[.ffffff]" (for _iso), and
# each chain read through its (chain, seq) index in order. Left to itself, the planner
# may pick a parallel bitmap scan and an external sort, which costs far more CPU here.
_READ_SETTINGS = (
    "SET LOCAL DateStyle TO ISO; "
    "SET LOCAL enable_seqscan TO off; "
    "SET LOCAL enable_bitmapscan TO off; "
    "SET LOCAL max_parallel_workers_per_gather TO 0"
)


def _lines(
    cursor: Any, chain: str, *, lo: int | None = None, hi: int | None = None
) -> Generator[str, None, None]:
    """The events of one chain with lo <= seq <= hi, in seq order, as lines (no newline)."""
    where = "chain = %s"
    if lo is not None:
        where += f" AND seq >= {int(lo)}"
    if hi is not None:
        where += f" AND seq <= {int(hi)}"
    statement = f"COPY (SELECT {_SELECT_LINE} FROM {_TABLE} WHERE {where} ORDER BY seq) TO STDOUT"  # noqa: S608
    with cursor.copy(statement, [chain]) as copy:
        for data in copy:
            yield str(data, "utf-8")[:-1]


def verify_chain(
    chain: str, *, head: tuple[int, str] | None, chunk_size: int = 20000
) -> tuple[int, str, Break | None]:
    """Walk one chain on Django's connection; return (events checked, last hash, first break
    or None). Reads as it goes, in constant memory (`chunk_size` is no longer used)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_READ_SETTINGS)
        with contextlib.closing(_lines(cursor.cursor, chain)) as lines:
            walked = _walk(lines, chain, 1, GENESIS)
        transaction.set_rollback(True)  # undoes the SET LOCALs; nothing was written
    broken = walked.broken or _head_break(chain, head, walked.next_seq, walked.last_hash)
    return walked.count, walked.last_hash, broken


def _chain_names(
    cursor: Any, heads: Mapping[str, tuple[int, str]], chains: list[str] | None
) -> list[str]:
    if chains is None:
        cursor.execute(_DISTINCT_CHAINS)
        return sorted(set(heads) | {row[0] for row in cursor.fetchall()})
    names = []
    for name in set(chains):
        cursor.execute(_CHAIN_EXISTS, [name])
        if name in heads or cursor.fetchone()[0]:
            names.append(name)
    return sorted(names)


def verify(
    *,
    chains: list[str] | None = None,
    workers: int | None = None,
    segment_events: int | None = None,
    min_parallel_events: int | None = None,
) -> Verification:
    """Check every event of every chain (or of `chains`); name the first broken link.

    "First" means the first break in the lowest-named broken chain. Once the chain heads
    add up to `min_parallel_events` (default PARALLEL_MIN_EVENTS) events, `workers`
    processes verify segments of `segment_events` (default SEGMENT_EVENTS) events in
    parallel; never inside a transaction, whose uncommitted events other connections
    cannot see. The workers are forked, so by default (`workers=None`) there is one per
    CPU only when this process runs no other thread, and none otherwise.
    """
    if workers is None:
        workers = (os.cpu_count() or 1) if threading.active_count() == 1 else 1
    threshold = PARALLEL_MIN_EVENTS if min_parallel_events is None else min_parallel_events
    if (
        workers > 1
        and not connection.in_atomic_block
        and "fork" in multiprocessing.get_all_start_methods()
        and _head_events(chains) >= threshold
    ):
        return _verify_in_parallel(
            chains, workers=workers, segment_events=segment_events or SEGMENT_EVENTS
        )
    if connection.in_atomic_block:  # the caller's transaction, with its own new events
        return _verify_in_process(chains)
    with transaction.atomic(), connection.cursor() as cursor:
        # One snapshot for the heads and every chain, so that events appended meanwhile
        # are not taken for removed ones.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        return _verify_in_process(chains)


def _head_events(chains: list[str] | None) -> int:
    heads = AuditChainHead.objects.all()
    if chains is not None:
        heads = heads.filter(chain__in=chains)
    return sum(heads.values_list("seq", flat=True))


def _verify_in_process(chains: list[str] | None) -> Verification:
    heads = {row.chain: (row.seq, row.head_hash) for row in AuditChainHead.objects.all()}
    with connection.cursor() as cursor:
        names = _chain_names(cursor, heads, chains)
    result = Verification()
    for name in names:
        count, last_hash, broken = verify_chain(name, head=heads.get(name))
        result.events += count
        result.chains += 1
        result.heads[name] = last_hash
        if broken is not None and result.first_break is None:
            result.first_break = broken
    return result


# --- parallel verification --------------------------------------------------------------


@dataclass(frozen=True)
class _Segment:
    lo: int | None  # first seq of the range (None: from the start of the chain)
    hi: int | None  # last seq of the range (None: to the end of the chain)
    start_prev: str  # stored hash of event lo - 1 (GENESIS for the first segment)
    walk: _Walk


def _connection_params() -> dict[str, Any]:
    """Django's connection settings as plain psycopg keywords (the test database too)."""
    params = connection.get_connection_params()
    return {
        key: value
        for key, value in params.items()
        if isinstance(value, str | int | float) and not isinstance(value, bool)
    }


def _snapshot_connection(params: Mapping[str, Any]) -> psycopg.Connection[Any]:
    conn = psycopg.connect(**params, autocommit=False)
    conn.adapters.register_loader("inet", TextLoader)  # as Django's connection reads it
    conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    conn.read_only = True
    return conn


_worker_connections: dict[str, psycopg.Connection[Any]] = {}


def _worker_connection(params: Mapping[str, Any]) -> psycopg.Connection[Any]:
    key = repr(sorted(params.items()))
    conn = _worker_connections.get(key)
    if conn is None or conn.closed:
        conn = _worker_connections[key] = _snapshot_connection(params)
        multiprocessing.util.Finalize(None, conn.close, exitpriority=10)
    return conn


def _verify_segment(
    params: Mapping[str, Any], snapshot: str, chain: str, lo: int | None, hi: int | None
) -> _Segment:
    """Worker process: verify events lo..hi of one chain, as of the parent's snapshot."""
    conn = _worker_connection(params)
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql.SQL("SET TRANSACTION SNAPSHOT {}").format(sql.Literal(snapshot)))
            cursor.execute(_READ_SETTINGS)
            start_seq, start_prev = 1, GENESIS
            if lo is not None:
                start_seq = lo
                cursor.execute(_HASH_AT, [chain, lo - 1])
                found = cursor.fetchone()
                start_prev = found[0] if found else ""
            with contextlib.closing(_lines(cursor, chain, lo=lo, hi=hi)) as lines:
                walked = _walk(lines, chain, start_seq, start_prev)
    finally:
        conn.rollback()
    return _Segment(lo, hi, start_prev, walked)


def _segment_bounds(last_seq: int, size: int) -> list[tuple[int | None, int | None]]:
    pieces = max(1, -(-last_seq // max(1, size)))
    return [
        (None if n == 0 else n * size + 1, None if n == pieces - 1 else (n + 1) * size)
        for n in range(pieces)
    ]


def _join(
    chain: str, segments: list[_Segment], head: tuple[int, str] | None
) -> tuple[int, str, Break | None] | None:
    """Join one chain's segments into what a single walk from its first event finds.

    Returns None if the segments do not meet (only possible if the table changed under
    a snapshot, i.e. never); the caller then walks the chain in one piece.
    """
    count = 0
    next_seq, last_hash = 1, GENESIS
    for n, segment in enumerate(segments):
        if n and segment.start_prev != last_hash:
            return None
        walked = segment.walk
        count += walked.count
        if walked.broken is not None:
            return count, walked.last_hash, walked.broken
        next_seq, last_hash = walked.next_seq, walked.last_hash
        if segment.hi is None or next_seq == segment.hi + 1:
            continue  # the walk went right through this segment
        # The events ran out before the end of the segment: the next event there is
        # (the first of a later segment) does not have the seq the walk expects.
        for later in segments[n + 1 :]:
            if later.walk.first is not None:
                seq, event_id = later.walk.first
                return count + 1, last_hash, Break(chain, seq, event_id, _jump(next_seq, seq))
        break
    return count, last_hash, _head_break(chain, head, next_seq, last_hash)


def _verify_in_parallel(
    chains: list[str] | None, *, workers: int, segment_events: int
) -> Verification:
    params = _connection_params()
    with _snapshot_connection(params) as conn:
        with conn.cursor() as cursor:
            cursor.execute(_HEADS)
            heads = {chain: (seq, head_hash) for chain, seq, head_hash in cursor.fetchall()}
            names = _chain_names(cursor, heads, chains)
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone() or ("",)
            plan: dict[str, list[tuple[int | None, int | None]]] = {}
            for name in names:
                cursor.execute(_LAST_SEQ, [name])
                plan[name] = _segment_bounds((cursor.fetchone() or (0,))[0] or 0, segment_events)
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = {
                name: [
                    pool.submit(_verify_segment, params, snapshot, name, lo, hi)
                    for lo, hi in bounds
                ]
                for name, bounds in plan.items()
            }
            segments = {name: [f.result() for f in pending] for name, pending in futures.items()}
        result = Verification()
        for name in names:
            joined = _join(name, segments[name], heads.get(name))
            if joined is None:  # pragma: no cover - see _join
                with conn.cursor() as cursor:
                    cursor.execute(_READ_SETTINGS)
                    with contextlib.closing(_lines(cursor, name)) as lines:
                        walked = _walk(lines, name, 1, GENESIS)
                broken = walked.broken or _head_break(
                    name, heads.get(name), walked.next_seq, walked.last_hash
                )
                joined = walked.count, walked.last_hash, broken
            count, last_hash, broken = joined
            result.events += count
            result.chains += 1
            result.heads[name] = last_hash
            if broken is not None and result.first_break is None:
                result.first_break = broken
        conn.rollback()
    return result

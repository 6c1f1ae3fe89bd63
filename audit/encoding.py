"""The canonical form of an audit event: what its hash covers, written down once.

Everything that hashes or checks an event derives from `FIELDS`: `event_hash` below, the
function the database runs to append (`audit.sql`), the verifier's line hasher
(`audit.lines`) and the benchmarks' bulk writers. `tests/audit/vectors.json` pins the
result (inputs, the exact text hashed and its digest), so an accidental change fails.

The canonical form is the JSON text of the hashed fields with the keys sorted, no spaces
and non-ASCII characters left unescaped (what `json.dumps(record, sort_keys=True,
separators=(",", ":"), ensure_ascii=False)` writes), in which:

- `occurred_at` is UTC ISO 8601 with microseconds: "2026-11-21T13:57:01.123456+00:00";
- `ip` is the address in its normal text form (`ipaddress`), or null;
- `payload` is itself canonical JSON; floats are kept as text, because jsonb would
  change them (`canonical_payload`).

Adding a hashed field means: a `Field` here, a migration (the column, and the append
function `audit.sql` then writes), and new vectors. Nothing else.

No Django imports: the benchmarks' generator imports this before Django is set up.
"""

from __future__ import annotations

import datetime
import decimal
import functools
import hashlib
import ipaddress
import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

GENESIS = "0" * 64  # the "previous hash" of a chain's first event

Kind = Literal["text", "integer", "time", "address", "json"]


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    kind: Kind
    # "database": the append function fills it in under the chain's lock (the seq, the
    # time and the previous hash are known only there); "caller": `append` supplies it.
    filled_by: Literal["caller", "database"] = "caller"


# In the order of the table's columns (after `id`, and before `hash`, which the hash
# cannot cover).
FIELDS: tuple[Field, ...] = (
    Field("chain", "text"),
    Field("seq", "integer", filled_by="database"),
    Field("occurred_at", "time", filled_by="database"),
    Field("actor_id", "integer"),
    Field("actor_username", "text"),
    Field("actor_agency_id", "integer"),
    Field("actor_agency_name", "text"),
    Field("actor_role", "text"),
    Field("action", "text"),
    Field("object_type", "text"),
    Field("object_id", "text"),
    Field("case_id", "integer"),
    Field("payload", "json"),
    Field("request_id", "text"),
    Field("ip", "address"),
    Field("prev_hash", "text", filled_by="database"),
)
BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}
HASHED_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS)
# The canonical JSON's keys, in order.
KEYS: tuple[str, ...] = tuple(sorted(HASHED_FIELDS))
# What the database fills in, in key order; and what `append` passes, in column order.
DATABASE_FIELDS: tuple[str, ...] = tuple(k for k in KEYS if BY_NAME[k].filled_by == "database")
CALLER_FIELDS: tuple[str, ...] = tuple(
    f.name for f in FIELDS if f.filled_by == "caller" and f.name != "chain"
)


# --- payloads ---------------------------------------------------------------------------


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
    """The payload as it will be stored and hashed: plain JSON values only."""
    return _normalise(json.loads(json.dumps(payload, default=_json_default)))


# --- the values, one way per kind ----------------------------------------------------------

encode_string: Callable[[str], str] = json.encoder.encode_basestring
encode_json: Callable[[Any], str] = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False
).encode


@functools.lru_cache(maxsize=4096)
def normal_ip(ip: str) -> str:
    return str(ipaddress.ip_address(ip))


def time_text(value: datetime.datetime | str) -> str:
    """The time as the hash writes it: UTC, microseconds, '+00:00'."""
    if isinstance(value, str):
        return value
    return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def _address(value: str | None) -> str | None:
    return normal_ip(value) if value else None


def _same(value: Any) -> Any:
    return value


# Each kind's value as a JSON value of the canonical form; the JSON encoder does the rest.
NORMALISERS: dict[Kind, Callable[[Any], Any]] = {
    "text": _same,
    "integer": _same,
    "time": time_text,
    "address": _address,
    "json": _same,
}
_NORMALISE = tuple((key, NORMALISERS[BY_NAME[key].kind]) for key in KEYS)
_NORMALISE_SOME = tuple((key, f) for key, f in _NORMALISE if f is not _same)


def encode_value(name: str, value: Any) -> str:
    """One field's value as the canonical JSON writes it."""
    return encode_json(NORMALISERS[BY_NAME[name].kind](value))


# --- the canonical text and its hash ----------------------------------------------------


def canonical_json(values: Mapping[str, Any]) -> str:
    """The exact text an event's hash covers. `values` holds every hashed field."""
    record = {key: values[key] for key in KEYS}
    for key, normalise in _NORMALISE_SOME:
        record[key] = normalise(record[key])
    return encode_json(record)  # the C encoder, keys sorted, as json.dumps writes them


def event_hash(values: Mapping[str, Any]) -> str:
    """The SHA-256 (hex) of the event's canonical JSON, in UTF-8."""
    return hashlib.sha256(canonical_json(values).encode("utf-8")).hexdigest()


def database_parts(values: Mapping[str, Any]) -> list[str]:
    """The canonical JSON cut where the database fills in `DATABASE_FIELDS`.

    One more part than there are such fields: the append function joins them with the
    values it fills in (in key order), which gives exactly `canonical_json`.
    """
    parts: list[str] = []
    current = "{"
    for n, (key, normalise) in enumerate(_NORMALISE):
        current += ("," if n else "") + f'"{key}":'
        if key in DATABASE_FIELDS:
            parts.append(current)
            current = ""
        else:
            current += encode_json(normalise(values[key]))
    parts.append(current + "}")
    return parts

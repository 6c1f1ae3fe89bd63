"""Events read as COPY writes them, and hashed straight from those lines (docs/adr/0007).

Verification is the one thing that reads the whole log, so it reads with
`COPY ... TO STDOUT`: lines of text, no model instances, no conversion of each column.
`line_hash` writes the same canonical JSON as `encoding.canonical_json` directly from a
line; its fast path is compiled from `encoding.FIELDS` when this module loads, so it
follows the definition like everything else (`tests/audit/test_verify.py` holds the two
to the same answer).
"""

from __future__ import annotations

import functools
import hashlib
import json
import operator
import re
from collections.abc import Callable, Generator, Mapping
from typing import Any, cast

from .encoding import BY_NAME, KEYS, encode_json, encode_string, normal_ip
from .sql import EVENT_TABLE

# The columns of a line: the id, then the hashed fields in the canonical JSON's key order
# but for the payload, which comes last, after the stored hash. COPY escapes tabs, so a
# line splits on tabs into exactly these columns.
LINE_COLUMNS: tuple[str, ...] = ("id", *(k for k in KEYS if k != "payload"), "hash", "payload")
_INDEX = {name: n for n, name in enumerate(LINE_COLUMNS)}
ID, SEQ, PREV_HASH, HASH, PAYLOAD, TIME = (
    _INDEX[n] for n in ("id", "seq", "prev_hash", "hash", "payload", "occurred_at")
)
# The time in UTC, as "YYYY-MM-DD HH:MM:SS[.ffffff]" (DateStyle ISO; see READ_SETTINGS).
_SELECT = ", ".join(
    "occurred_at AT TIME ZONE 'UTC'" if name == "occurred_at" else name for name in LINE_COLUMNS
)

# For the transaction that reads: times as "YYYY-MM-DD HH:MM:SS[.ffffff]" (for `iso`), and
# each chain read through its (chain, seq) index in order. Left to itself, the planner
# may pick a parallel bitmap scan and an external sort, which costs far more CPU here.
READ_SETTINGS = (
    "SET LOCAL DateStyle TO ISO; "
    "SET LOCAL enable_seqscan TO off; "
    "SET LOCAL enable_bitmapscan TO off; "
    "SET LOCAL max_parallel_workers_per_gather TO 0"
)


def lines(
    cursor: Any, chain: str, *, lo: int | None = None, hi: int | None = None
) -> Generator[str, None, None]:
    """The events of one chain with lo <= seq <= hi, in seq order, as lines (no newline)."""
    where = "chain = %s"
    if lo is not None:
        where += f" AND seq >= {int(lo)}"
    if hi is not None:
        where += f" AND seq <= {int(hi)}"
    statement = f"COPY (SELECT {_SELECT} FROM {EVENT_TABLE} WHERE {where} ORDER BY seq) TO STDOUT"  # noqa: S608
    with cursor.copy(statement, [chain]) as copy:
        for data in copy:
            yield str(data, "utf-8")[:-1]


_DISTINCT_CHAINS = f"""
    WITH RECURSIVE chains(chain) AS (
        SELECT min(chain) FROM {EVENT_TABLE}
        UNION ALL
        SELECT (SELECT min(chain) FROM {EVENT_TABLE} WHERE chain > chains.chain)
        FROM chains WHERE chains.chain IS NOT NULL
    )
    SELECT chain FROM chains WHERE chain IS NOT NULL
"""  # noqa: S608  (a loose index scan: one probe of (chain, seq) per chain, not a table scan)
_CHAIN_EXISTS = f"SELECT EXISTS (SELECT 1 FROM {EVENT_TABLE} WHERE chain = %s)"  # noqa: S608


def chain_names(
    cursor: Any, heads: Mapping[str, tuple[int, str]], chains: list[str] | None
) -> list[str]:
    """The chains to check, in order: every chain with events or a head, or those named."""
    if chains is None:
        cursor.execute(_DISTINCT_CHAINS)
        return sorted(set(heads) | {row[0] for row in cursor.fetchall()})
    names = []
    for name in set(chains):
        cursor.execute(_CHAIN_EXISTS, [name])
        if name in heads or cursor.fetchone()[0]:
            names.append(name)
    return sorted(names)


# --- COPY's text format -----------------------------------------------------------------
# NULL is \N; backslash, and backspace, form feed, newline, carriage return, tab and
# vertical tab are written as backslash escapes; nothing else is escaped.

NULL = "\\N"
_COPY_ESCAPE = re.compile(r"\\(.)")
_COPY_ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}


def unescape(text: str) -> str | None:
    if text == NULL:
        return None
    if "\\" not in text:
        return text
    return _COPY_ESCAPE.sub(lambda m: _COPY_ESCAPES.get(m[1], m[1]), text)


# --- column values as the canonical JSON writes them --------------------------------------

_scan: Any = None
_encode: Any = None
try:  # the C scanner and encoder that json.loads and json.dumps use, without their wrappers
    from _json import make_encoder, make_scanner

    _scan = make_scanner(cast(Any, json.JSONDecoder()))
    _encode = make_encoder(
        None, json.JSONEncoder().default, encode_string, None, ":", ",", True, False, True
    )
except ImportError:  # pragma: no cover - not CPython
    pass
_small_payloads: dict[str, str] = {}


def payload_json(text: str | None) -> str:
    """The payload (jsonb as text) as the canonical JSON writes it: parsed, then sorted."""
    if text is None:
        return "null"
    found = _small_payloads.get(text)
    if found is not None:
        return found
    if _scan is None or _encode is None:  # pragma: no cover
        result = encode_json(json.loads(text))
    else:
        result = "".join(_encode(_scan(text, 0)[0], 0))
    if len(text) <= 64 and len(_small_payloads) < 10_000:  # {} and the like recur
        _small_payloads[text] = result
    return result


@functools.lru_cache(maxsize=4096)
def ip_json(ip: str | None) -> str:
    return encode_string(normal_ip(ip)) if ip else "null"


def iso(timestamp: str) -> str:
    """'2026-01-02 03:04:05.67' (in UTC) as the canonical JSON writes the time:
    '2026-01-02T03:04:05.670000+00:00'."""
    clock = timestamp[11:]
    if len(clock) == 8:
        clock += "."
    return f"{timestamp[:10]}T{clock:0<15}+00:00"


def _slow_value(name: str, value: str | None) -> str:
    """One field's JSON, the slow way (for a line with characters JSON must escape)."""
    kind = BY_NAME[name].kind
    if kind == "json":
        return payload_json(value)
    if value is None:
        return "null"
    if kind == "integer":
        return value
    if kind == "address":
        return ip_json(value)
    if kind == "time":
        return encode_string(iso(value))
    return encode_string(value)


# --- the fast path, compiled from the definition ------------------------------------------


def _fast_source() -> str:
    """Source of `_plain_json(f, payload)`: the canonical JSON of a line whose text
    columns need no escaping, as one f-string (as quick as writing it out by hand)."""
    pieces = []
    for n, key in enumerate(KEYS):
        kind, i = BY_NAME[key].kind, _INDEX[key]
        value = {
            "text": f'"{{f[{i}]}}"',
            "integer": f'{{"null" if f[{i}] == NULL else f[{i}]}}',
            "address": f"{{ip_json(None if f[{i}] == NULL else f[{i}])}}",
            "time": f'"{{iso(f[{i}])}}"',
            "json": "{payload_json(payload)}",
        }[kind]
        pieces.append(("," if n else "{{") + f'"{key}":{value}')
    return "def _plain_json(f, payload):\n    return f'" + "".join(pieces) + "}}'\n"


_namespace: dict[str, Any] = {
    "NULL": NULL,
    "ip_json": ip_json,
    "iso": iso,
    "payload_json": payload_json,
}
exec(compile(_fast_source(), "<audit.lines fast path>", "exec"), _namespace)  # noqa: S102
_plain_json: Callable[[list[str], str | None], str] = _namespace["_plain_json"]
_text_columns = operator.itemgetter(
    *(_INDEX[name] for name in KEYS if BY_NAME[name].kind == "text")
)
_sha256 = hashlib.sha256


def line_hash(line: str, f: list[str]) -> str:
    """The hash of the event on `line`, split on tabs into `f` (see LINE_COLUMNS)."""
    # Most lines need no escaping: then each text column's JSON is its text in quotes.
    # (The numbers, the address and the time never need it; NULL is \N, caught here.)
    text = "".join(_text_columns(f))
    if text.isprintable() and '"' not in text and "\\" not in text:
        payload = f[PAYLOAD]
        # COPY doubled the backslashes of the JSON's own escapes (and \N is NULL).
        return _sha256(
            _plain_json(f, unescape(payload) if "\\" in payload else payload).encode()
        ).hexdigest()
    values = [unescape(column) for column in f]
    body = ",".join(f'"{key}":{_slow_value(key, values[_INDEX[key]])}' for key in KEYS)
    return _sha256(f"{{{body}}}".encode()).hexdigest()

"""The SQL the database runs to append an event, written from `audit.encoding.FIELDS`.

Migrations install this SQL as it was when they were written (a migration must not
change when the code does); `tests/audit/test_encoding.py` checks that what the database
runs now is what this module writes from the current definition, so a field added to
`FIELDS` without its migration fails the suite.

- `audit_event_hash(parts, <database fields>)`: the hash, from the canonical JSON's parts
  (`encoding.database_parts`) and the values only the database knows.
- `audit_lock_head(chain)`: locks the chain's head row until the transaction ends,
  creating it at the genesis hash for a chain's first event; returns its seq and hash.
  Every writer of a chain goes through it: `audit_append`, and the bulk writers of the
  benchmarks (`audit.heads`).
- `audit_move_head(chain, seq, hash)`: moves the locked head on.
- `audit_append(chain, <caller fields>, parts)`: all of it in one round trip.
"""

from __future__ import annotations

from .encoding import BY_NAME, CALLER_FIELDS, DATABASE_FIELDS, FIELDS, GENESIS, Kind

EVENT_TABLE = "audit_event"
HEAD_TABLE = "audit_chain_head"

_SQL_TYPES: dict[Kind, str] = {
    "text": "text",
    "integer": "bigint",
    "time": "timestamptz",
    "address": "inet",
    "json": "jsonb",
}
# How the database writes a value it fills in, as the canonical JSON has it
# (see encoding.ENCODERS; prev_hash is hex, so to_json's escaping never applies).
_SQL_JSON: dict[Kind, str] = {
    "text": "to_json({})::text",
    "integer": "{}::text",
    "time": "'\"' || to_char({} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US') || '+00:00\"'",
}


def _kind(name: str) -> Kind:
    return BY_NAME[name].kind


def hash_function() -> str:
    params = ", ".join(f"p_{name} {_SQL_TYPES[_kind(name)]}" for name in DATABASE_FIELDS)
    pieces = ["p_parts[1]"]
    for n, name in enumerate(DATABASE_FIELDS, start=2):
        pieces += [_SQL_JSON[_kind(name)].format(f"p_{name}"), f"p_parts[{n}]"]
    joined = "\n        || ".join(pieces)
    return f"""
CREATE OR REPLACE FUNCTION audit_event_hash(p_parts text[], {params})
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT encode(sha256(convert_to(
        {joined},
        'UTF8')), 'hex')
$$;
"""


def head_functions() -> str:
    return f"""
CREATE OR REPLACE FUNCTION audit_lock_head(p_chain text, OUT lock_seq bigint, OUT lock_hash text)
LANGUAGE plpgsql AS $$
BEGIN
    -- Held until the caller's transaction ends: a second writer on the same chain, in
    -- any process, waits here and then reads what the first committed.
    SELECT h.seq, h.head_hash INTO lock_seq, lock_hash
        FROM {HEAD_TABLE} h WHERE h.chain = p_chain FOR UPDATE;
    IF NOT FOUND THEN  -- the chain's first event
        INSERT INTO {HEAD_TABLE} (chain, seq, head_hash)
            VALUES (p_chain, 0, '{GENESIS}') ON CONFLICT (chain) DO NOTHING;
        SELECT h.seq, h.head_hash INTO lock_seq, lock_hash
            FROM {HEAD_TABLE} h WHERE h.chain = p_chain FOR UPDATE;
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION audit_move_head(p_chain text, p_seq bigint, p_hash text)
RETURNS void LANGUAGE sql AS $$
    UPDATE {HEAD_TABLE} SET seq = p_seq, head_hash = p_hash WHERE chain = p_chain;
$$;
"""


def append_function() -> str:
    params = ",\n    ".join(
        [
            "p_chain text",
            *(f"p_{name} {_SQL_TYPES[_kind(name)]}" for name in CALLER_FIELDS),
            "p_parts text[]",
        ]
    )
    database_values = {
        "seq": "event_seq",
        "occurred_at": "event_occurred_at",
        "prev_hash": "event_prev_hash",
    }
    assert set(database_values) == set(DATABASE_FIELDS), "audit.sql: unknown database field"
    columns = ", ".join([f.name for f in FIELDS] + ["hash"])
    values = ", ".join(
        [
            *(
                "p_chain" if f.name == "chain" else database_values.get(f.name, f"p_{f.name}")
                for f in FIELDS
            ),
            "event_hash",
        ]
    )
    hash_args = ", ".join(database_values[name] for name in DATABASE_FIELDS)
    return f"""
CREATE OR REPLACE FUNCTION audit_append(
    {params},
    OUT event_id bigint,
    OUT event_seq bigint,
    OUT event_prev_hash text,
    OUT event_occurred_at timestamptz,
    OUT event_hash text
) LANGUAGE plpgsql AS $$
BEGIN
    SELECT h.lock_seq + 1, h.lock_hash INTO event_seq, event_prev_hash
        FROM audit_lock_head(p_chain) h;
    event_occurred_at := clock_timestamp();  -- after the lock: increasing along the chain
    event_hash := audit_event_hash(p_parts, {hash_args});
    INSERT INTO {EVENT_TABLE} ({columns})
        VALUES ({values})
        RETURNING id INTO event_id;
    PERFORM audit_move_head(p_chain, event_seq, event_hash);
END
$$;
"""


def append_statement() -> str:
    """What `audit.events.append` sends: one call, one row back."""
    count = 1 + len(CALLER_FIELDS) + 1
    return f"SELECT * FROM audit_append({', '.join(['%s'] * count)})"


def functions() -> str:
    """Every function above, in the order they can be created."""
    return hash_function() + head_functions() + append_function()

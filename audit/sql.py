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
- `audit_append(chain, <caller fields>, <parts>)`: all of it in one round trip, with the
  same SQL written in rather than called (a call from PL/pgSQL costs about 10 us).
- `audit_event_invariants()`: the trigger on every INSERT that holds an event to its head
  and moves the head; `audit_head_only_forward()`: the heads' guard (docs/adr/0017).

The Merkle tree's functions are in `audit.tree_sql`.
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
# (see encoding.NORMALISERS; prev_hash is hex, so to_json's escaping never applies).
_SQL_JSON: dict[Kind, str] = {
    "text": "to_json({})::text",
    "integer": "{}::text",
    "time": "'\"' || to_char({} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US') || '+00:00\"'",
}


def _kind(name: str) -> Kind:
    return BY_NAME[name].kind


PARTS = len(DATABASE_FIELDS) + 1  # the canonical JSON's pieces around the database's values


def _hash_expression(parts: list[str], values: dict[str, str], indent: str) -> str:
    """The SQL expression of the event's hash, from the canonical JSON's `parts` (SQL
    expressions) and the database's values (`values` names the SQL variable holding each
    of DATABASE_FIELDS)."""
    pieces = [parts[0]]
    for n, name in enumerate(DATABASE_FIELDS, start=1):
        pieces += [_SQL_JSON[_kind(name)].format(values[name]), parts[n]]
    joined = f"\n{indent}    || ".join(pieces)
    return f"encode(sha256(convert_to(\n{indent}    {joined},\n{indent}    'UTF8')), 'hex')"


def _lock_head(seq: str, digest: str) -> str:
    """Statements that lock the chain's head until the transaction ends, creating it at
    the genesis hash for a chain's first event, into the variables `seq` and `digest`.
    Held until the caller's transaction ends: a second writer on the same chain, in any
    process, waits here and then reads what the first committed."""
    select = (
        f"SELECT h.seq, h.head_hash INTO {seq}, {digest}\n"
        f"        FROM {HEAD_TABLE} h WHERE h.chain = p_chain FOR UPDATE;"
    )
    return f"""{select}
    IF NOT FOUND THEN  -- the chain's first event
        INSERT INTO {HEAD_TABLE} (chain, seq, head_hash)
            VALUES (p_chain, 0, '{GENESIS}') ON CONFLICT (chain) DO NOTHING;
        {select}
    END IF;"""


def _move_head(seq: str, digest: str) -> str:
    return f"UPDATE {HEAD_TABLE} SET seq = {seq}, head_hash = {digest} WHERE chain = p_chain;"


def hash_function() -> str:
    params = ", ".join(f"p_{name} {_SQL_TYPES[_kind(name)]}" for name in DATABASE_FIELDS)
    parts = [f"p_parts[{n}]" for n in range(1, PARTS + 1)]
    expression = _hash_expression(parts, {name: f"p_{name}" for name in DATABASE_FIELDS}, "    ")
    return f"""
CREATE OR REPLACE FUNCTION audit_event_hash(p_parts text[], {params})
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT {expression}
$$;
"""


def head_functions() -> str:
    return f"""
CREATE OR REPLACE FUNCTION audit_lock_head(p_chain text, OUT lock_seq bigint, OUT lock_hash text)
LANGUAGE plpgsql AS $$
BEGIN
    {_lock_head("lock_seq", "lock_hash")}
END
$$;

CREATE OR REPLACE FUNCTION audit_move_head(p_chain text, p_seq bigint, p_hash text)
RETURNS void LANGUAGE sql AS $$
    {_move_head("p_seq", "p_hash")}
$$;
"""


_APPEND_VARIABLES = {
    "seq": "event_seq",
    "occurred_at": "event_occurred_at",
    "prev_hash": "event_prev_hash",
}


_APPEND_PARTS = [f"p_part_{n}" for n in range(1, PARTS + 1)]


def append_function() -> str:
    """`audit_append`: the lock and the hash written in (the same SQL as the functions
    above, from the same snippets), so an append is one function call. It runs as the
    owner (SECURITY DEFINER): the runtime role may not INSERT into the log itself. The
    INSERT's trigger (`invariants_function`) checks the row against the locked head and
    moves the head on (docs/adr/0017)."""
    params = ",\n    ".join(
        [
            "p_chain text",
            *(f"p_{name} {_SQL_TYPES[_kind(name)]}" for name in CALLER_FIELDS),
            # Separate texts, not an array: a client-side cursor quotes each element of an
            # array literal with a regular expression, which costs ~50 us an append.
            *(f"p_part_{n} text" for n in range(1, PARTS + 1)),
        ]
    )
    assert set(_APPEND_VARIABLES) == set(DATABASE_FIELDS), "audit.sql: unknown database field"
    columns = ", ".join([f.name for f in FIELDS] + ["hash"])
    values = ", ".join(
        [
            *(
                "p_chain" if f.name == "chain" else _APPEND_VARIABLES.get(f.name, f"p_{f.name}")
                for f in FIELDS
            ),
            "event_hash",
        ]
    )
    return f"""
CREATE OR REPLACE FUNCTION audit_append(
    {params},
    OUT event_id bigint,
    OUT event_seq bigint,
    OUT event_prev_hash text,
    OUT event_occurred_at timestamptz,
    OUT event_hash text
) LANGUAGE plpgsql SECURITY DEFINER SET search_path TO 'public', 'pg_temp' AS $$
BEGIN
    {_lock_head("event_seq", "event_prev_hash")}
    event_seq := event_seq + 1;
    event_occurred_at := clock_timestamp();  -- after the lock: increasing along the chain
    event_hash := {_hash_expression(_APPEND_PARTS, _APPEND_VARIABLES, "    ")};
    INSERT INTO {EVENT_TABLE} ({columns})
        VALUES ({values})
        RETURNING id INTO event_id;
END
$$;
"""


def invariants_function() -> str:
    """The trigger that checks every new event against its chain's head, whoever inserts
    it and however: the seq is the head's plus one, the previous hash is the head's hash,
    the time is the database's clock (within this statement) and never earlier than the
    chain's last event. One UPDATE checks the head and moves it on (it waits for the head's
    lock and re-reads it); only a refusal reads the head again, to say why. The head's own
    trigger lets it move only so (`head_guard_function`)."""
    return f"""
CREATE OR REPLACE FUNCTION audit_event_invariants()
RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    head_seq bigint;
    head_hash text;
    head_time timestamptz;
BEGIN
    IF NEW.occurred_at IS NULL OR NEW.occurred_at < statement_timestamp()
            OR NEW.occurred_at > clock_timestamp() THEN
        RAISE EXCEPTION 'refused: the time of audit event % #% is not the database''s clock',
            NEW.chain, NEW.seq;
    END IF;
    UPDATE {HEAD_TABLE} h
        SET seq = NEW.seq, head_hash = NEW.hash, last_occurred_at = NEW.occurred_at
        WHERE h.chain = NEW.chain AND h.seq = NEW.seq - 1 AND h.head_hash = NEW.prev_hash
          AND (h.last_occurred_at IS NULL OR h.last_occurred_at <= NEW.occurred_at);
    IF FOUND THEN
        RETURN NEW;
    END IF;
    SELECT h.seq, h.head_hash, h.last_occurred_at INTO head_seq, head_hash, head_time
        FROM {HEAD_TABLE} h WHERE h.chain = NEW.chain FOR UPDATE;
    IF NOT FOUND AND NEW.seq = 1 AND NEW.prev_hash = '{GENESIS}' THEN  -- a new chain
        INSERT INTO {HEAD_TABLE} (chain, seq, head_hash, last_occurred_at)
            VALUES (NEW.chain, 1, NEW.hash, NEW.occurred_at);
        RETURN NEW;
    END IF;
    IF NEW.seq IS DISTINCT FROM coalesce(head_seq, 0) + 1 THEN
        RAISE EXCEPTION 'refused: audit event % #% is not the next after the head (#%)',
            NEW.chain, NEW.seq, coalesce(head_seq, 0);
    END IF;
    IF NEW.prev_hash IS DISTINCT FROM head_hash THEN
        RAISE EXCEPTION 'refused: audit event % #% does not point at the head''s hash',
            NEW.chain, NEW.seq;
    END IF;
    RAISE EXCEPTION 'refused: audit event % #% is earlier than the event before it',
        NEW.chain, NEW.seq;
END
$$;
"""


def head_guard_function() -> str:
    """A head moves by exactly one event, and only from the trigger above. The trigger is
    called only for a move that breaks that rule (its WHEN clause, in the migration)."""
    return """
CREATE OR REPLACE FUNCTION audit_head_only_forward()
RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'refused: an audit chain head moves only with the event it records (%)',
        OLD.chain;
END
$$;
"""


def append_statement() -> str:
    """What `audit.events.append` sends: one call, one row back."""
    count = 1 + len(CALLER_FIELDS) + PARTS
    return f"SELECT * FROM audit_append({', '.join(['%s'] * count)})"


def functions() -> str:
    """Every function above, in the order they can be created."""
    return (
        hash_function()
        + head_functions()
        + append_function()
        + invariants_function()
        + head_guard_function()
    )

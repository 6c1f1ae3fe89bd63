"""The audit tables take the audit app's names; appends go through functions written from
`audit.encoding.FIELDS` (audit.sql, as of this migration). Renames only: no event changes.

The old `records_audit_append` named the old tables, so it goes; the new functions are:
audit_event_hash (the hash from the canonical JSON's parts), audit_lock_head and
audit_move_head (the one way to hold and move a chain's head), and audit_append.
The guards (triggers) belong to the tables and move with them.
"""

import importlib

from django.db import migrations

FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION audit_event_hash(p_parts text[], p_occurred_at timestamptz, p_prev_hash text, p_seq bigint)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT encode(sha256(convert_to(
        p_parts[1]
        || '"' || to_char(p_occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '+00:00"'
        || p_parts[2]
        || to_json(p_prev_hash)::text
        || p_parts[3]
        || p_seq::text
        || p_parts[4],
        'UTF8')), 'hex')
$$;

CREATE OR REPLACE FUNCTION audit_lock_head(p_chain text, OUT lock_seq bigint, OUT lock_hash text)
LANGUAGE plpgsql AS $$
BEGIN
    SELECT h.seq, h.head_hash INTO lock_seq, lock_hash
        FROM audit_chain_head h WHERE h.chain = p_chain FOR UPDATE;
    IF NOT FOUND THEN  -- the chain's first event
        INSERT INTO audit_chain_head (chain, seq, head_hash)
            VALUES (p_chain, 0, '0000000000000000000000000000000000000000000000000000000000000000') ON CONFLICT (chain) DO NOTHING;
        SELECT h.seq, h.head_hash INTO lock_seq, lock_hash
        FROM audit_chain_head h WHERE h.chain = p_chain FOR UPDATE;
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION audit_move_head(p_chain text, p_seq bigint, p_hash text)
RETURNS void LANGUAGE sql AS $$
    UPDATE audit_chain_head SET seq = p_seq, head_hash = p_hash WHERE chain = p_chain;
$$;

CREATE OR REPLACE FUNCTION audit_append(
    p_chain text,
    p_actor_id bigint,
    p_actor_username text,
    p_actor_agency_id bigint,
    p_actor_agency_name text,
    p_actor_role text,
    p_action text,
    p_object_type text,
    p_object_id text,
    p_case_id bigint,
    p_payload jsonb,
    p_request_id text,
    p_ip inet,
    p_part_1 text,
    p_part_2 text,
    p_part_3 text,
    p_part_4 text,
    OUT event_id bigint,
    OUT event_seq bigint,
    OUT event_prev_hash text,
    OUT event_occurred_at timestamptz,
    OUT event_hash text
) LANGUAGE plpgsql AS $$
BEGIN
    SELECT h.seq, h.head_hash INTO event_seq, event_prev_hash
        FROM audit_chain_head h WHERE h.chain = p_chain FOR UPDATE;
    IF NOT FOUND THEN  -- the chain's first event
        INSERT INTO audit_chain_head (chain, seq, head_hash)
            VALUES (p_chain, 0, '0000000000000000000000000000000000000000000000000000000000000000') ON CONFLICT (chain) DO NOTHING;
        SELECT h.seq, h.head_hash INTO event_seq, event_prev_hash
        FROM audit_chain_head h WHERE h.chain = p_chain FOR UPDATE;
    END IF;
    event_seq := event_seq + 1;
    event_occurred_at := clock_timestamp();  -- after the lock: increasing along the chain
    event_hash := encode(sha256(convert_to(
        p_part_1
        || '"' || to_char(event_occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '+00:00"'
        || p_part_2
        || to_json(event_prev_hash)::text
        || p_part_3
        || event_seq::text
        || p_part_4,
        'UTF8')), 'hex');
    INSERT INTO audit_event (chain, seq, occurred_at, actor_id, actor_username, actor_agency_id, actor_agency_name, actor_role, action, object_type, object_id, case_id, payload, request_id, ip, prev_hash, hash)
        VALUES (p_chain, event_seq, event_occurred_at, p_actor_id, p_actor_username, p_actor_agency_id, p_actor_agency_name, p_actor_role, p_action, p_object_type, p_object_id, p_case_id, p_payload, p_request_id, p_ip, event_prev_hash, event_hash)
        RETURNING id INTO event_id;
    UPDATE audit_chain_head SET seq = event_seq, head_hash = event_hash WHERE chain = p_chain;
END
$$;
"""

DROP_FUNCTIONS = """
DROP FUNCTION IF EXISTS audit_append(
    text, bigint, text, bigint, text, text, text, text, text, bigint, jsonb, text, inet,
    text, text, text, text
);
DROP FUNCTION IF EXISTS audit_move_head(text, bigint, text);
DROP FUNCTION IF EXISTS audit_lock_head(text);
DROP FUNCTION IF EXISTS audit_event_hash(text[], timestamptz, text, bigint);
"""

RENAMES = """
ALTER SEQUENCE IF EXISTS records_auditevent_id_seq RENAME TO audit_event_id_seq;
ALTER INDEX IF EXISTS records_auditevent_pkey RENAME TO audit_event_pkey;
ALTER INDEX IF EXISTS records_auditchainhead_pkey RENAME TO audit_chain_head_pkey;
"""

UNDO_RENAMES = """
ALTER SEQUENCE IF EXISTS audit_event_id_seq RENAME TO records_auditevent_id_seq;
ALTER INDEX IF EXISTS audit_event_pkey RENAME TO records_auditevent_pkey;
ALTER INDEX IF EXISTS audit_chain_head_pkey RENAME TO records_auditchainhead_pkey;
"""

_old = importlib.import_module("records.migrations.0003_audit_append_function")


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(_old.DROP_APPEND_FUNCTION, reverse_sql=_old.APPEND_FUNCTION),
        migrations.AlterModelTable(name="auditchainhead", table="audit_chain_head"),
        migrations.AlterModelTable(name="auditevent", table="audit_event"),
        migrations.RunSQL(RENAMES, reverse_sql=UNDO_RENAMES),
        migrations.RunSQL(FUNCTIONS, reverse_sql=DROP_FUNCTIONS),
    ]

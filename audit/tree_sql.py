"""The SQL of the log's Merkle tree and of its rights, written once (docs/adr/0017-0018).

- `audit_extend_tree(chain, size)`: stores the tree's nodes for a chain's first `size`
  events, as RFC 9162 hashes them: a leaf is SHA-256(0x00 || the event's hash, 32 bytes),
  a node SHA-256(0x01 || left || right). Only complete subtrees are stored, node (level,
  idx) covering leaves [idx * 2^level, (idx + 1) * 2^level); `audit.merkle` computes any
  root or proof from them. Runs as the owner, so the runtime role (which may only read the
  tree) can have it extended, and only from the events themselves.
- `audit_lock_down()`: takes back from every role but the owner every right on the log's
  tables except SELECT (and INSERT on the checkpoints, which carry their own signatures).
  The migrations call it, and so does every `migrate` (audit/apps.py), because default
  privileges grant the runtime role the ordinary rights on every new table.

Migrations write their SQL out as it was (docs/adr/0012); `tests/audit/test_encoding.py`
holds the installed functions to what this module writes now.
"""

from __future__ import annotations

from .sql import EVENT_TABLE, HEAD_TABLE

NODE_TABLE = "audit_tree_node"
CHECKPOINT_TABLE = "audit_checkpoint"
SIGNATURE_TABLE = "audit_checkpoint_signature"
READ_ONLY_TABLES = (EVENT_TABLE, HEAD_TABLE, NODE_TABLE)
INSERT_ONLY_TABLES = (CHECKPOINT_TABLE, SIGNATURE_TABLE)


def extend_function() -> str:
    return f"""
CREATE OR REPLACE FUNCTION audit_extend_tree(p_chain text, p_size bigint)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path TO 'public', 'pg_temp' AS $$
DECLARE
    have bigint;
    added bigint;
    lvl integer := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('audit_tree:' || p_chain));
    SELECT coalesce(max(n.idx) + 1, 0) INTO have
        FROM {NODE_TABLE} n WHERE n.chain = p_chain AND n.level = 0;
    IF p_size <= have THEN
        RETURN have;
    END IF;
    INSERT INTO {NODE_TABLE} (chain, level, idx, hash)
        SELECT p_chain, 0, e.seq - 1, sha256('\\x00'::bytea || decode(e.hash, 'hex'))
        FROM {EVENT_TABLE} e WHERE e.chain = p_chain AND e.seq > have AND e.seq <= p_size;
    GET DIAGNOSTICS added = ROW_COUNT;
    IF have + added <> p_size THEN
        RAISE EXCEPTION 'audit tree: chain % has % events up to #%, not %',
            p_chain, have + added, p_size, p_size;
    END IF;
    WHILE (p_size >> (lvl + 1)) > 0 LOOP
        lvl := lvl + 1;
        INSERT INTO {NODE_TABLE} (chain, level, idx, hash)
            SELECT p_chain, lvl, l.idx / 2, sha256('\\x01'::bytea || l.hash || r.hash)
            FROM {NODE_TABLE} l
            JOIN {NODE_TABLE} r ON r.chain = l.chain AND r.level = l.level AND r.idx = l.idx + 1
            WHERE l.chain = p_chain AND l.level = lvl - 1 AND l.idx % 2 = 0
              AND l.idx >= 2 * (have >> lvl)
            ON CONFLICT DO NOTHING;
    END LOOP;
    RETURN p_size;
END
$$;
"""


def lock_down_function() -> str:
    read_only = ", ".join(f"'{t}'" for t in READ_ONLY_TABLES)
    insert_only = ", ".join(f"'{t}'" for t in INSERT_ONLY_TABLES)
    return f"""
CREATE OR REPLACE FUNCTION audit_lock_down()
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT c.relname, a.privilege_type AS privilege,
               CASE WHEN a.grantee = 0 THEN 'PUBLIC'
                    ELSE quote_ident(pg_get_userbyid(a.grantee)) END AS grantee
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
        CROSS JOIN LATERAL aclexplode(c.relacl) a
        WHERE c.relname IN ({read_only}, {insert_only})
          AND a.grantee <> c.relowner
          AND a.privilege_type <> 'SELECT'
          AND NOT (c.relname IN ({insert_only}) AND a.privilege_type = 'INSERT')
    LOOP
        EXECUTE format('REVOKE %s ON %I FROM %s', r.privilege, r.relname, r.grantee);
    END LOOP;
END
$$;
"""


def functions() -> str:
    return extend_function() + lock_down_function()

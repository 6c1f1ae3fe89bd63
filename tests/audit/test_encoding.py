"""The canonical encoding of an event is defined once (audit.encoding) and pinned.

The vectors in vectors.json were written by the hash function the log used before the
audit app existed: an event hashed then hashes the same now, in Python and in the
database. Everything else that hashes derives from the same definition: the table's
columns, the append function the database runs, the verifier's line hasher.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from django.db import connection

from audit import encoding, sql, tree_sql
from audit.lines import LINE_COLUMNS
from audit.models import AuditEvent

VECTORS = json.loads((Path(__file__).parent / "vectors.json").read_text("utf-8"))["vectors"]


def _values(inputs: dict) -> dict:
    values = dict(inputs)
    values["occurred_at"] = datetime.datetime.fromisoformat(inputs["occurred_at"])
    values["payload"] = encoding.canonical_payload(inputs["payload"])
    return values


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: v["description"])
def test_the_canonical_json_and_hash_are_pinned_by_the_vectors(vector):
    values = _values(vector["inputs"])
    assert encoding.canonical_json(values) == vector["canonical_json"]
    assert encoding.event_hash(values) == vector["sha256"]


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: v["description"])
def test_the_parts_the_database_joins_make_the_canonical_json(vector):
    values = _values(vector["inputs"])
    parts = encoding.database_parts(values)
    filled = [encoding.encode_value(name, values[name]) for name in encoding.DATABASE_FIELDS]
    joined = parts[0] + "".join(value + part for value, part in zip(filled, parts[1:], strict=True))
    assert joined == vector["canonical_json"]


@pytest.mark.django_db
@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: v["description"])
def test_the_database_hashes_the_vectors_as_python_does(vector):
    values = _values(vector["inputs"])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT audit_event_hash(%s, %s, %s, %s)",
            [
                encoding.database_parts(values),
                values["occurred_at"],
                values["prev_hash"],
                values["seq"],
            ],
        )
        (digest,) = cursor.fetchone()
    assert digest == vector["sha256"]


def test_a_changed_encoding_fails_the_vectors():
    """The vectors are not a mirror of the code: one changed byte of one field differs."""
    vector = VECTORS[0]
    values = _values(vector["inputs"])
    values["actor_role"] = values["actor_role"] + " "
    assert encoding.event_hash(values) != vector["sha256"]


def test_the_table_columns_are_the_hashed_fields_in_order():
    columns = [f.attname for f in AuditEvent._meta.concrete_fields]
    assert columns == ["id", *encoding.HASHED_FIELDS, "hash"]


def test_the_verifier_reads_every_hashed_field():
    assert sorted(set(LINE_COLUMNS) - {"id", "hash"}) == sorted(encoding.HASHED_FIELDS)


def _installed(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT string_agg(pg_get_functiondef(p.oid), '\n') FROM pg_proc p "
            "JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE p.proname = %s AND n.nspname = current_schema()",
            [name],
        )
        return cursor.fetchone()[0] or ""


def _defined(name: str) -> str:
    """The same function created from audit.sql now, in a transaction that is undone."""
    with connection.cursor() as cursor:
        cursor.execute("SAVEPOINT defined")
        cursor.execute(sql.functions() + tree_sql.functions())
        definition = _installed(name)
        cursor.execute("ROLLBACK TO SAVEPOINT defined")
    return definition


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "audit_event_hash",
        "audit_lock_head",
        "audit_move_head",
        "audit_append",
        "audit_event_invariants",
        "audit_head_only_forward",
        "audit_extend_tree",
        "audit_lock_down",
    ],
)
def test_the_database_runs_the_append_functions_the_definition_writes(name):
    """A field added to audit.encoding without its migration fails here."""
    installed = _installed(name)
    assert installed, f"{name} is not installed"
    assert installed == _defined(name)

"""The application's database role cannot change the log; the database holds every new
event to its chain, whoever inserts it (docs/adr/0017)."""

from __future__ import annotations

import json

import psycopg
import pytest
from django.db import DatabaseError, connection, transaction

from audit import encoding, sql
from audit.events import append
from audit.models import AuditChainHead, AuditEvent
from audit.verify import verify

from .roles import connect

REFUSED_TO_THE_RUNTIME_ROLE = {
    "UPDATE": "UPDATE audit_event SET action = 'rewritten'",
    "DELETE": "DELETE FROM audit_event",
    "TRUNCATE": "TRUNCATE audit_event",
    "direct INSERT": "INSERT INTO audit_event (chain, seq, occurred_at, action, payload, "
    "prev_hash, hash) SELECT chain, seq + 1, now(), 'forged', '{}', hash, hash "
    "FROM audit_event LIMIT 1",
    "UPDATE of a head": "UPDATE audit_chain_head SET head_hash = repeat('0', 64)",
    "DELETE of a head": "DELETE FROM audit_chain_head",
    "ALTER TABLE": "ALTER TABLE audit_event ADD COLUMN note text",
    "DISABLE TRIGGER": "ALTER TABLE audit_event DISABLE TRIGGER USER",
    "DROP TRIGGER": "DROP TRIGGER audit_append_only ON audit_event",
    "SET session_replication_role": "SET session_replication_role = replica",
    "INSERT into the tree": "INSERT INTO audit_tree_node VALUES ('agency:1', 0, 99, '\\x00')",
    "UPDATE of a checkpoint": "UPDATE audit_checkpoint SET body = ''",
    "DELETE of a checkpoint": "DELETE FROM audit_checkpoint",
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "statement", REFUSED_TO_THE_RUNTIME_ROLE.values(), ids=REFUSED_TO_THE_RUNTIME_ROLE.keys()
)
def test_the_runtime_role_is_refused_every_change_to_the_log(statement):
    with transaction.atomic():
        append(actor=None, action="test.event", agency_id=1)
    before = list(AuditEvent.objects.values_list("id", "hash"))
    with connect("runtime") as conn:
        assert not conn.execute(
            "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
        ).fetchone()[0]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(statement)
    assert list(AuditEvent.objects.values_list("id", "hash")) == before
    assert AuditChainHead.objects.get(chain="agency:1").seq == 1


@pytest.mark.django_db(transaction=True)
def test_the_runtime_role_appends_through_the_function_only():
    """The one way in: audit_append, run as the owner, with the same hash as Python's."""
    values = {
        "chain": "agency:4",
        "actor_id": None,
        "actor_username": "",
        "actor_agency_id": None,
        "actor_agency_name": "",
        "actor_role": "",
        "action": "via.runtime",
        "object_type": "",
        "object_id": "",
        "case_id": None,
        "payload": {"n": 1},
        "request_id": "",
        "ip": None,
    }
    arguments = [
        "agency:4",
        *(json.dumps(values[n]) if n == "payload" else values[n] for n in encoding.CALLER_FIELDS),
        *encoding.database_parts(values),
    ]
    with connect("runtime") as conn:
        event_id, seq, prev, when, digest = conn.execute(
            sql.append_statement(), arguments
        ).fetchone()
        conn.commit()
    assert (seq, prev) == (1, encoding.GENESIS)
    values.update(seq=seq, prev_hash=prev, occurred_at=when)
    assert encoding.event_hash(values) == digest == AuditEvent.objects.get(pk=event_id).hash
    assert verify(workers=1).intact


def _insert(**changes):
    """INSERT an event straight into the table (as the owner may) after the last of agency:2."""
    last = AuditEvent.objects.filter(chain="agency:2").order_by("-seq").first()
    values = {name: getattr(last, name) for name in encoding.HASHED_FIELDS}
    values.update(seq=last.seq + 1, prev_hash=last.hash, action="inserted")
    values.update(changes)
    columns = [*encoding.HASHED_FIELDS, "hash"]
    params = [
        json.dumps(values[n]) if n == "payload" else values[n] for n in encoding.HASHED_FIELDS
    ]
    occurred = "clock_timestamp()" if "occurred_at" not in changes else "%s"
    if "occurred_at" not in changes:
        params.pop(encoding.HASHED_FIELDS.index("occurred_at"))
    placeholders = ", ".join(occurred if n == "occurred_at" else "%s" for n in columns)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO audit_event ({', '.join(columns)}) VALUES ({placeholders})",
            [*params, "f" * 64],
        )


@pytest.mark.django_db
class TestTheDatabaseHoldsEveryInsertToItsHead:
    @pytest.fixture(autouse=True)
    def _chain(self):
        for i in range(2):
            with transaction.atomic():
                append(actor=None, action="test.event", agency_id=2, payload={"i": i})

    def test_an_event_must_be_the_heads_next(self):
        with pytest.raises(DatabaseError, match="not the next after the head"):
            _insert(seq=7)

    def test_an_event_must_point_at_the_heads_hash(self):
        with pytest.raises(DatabaseError, match="does not point at the head"):
            _insert(prev_hash="0" * 64)

    def test_an_event_is_dated_by_the_database_clock(self):
        import datetime

        months_ago = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)
        with pytest.raises(DatabaseError, match="not the database's clock"):
            _insert(occurred_at=months_ago)

    def test_an_insert_that_keeps_the_rules_moves_the_head(self):
        _insert()
        head = AuditChainHead.objects.get(chain="agency:2")
        assert head.seq == 3
        assert head.head_hash == "f" * 64  # the verifier, not the trigger, checks the hash

    def test_a_head_cannot_take_a_new_hash_at_the_same_seq(self):
        with pytest.raises(DatabaseError, match="refused"), transaction.atomic():
            connection.cursor().execute(
                "UPDATE audit_chain_head SET head_hash = repeat('a', 64) WHERE chain = 'agency:2'"
            )

    def test_a_head_cannot_be_moved_on_by_hand(self):
        with pytest.raises(DatabaseError, match="refused"), transaction.atomic():
            connection.cursor().execute(
                "UPDATE audit_chain_head SET seq = seq + 1 WHERE chain = 'agency:2'"
            )

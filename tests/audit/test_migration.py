"""Moving the audit log into its own app keeps every event exactly as it was.

The log is evidence: the migration that gives its tables to the `audit` app (audit.0001,
audit.0002, records.0004) renames them and replaces the append function, and rewrites no
event. This test goes back to the schema before the move, writes events there with the
append function of that time, moves forward again and checks the chain.
"""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from audit import encoding
from audit.events import append
from audit.verify import verify

BEFORE_THE_MOVE = [("records", "0003_audit_append_function"), ("audit", None)]


def _old_append(chain: str, *, action: str, case_id: int | None, payload: dict) -> None:
    """An append as records.audit made them, through records_audit_append (records.0003)."""
    values = {
        "chain": chain,
        "actor_id": 7,
        "actor_username": "csc.practitioner",
        "actor_agency_id": 1,
        "actor_agency_name": "Northshire Children\u2019s Social Care",
        "actor_role": "practitioner",
        "action": action,
        "object_type": "case",
        "object_id": str(case_id or ""),
        "case_id": case_id,
        "payload": encoding.canonical_payload(payload),
        "request_id": "3f2a9c0e6b7d4e1f8a9b0c1d2e3f4a5b",
        "ip": "2001:db8::1",
    }
    head, middle, tail, _closing = encoding.database_parts(values)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT * FROM records_audit_append({', '.join(['%s'] * 17)})",
            [
                chain,
                encoding.GENESIS,
                *(values[name] for name in encoding.CALLER_FIELDS[:9]),
                encoding.encode_json(values["payload"]),
                values["request_id"],
                values["ip"],
                head,
                middle,
                tail,
            ],
        )


def _rows() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, chain, seq, occurred_at, payload::text, prev_hash, hash FROM {} "
            "ORDER BY id".format(
                "records_auditevent" if _table_exists("records_auditevent") else "audit_event"
            )
        )
        return cursor.fetchall()


def _table_exists(name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [name])
        return bool(cursor.fetchone()[0])


@pytest.mark.django_db(transaction=True)
def test_moving_the_log_to_the_audit_app_rewrites_no_event():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE_THE_MOVE)
    assert _table_exists("records_auditevent")
    assert not _table_exists("audit_event")
    for n in range(6):
        with transaction.atomic():
            _old_append(
                "agency:1" if n % 3 else "system",
                action="case.viewed",
                case_id=n,
                payload={"n": n, "note": 'Zo\u00eb\u2019s "file"\n', "ratio": 0.5},
            )
    before = _rows()
    assert len(before) == 6

    executor = MigrationExecutor(connection)  # the graph as it is now applied
    executor.migrate(latest)

    assert _table_exists("audit_event")
    assert not _table_exists("records_auditevent")
    assert _rows() == before, "an event changed in the move"
    result = verify(workers=1)
    assert result.intact, result.first_break
    assert result.events == 6
    with transaction.atomic():  # and the chains go on from where they were
        event = append(actor=None, action="after.the.move", agency_id=1)
    assert event.seq == 5
    assert verify(workers=1).intact

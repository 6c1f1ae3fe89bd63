"""The audit log is append-only in the database and its hash chain exposes tampering."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections, transaction

from audit.encoding import GENESIS, HASHED_FIELDS, event_hash
from audit.events import append
from audit.models import AuditChainHead, AuditEvent
from audit.verify import verify
from tests.conftest import guards_off

from .roles import conninfo

ROOT = Path(__file__).resolve().parents[2]


def _append(
    n: int, *, agency_id: int | None = None, action: str = "test.event"
) -> list[AuditEvent]:
    events = []
    for i in range(n):
        with transaction.atomic():
            events.append(append(actor=None, action=action, agency_id=agency_id, payload={"i": i}))
    return events


def _verify_fails_naming(event_id: int | None) -> str:
    with pytest.raises(CommandError) as failure:
        call_command("verify_audit")
    message = str(failure.value)
    if event_id is not None:
        assert f"event {event_id} " in message
    return message


@pytest.mark.django_db
class TestDatabaseRefusesChange:
    @pytest.mark.parametrize(
        "sql",
        [
            "UPDATE audit_event SET action = 'rewritten'",
            "DELETE FROM audit_event",
            "TRUNCATE audit_event",
        ],
    )
    def test_raw_sql_cannot_alter_the_audit_log(self, sql):
        _append(2)
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            connection.cursor().execute(sql)
        assert AuditEvent.objects.filter(action="test.event").count() == 2

    def test_an_event_rolls_back_with_its_change(self):
        def change_that_fails() -> None:
            with transaction.atomic():
                append(actor=None, action="rolled.back")
                raise RuntimeError

        with pytest.raises(RuntimeError):
            change_that_fails()
        assert not AuditEvent.objects.filter(action="rolled.back").exists()


@pytest.mark.django_db
class TestChain:
    def test_events_link_to_the_one_before(self):
        first, second = _append(2, agency_id=7)
        assert first.prev_hash == GENESIS
        assert second.prev_hash == first.hash
        assert (first.seq, second.seq) == (1, 2)
        assert first.chain == second.chain == "agency:7"

    def test_verify_passes_on_an_intact_log(self, capsys):
        _append(3, agency_id=1)
        _append(2)
        call_command("verify_audit")
        assert "Audit log intact: 5 events in 2 chains" in capsys.readouterr().out

    def test_altered_payload_is_detected_and_named(self):
        events = _append(4, agency_id=1)
        target = events[2]
        with guards_off() as cursor:
            cursor.execute(
                "UPDATE audit_event SET payload = '{\"i\": 99}' WHERE id = %s", [target.pk]
            )
        message = _verify_fails_naming(target.pk)
        assert "contents do not match its hash" in message

    def test_deleted_event_is_detected_at_the_next_one(self):
        events = _append(4, agency_id=1)
        with guards_off() as cursor:
            cursor.execute("DELETE FROM audit_event WHERE id = %s", [events[1].pk])
        message = _verify_fails_naming(events[2].pk)
        assert "missing" in message

    def test_deleted_last_event_is_detected_at_the_chain_head(self):
        events = _append(3, agency_id=1)
        with guards_off() as cursor:
            cursor.execute("DELETE FROM audit_event WHERE id = %s", [events[-1].pk])
        message = _verify_fails_naming(None)
        assert "chain head" in message

    def test_reordered_events_are_detected(self):
        events = _append(4, agency_id=1)
        a, b = events[1], events[2]
        with guards_off() as cursor:
            cursor.execute("UPDATE audit_event SET seq = -1 WHERE id = %s", [a.pk])
            cursor.execute("UPDATE audit_event SET seq = %s WHERE id = %s", [a.seq, b.pk])
            cursor.execute("UPDATE audit_event SET seq = %s WHERE id = %s", [b.seq, a.pk])
        _verify_fails_naming(b.pk)

    def test_rewritten_and_rehashed_event_breaks_the_next_link(self):
        # Someone recomputes the hash of the event they changed: the next event still
        # points at the old hash, so the chain names the event after it.
        events = _append(3, agency_id=1)
        target = events[1]
        values = {name: getattr(target, name) for name in HASHED_FIELDS}
        values["payload"] = {"i": 42}
        forged = event_hash(values)
        with guards_off() as cursor:
            cursor.execute(
                "UPDATE audit_event SET payload = '{\"i\": 42}', hash = %s WHERE id = %s",
                [forged, target.pk],
            )
        _verify_fails_naming(events[2].pk)


@pytest.mark.django_db(transaction=True)
def test_append_outside_a_transaction_is_refused():
    # An event must commit with the change it records, or not at all.
    with pytest.raises(transaction.TransactionManagementError):
        append(actor=None, action="orphan")
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
class TestConcurrentWriters:
    def test_threads_appending_to_shared_chains_leave_every_chain_valid(self):
        errors: list[BaseException] = []

        def writer(agency_id: int) -> None:
            try:
                for i in range(25):
                    with transaction.atomic():
                        append(actor=None, action="thread", agency_id=agency_id, payload={"i": i})
            except BaseException as error:  # pragma: no cover - reported below
                errors.append(error)
            finally:
                connections.close_all()

        # Six writers on two chains: three contend for each chain's head.
        threads = [threading.Thread(target=writer, args=(n % 2,)) for n in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not errors
        result = verify()
        assert result.intact, result.first_break
        assert result.events == 150
        assert sorted(AuditChainHead.objects.values_list("seq", flat=True)) == [75, 75]

    def test_processes_appending_to_one_chain_leave_it_valid(self):
        # As the site runs: connected as the runtime role (docs/adr/0017).
        info = conninfo("runtime")
        url = f"postgresql://{info['user']}@/{info['dbname']}?host={info['host']}" + (
            f"&port={info['port']}" if info.get("port") else ""
        )
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
        script = (
            "import django; django.setup()\n"
            "from django.db import transaction\n"
            "from audit.events import append\n"
            "for i in range(40):\n"
            "    with transaction.atomic():\n"
            "        append(actor=None, action='process', agency_id=3, payload={'i': i})\n"
        )
        workers = [
            subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, env=env) for _ in range(4)
        ]
        assert [worker.wait(timeout=120) for worker in workers] == [0, 0, 0, 0]
        result = verify()
        assert result.intact, result.first_break
        assert AuditEvent.objects.filter(action="process").count() == 160
        assert AuditChainHead.objects.get(chain="agency:3").seq == 160


@pytest.mark.django_db
class TestNoSwitchInTheSession:
    def test_a_session_setting_cannot_talk_the_guards_out_of_refusing(self):
        # django-pgtrigger's triggers skipped themselves when a session set
        # pgtrigger.ignore; ours have no such switch (records/dbguards.py).
        _append(1)

        def rewrite_with_the_old_switch() -> None:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT set_config('pgtrigger.ignore', '{audit_append_only}', true)")
                cursor.execute("UPDATE audit_event SET action = 'rewritten'")

        with pytest.raises(DatabaseError, match="append-only"):
            rewrite_with_the_old_switch()

    def test_a_chain_head_cannot_move_backwards_or_be_deleted(self):
        _append(3, agency_id=5)
        for sql in (
            "UPDATE audit_chain_head SET seq = 1 WHERE chain = 'agency:5'",
            "DELETE FROM audit_chain_head",
            "TRUNCATE audit_chain_head",
        ):
            with pytest.raises(DatabaseError, match="refused"), transaction.atomic():
                connection.cursor().execute(sql)
        assert AuditChainHead.objects.get(chain="agency:5").seq == 3

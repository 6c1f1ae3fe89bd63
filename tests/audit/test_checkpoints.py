"""Checkpoints: signed by the worker as the runtime role, not signed again for an idle log,
co-signed by a witness who checks consistency first, and reported by verify_audit with
who signed each (docs/adr/0018, 0019)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from audit import checkpoints, keys, notes, services
from audit.events import append
from audit.models import AuditCheckpoint, AuditCheckpointSignature
from audit.verify import verify, verify_since_checkpoint

from .roles import conninfo

ROOT = Path(__file__).resolve().parents[2]


def _events(agency_id: int, n: int) -> None:
    for i in range(n):
        with transaction.atomic():
            append(actor=None, action="test.event", agency_id=agency_id, payload={"i": i})


@pytest.mark.django_db(transaction=True)
def test_the_worker_signs_a_checkpoint_as_the_runtime_role(settings):
    from audit.tasks import audit_checkpoint

    _events(1, 3)
    audit_checkpoint.defer(timestamp=0)
    info = conninfo("runtime")
    url = f"postgresql://{info['user']}@/{info['dbname']}?host={info['host']}" + (
        f"&port={info['port']}" if info.get("port") else ""
    )
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "AUDIT_CHECKPOINT_DIR": str(settings.AUDIT_CHECKPOINT_DIR),
        "AUDIT_SIGNING_KEY_FILE": settings.AUDIT_SIGNING_KEY_FILE,
    }
    worker = subprocess.run(
        [sys.executable, "manage.py", "procrastinate", "worker", "--one-shot", "--queues", "audit"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert worker.returncode == 0, worker.stderr
    checkpoint = AuditCheckpoint.objects.get()
    assert checkpoints.parsed(checkpoint).chain("agency:1").size == 3
    assert (Path(settings.AUDIT_CHECKPOINT_DIR) / checkpoints.file_name(1)).exists()
    assert verify(workers=1).intact


def test_the_checkpoint_task_is_periodic_on_the_audit_queue(settings):
    from procrastinate.contrib.django import app

    from audit.tasks import audit_checkpoint

    assert audit_checkpoint.queue == "audit"
    periodic = [
        t for t in app.periodic_registry.periodic_tasks.values() if t.task is audit_checkpoint
    ]
    assert [t.cron for t in periodic] == [settings.AUDIT_CHECKPOINT_CRON]


@pytest.mark.django_db
def test_a_checkpoint_covers_its_own_event_and_an_idle_log_is_not_signed_again():
    _events(2, 2)
    first = services.checkpoint_create()
    signed = checkpoints.parsed(first)
    assert signed.chain("system").size == 1  # its own audit event
    assert services.checkpoint_create() is None
    _events(2, 1)
    second = services.checkpoint_create()
    assert second.number == 2
    assert checkpoints.parsed(second).chain("agency:2").size == 3


@pytest.mark.django_db
def test_the_private_key_never_reaches_the_database():
    _events(1, 1)
    key = keys.signing_key()
    services.checkpoint_create()
    secret = notes.private_pem(key).decode()
    raw = secret.splitlines()[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM audit_checkpoint c JOIN audit_checkpoint_signature s "
            "ON s.checkpoint_id = c.id WHERE c.body LIKE %s OR s.signature LIKE %s",
            [f"%{raw}%", f"%{raw}%"],
        )
        assert cursor.fetchone()[0] == 0


@pytest.fixture
def witness(settings, tmp_path):
    path = tmp_path / "witness.pem"
    key = keys.generate(path)
    settings.AUDIT_WITNESS_KEYS = [("Northshire Audit Office", str(path) + ".pub")]
    return path, key


@pytest.mark.django_db
def test_verify_audit_names_who_signed_each_checkpoint(
    witness, capsys, django_capture_on_commit_callbacks
):
    path, key = witness
    _events(1, 2)
    with django_capture_on_commit_callbacks(execute=True):  # the copies are written on commit
        services.checkpoint_create()
        call_command("audit_cosign", "--key", str(path), "--name", "Northshire Audit Office")
    capsys.readouterr()
    call_command("verify_audit")
    out = capsys.readouterr().out
    log_id = notes.key_id(keys.signing_key().public_key())
    assert out.startswith("Audit log intact: ")
    assert f"signed by the audit log (key {log_id})" in out
    assert (
        f"co-signed by Northshire Audit Office (witness, key {notes.key_id(key.public_key())})"
        in out
    )
    cosig = checkpoints.directory() / checkpoints.file_name(1, notes.key_id(key.public_key()))
    assert cosig.exists()


@pytest.mark.django_db
def test_a_witness_refuses_a_checkpoint_that_does_not_extend_the_one_it_signed(witness):
    _, key = witness
    _events(1, 2)
    first = services.checkpoint_create()
    services.checkpoint_cosign(checkpoint=first, witness_key=key, witness="Northshire Audit Office")
    # The operator signs another history of the same size: a different root.
    then = checkpoints.parsed(first)
    forked = notes.Checkpoint(
        2,
        then.time,
        tuple(
            notes.ChainState(c.chain, c.size, bytes(32), c.head) if c.chain == "agency:1" else c
            for c in then.chains
        ),
    )
    body = notes.body(forked)
    fork = AuditCheckpoint.objects.create(
        number=2, created_at=first.created_at, body=body, chains={}
    )
    AuditCheckpointSignature.objects.create(
        checkpoint=fork,
        kind="log",
        signer=keys.LOG_SIGNER,
        key_id=notes.key_id(keys.signing_key().public_key()),
        signature=notes.sign(keys.signing_key(), body),
        created_at=first.created_at,
    )
    with pytest.raises(checkpoints.Refused, match="does not extend checkpoint 1 for agency:1"):
        services.checkpoint_cosign(
            checkpoint=fork, witness_key=key, witness="Northshire Audit Office"
        )


@pytest.mark.django_db
def test_since_the_checkpoint_only_the_new_events_are_walked():
    _events(1, 5)
    services.checkpoint_create()
    _events(1, 3)
    result = verify_since_checkpoint()
    assert result.intact, result.first_break
    assert result.events == 3
    assert result.unsigned_events == 3
    assert verify(workers=1).events == 9  # five, three, and the checkpoint's own


@pytest.mark.django_db
def test_the_log_belongs_to_the_owner_and_appends_run_as_it():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, pg_get_userbyid(c.relowner) FROM pg_class c "
            "WHERE c.relname IN ('audit_event', 'audit_chain_head', 'audit_tree_node', "
            "'audit_checkpoint')"
        )
        owners = dict(cursor.fetchall())
        cursor.execute(
            "SELECT proname, prosecdef FROM pg_proc WHERE proname IN "
            "('audit_append', 'audit_extend_tree')"
        )
        definers = dict(cursor.fetchall())
        cursor.execute("SELECT current_user")
        (owner,) = cursor.fetchone()
    assert set(owners.values()) == {owner}
    assert owner != conninfo("runtime")["user"]
    assert definers == {"audit_append": True, "audit_extend_tree": True}

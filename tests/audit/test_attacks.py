"""The attacks on the first version of the log, performed as the database superuser with
every guard switched off (`session_replication_role = replica`), after a signed checkpoint:
each one is detected and named (docs/adr/0017, 0018)."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from audit import checkpoints, services
from audit.encoding import HASHED_FIELDS, event_hash
from audit.events import append
from audit.models import AuditCheckpoint, AuditEvent
from audit.verify import verify, verify_since_checkpoint

from .roles import connect

A, B = "agency:1", "agency:2"


def _events(agency_id: int, n: int) -> None:
    for i in range(n):
        with transaction.atomic():
            append(actor=None, action="test.event", agency_id=agency_id, payload={"i": i})


@pytest.fixture
def signed_log():
    """Six events on A and three on B, signed; then two more on A."""
    _events(1, 6)
    _events(2, 3)
    checkpoint = services.checkpoint_create()
    _events(1, 2)
    assert verify(workers=1).intact
    return checkpoint


def _as_superuser(*statements: tuple[str, list]) -> None:
    with connect("superuser") as conn, conn.transaction():
        conn.execute("SET LOCAL session_replication_role = replica")  # every trigger off
        for statement, params in statements:
            conn.execute(statement, params)


def _values(event: AuditEvent) -> dict:
    return {name: getattr(event, name) for name in HASHED_FIELDS}


def _broken(*, since: bool = False) -> str:
    """What verification names first, in Python and through the command (exit non-zero)."""
    result = verify_since_checkpoint() if since else verify(workers=1)
    assert not result.intact
    with pytest.raises(CommandError) as failure:
        call_command("verify_audit", *(["--since-checkpoint"] if since else []))
    assert str(result.first_break) in str(failure.value)
    return str(result.first_break)


def _rewrite_from(chain: str, seq: int) -> None:
    """Change event #seq's payload and recompute every later hash and link, and the head."""
    events = list(AuditEvent.objects.filter(chain=chain, seq__gte=seq).order_by("seq"))
    prev = AuditEvent.objects.get(chain=chain, seq=seq - 1).hash
    statements = []
    for event in events:
        values = _values(event)
        if event.seq == seq:
            values["payload"] = {"i": 999}
        values["prev_hash"] = prev
        digest = event_hash(values)
        statements.append(
            (
                "UPDATE audit_event SET payload = %s, prev_hash = %s, hash = %s WHERE id = %s",
                [json.dumps(values["payload"]), prev, digest, event.pk],
            )
        )
        prev = digest
    statements.append(
        ("UPDATE audit_chain_head SET head_hash = %s WHERE chain = %s", [prev, chain])
    )
    _as_superuser(*statements)


@pytest.mark.django_db(transaction=True)
class TestTheFiveAttacks:
    def test_a_chain_rewritten_with_recomputed_hashes_is_detected(self, signed_log):
        _rewrite_from(A, 3)
        message = _broken()
        assert "rewritten: this is not the event checkpoint 1 signed as #6" in message

    def test_a_truncated_tail_with_the_head_reset_is_detected(self, signed_log):
        second = AuditEvent.objects.get(chain=A, seq=2)
        _as_superuser(
            ("DELETE FROM audit_event WHERE chain = %s AND seq > 2", [A]),
            (
                "UPDATE audit_chain_head SET seq = 2, head_hash = %s WHERE chain = %s",
                [second.hash, A],
            ),
        )
        message = _broken()
        assert "checkpoint 1" in message
        assert "events removed from agency:1: it signed #6, which is gone" in message

    def test_a_deleted_chain_is_detected(self, signed_log):
        _as_superuser(
            ("DELETE FROM audit_event WHERE chain = %s", [B]),
            ("DELETE FROM audit_chain_head WHERE chain = %s", [B]),
        )
        message = _broken()
        assert "checkpoint 1: chain deleted: it signed its first 3 events" in message

    def test_a_forged_backdated_event_in_another_users_name_is_detected(self, signed_log):
        last = AuditEvent.objects.filter(chain=A).order_by("-seq").first()
        values = _values(last)
        values.update(
            seq=last.seq + 1,
            prev_hash=last.hash,
            occurred_at=datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC),
            actor_id=77,
            actor_username="another.user",
            action="case.viewed",
        )
        digest = event_hash(values)
        params = [json.dumps(values[n]) if n == "payload" else values[n] for n in HASHED_FIELDS]
        _as_superuser(
            (
                f"INSERT INTO audit_event ({', '.join(HASHED_FIELDS)}, hash) "
                f"VALUES ({', '.join(['%s'] * (len(HASHED_FIELDS) + 1))})",
                [*params, digest],
            ),
            (
                "UPDATE audit_chain_head SET seq = seq + 1, head_hash = %s WHERE chain = %s",
                [digest, A],
            ),
        )
        forged = AuditEvent.objects.get(chain=A, seq=last.seq + 1)
        message = _broken()
        assert f"event {forged.pk} (agency:1 #{forged.seq})" in message
        assert "earlier than the event before it" in message
        assert "earlier than the event before it" in _broken(since=True)

    def test_an_overwritten_head_is_detected(self, signed_log):
        _as_superuser(
            ("UPDATE audit_chain_head SET head_hash = %s WHERE chain = %s", ["e" * 64, A])
        )
        assert "the head was overwritten" in _broken()
        assert "the head was overwritten" in _broken(since=True)


@pytest.mark.django_db(transaction=True)
class TestTheCheckpointsThemselves:
    def test_a_checkpoint_deleted_from_the_database_is_found_in_its_copy(self, signed_log):
        _as_superuser(
            ("DELETE FROM audit_checkpoint_signature", []),
            ("DELETE FROM audit_checkpoint", []),
        )
        message = _broken()
        assert "checkpoint 1: it is in" in message
        assert "but not in the database: it was deleted" in message

    def test_a_checkpoint_deleted_from_the_database_still_protects_the_log(self, signed_log):
        _as_superuser(
            ("DELETE FROM audit_checkpoint_signature", []),
            ("DELETE FROM audit_checkpoint", []),
        )
        _rewrite_from(A, 2)
        with pytest.raises(CommandError, match="checkpoint 1"):
            call_command("verify_audit")
        assert any("rewritten" in str(b) for b in _all_breaks())

    def test_a_checkpoint_altered_in_the_database_fails_its_signature(self, signed_log):
        body = signed_log.body.replace("size 6 ", "size 5 ")
        _as_superuser(("UPDATE audit_checkpoint SET body = %s", [body]))
        assert "differs from the one in" in _broken() or "does not verify" in _broken()
        checkpoints.directory().joinpath(checkpoints.file_name(1)).chmod(0o600)
        checkpoints.directory().joinpath(checkpoints.file_name(1)).unlink()
        assert "does not verify: the checkpoint was altered or forged" in _broken()

    def test_the_signer_refuses_to_sign_a_log_that_does_not_extend_the_last_checkpoint(
        self, signed_log
    ):
        _rewrite_from(A, 4)
        with pytest.raises(checkpoints.Refused, match="event #6 of agency:1 is not the one"):
            services.checkpoint_create()
        assert AuditCheckpoint.objects.count() == 1


def _all_breaks():
    from audit import anchors

    result = verify(workers=1)
    return anchors.check(result.heads)[1]


@pytest.mark.django_db(transaction=True)
def test_the_walk_computes_the_signed_roots_in_process_and_in_parallel_segments(signed_log):
    """Roots from the events at every signed size, the same whether one process walks
    the chain or workers walk it in segments (rounded up to a power of two)."""
    _events(1, 7)
    services.checkpoint_create()
    sequential = verify(workers=1)
    parallel = verify(workers=2, segment_events=3, min_parallel_events=0)
    assert sequential.intact, sequential.first_break
    assert parallel == sequential
    signed = [checkpoints.parsed(cp) for cp in AuditCheckpoint.objects.all()]
    for cp in signed:
        for c in cp.chains:
            assert sequential.roots[c.chain][c.size] == c.root


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("workers", [1, 2])
def test_a_checkpoint_whose_root_is_not_the_events_is_named(signed_log, workers):
    """A signer that signed a wrong root (a bug, or a forged tree) is caught by the walk."""
    from audit import keys, notes
    from audit.models import AuditCheckpointSignature

    then = checkpoints.parsed(signed_log)
    wrong = notes.Checkpoint(
        2,
        then.time,
        tuple(
            notes.ChainState(c.chain, c.size, bytes(32), c.head) if c.chain == B else c
            for c in then.chains
        ),
    )
    body = notes.body(wrong)
    key = keys.signing_key()
    forged = AuditCheckpoint.objects.create(
        number=2, created_at=signed_log.created_at, body=body, chains={}
    )
    AuditCheckpointSignature.objects.create(
        checkpoint=forged,
        kind="log",
        signer=keys.LOG_SIGNER,
        key_id=notes.key_id(key.public_key()),
        signature=notes.sign(key, body),
        created_at=signed_log.created_at,
    )
    result = verify(workers=workers, segment_events=2, min_parallel_events=0)
    assert str(result.first_break) == (
        "checkpoint 2: the first 3 events of agency:2 do not have the Merkle root it signed"
    )

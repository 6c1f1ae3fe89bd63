"""The audit log at scale hashes and verifies exactly as before (docs/adr/0007).

* `_line_hash` (the verifier's hash of an event as COPY writes it) agrees with
  `compute_hash`, for plain text and for text that COPY or JSON must escape; so does the
  hash `append` has the database compute (audit_append).
* Parallel verification, cut into tiny segments, names the same first break as walking
  each chain in one process, for every kind of tampering and wherever it falls relative
  to the segment boundaries.
* The bench's bulk generator writes chains that verify accepts.
"""

from __future__ import annotations

import datetime
import json
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit import context, parallel
from audit import lines as audit_lines
from audit import verify as audit_verify
from audit.encoding import HASHED_FIELDS, event_hash
from audit.events import Actor, append
from audit.lines import LINE_COLUMNS, line_hash
from audit.lines import lines as read_lines
from audit.models import AuditEvent
from audit.parallel import connection_params, segment_bounds, verify_in_parallel
from audit.verify import verify
from audit.walk import Break, Verification
from bench import generate as bench_generate
from tests.conftest import guards_off

# --- the hashes -------------------------------------------------------------------------

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)
ids = st.none() | st.integers(min_value=0, max_value=2**62)
ips = st.none() | st.ip_addresses().map(str)
times = st.datetimes(
    min_value=datetime.datetime(1900, 1, 1),
    max_value=datetime.datetime(2200, 1, 1),
    timezones=st.sampled_from(
        [datetime.UTC, datetime.timezone(datetime.timedelta(hours=5, minutes=30))]
    ),
)


def _copy_text(value: Any) -> str:
    """One column as PostgreSQL's COPY ... TO STDOUT writes it (text format)."""
    if value is None:
        return "\\N"
    text = str(value)
    for char, escape in (
        ("\\", "\\\\"),
        ("\b", "\\b"),
        ("\f", "\\f"),
        ("\n", "\\n"),
        ("\r", "\\r"),
        ("\t", "\\t"),
        ("\v", "\\v"),
    ):
        text = text.replace(char, escape)
    return text


def _line(values: dict[str, Any], stored_hash: str = "") -> str:
    """The line the verifier reads for an event (see LINE_COLUMNS)."""
    when = values["occurred_at"].astimezone(datetime.UTC)
    timestamp = when.strftime("%Y-%m-%d %H:%M:%S")
    if when.microsecond:  # PostgreSQL drops trailing zeros, and the dot with them
        timestamp += f".{when.microsecond:06d}".rstrip("0")
    columns = {
        **values,
        "id": 1,
        "hash": stored_hash,
        "occurred_at": timestamp,
        "payload": json.dumps(values["payload"], ensure_ascii=False),  # jsonb as text
    }
    return "\t".join(_copy_text(columns[name]) for name in LINE_COLUMNS)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.tuples(*[st.text()] * 10),
    numbers=st.tuples(ids, ids, ids),
    seq=st.integers(min_value=-5, max_value=2**62),
    ip=ips,
    occurred_at=times,
    payload=st.dictionaries(st.text(), json_values, max_size=5),
)
def test_line_hash_is_compute_hash(text, numbers, seq, ip, occurred_at, payload):
    values: dict[str, Any] = dict(
        zip(
            (
                "chain",
                "actor_username",
                "actor_agency_name",
                "actor_role",
                "action",
                "object_type",
                "object_id",
                "request_id",
                "prev_hash",
            ),
            text,
            strict=False,
        )
    )
    values.update(
        actor_id=numbers[0],
        actor_agency_id=numbers[1],
        case_id=numbers[2],
        seq=seq,
        ip=ip,
        occurred_at=occurred_at,
    )
    values["payload"] = json.loads(json.dumps(payload))  # as it reads back from jsonb
    line = _line(values)
    assert line_hash(line, line.split("\t")) == event_hash(values)


def test_line_hash_of_a_plain_line_and_of_nulls():
    values = {
        "chain": "agency:3",
        "seq": 12,
        "occurred_at": datetime.datetime(2026, 3, 1, 9, 30, tzinfo=datetime.UTC),
        "actor_id": None,
        "actor_username": "",
        "actor_agency_id": None,
        "actor_agency_name": "",
        "actor_role": "",
        "action": "login.failed",
        "object_type": "",
        "object_id": "",
        "case_id": None,
        "payload": {},
        "request_id": "",
        "ip": None,
        "prev_hash": "a" * 64,
    }
    for changes in ({}, {"actor_id": 7, "ip": "10.0.0.1", "payload": {"b": 1, "a": [2.5]}}):
        line = _line({**values, **changes})
        assert line_hash(line, line.split("\t")) == event_hash({**values, **changes})


storable_text = st.text(  # what a PostgreSQL text column (and jsonb) can hold
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=20
)
storable_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | storable_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(storable_text, inner, max_size=3),
    max_leaves=8,
)


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    text=st.tuples(*[storable_text] * 7),
    number=st.none() | st.integers(min_value=0, max_value=2**62),
    ip=ips,
    payload=st.dictionaries(storable_text, storable_json, max_size=4),
)
def test_append_hashed_in_the_database_is_compute_hash(text, number, ip, payload):
    # append() checks the database's hash against compute_hash and raises if they differ.
    token = context.bind(context.RequestContext(request_id=text[6], ip=ip))
    try:
        with transaction.atomic():
            event = append(
                actor=Actor(number, text[0], number, text[1], text[2]),
                action=text[3],
                object_type=text[4],
                object_id=text[5],
                case_id=number,
                agency_id=9,
                payload=payload,
            )
    finally:
        context.unbind(token)
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (
        stored.hash
        == event.hash
        == event_hash({name: getattr(stored, name) for name in HASHED_FIELDS})
    )
    assert verify(workers=1, chains=["agency:9"]).intact


AWKWARD_TEXT = [
    'say "no"',
    "back\\slash",
    "\\N",
    "tab\tand\nnewline\r",
    "bell\x07 escape\x1b unit\x1f del\x7f",
    "Zo\u00eb \u2019 \u2028 \U0001f600",
    "",
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("text", AWKWARD_TEXT)
def test_text_that_copy_or_json_must_escape_verifies_intact(text):
    token = context.bind(context.RequestContext(request_id=text, ip="2001:db8::7"))
    try:
        for agency_id in (1, None):
            with transaction.atomic():
                actor = Actor(None, text, agency_id, text, text[:20])
                append(
                    actor=actor,
                    action=text or "empty",
                    object_type=text,
                    object_id=text,
                    agency_id=agency_id,
                    payload={text: [text, {"nested": text}], "n": None},
                )
            with transaction.atomic():  # and one with every nullable column NULL
                append(actor=None, action="plain", agency_id=agency_id)
    finally:
        context.unbind(token)
    sequential = verify(workers=1)
    assert sequential.intact, sequential.first_break
    assert _parallel() == sequential
    # A change is still seen on such a line.
    event = AuditEvent.objects.filter(actor_username=text).order_by("id").first()
    _change(event)
    assert verify(workers=1).first_break.event_id == event.pk
    assert _parallel() == verify(workers=1)


# --- parallel verification: same answer as the plain walk -------------------------------

CHAINS = {1: 11, 2: 8, None: 7}  # agency id (None: system chain) -> events; 26 in all
SEGMENT = 3  # segments of three events: every chain is cut in several places


def _log() -> dict[str, list[AuditEvent]]:
    events: dict[str, list[AuditEvent]] = {}
    for agency_id, count in CHAINS.items():
        for i in range(count):
            with transaction.atomic():
                event = append(
                    actor=None,
                    action="test.event",
                    agency_id=agency_id,
                    payload={"i": i, "note": 'Zoë\u2019s "quoted" \\ note\n'},
                )
            events.setdefault(event.chain, []).append(event)
    return events


def _sql(statement: str, *params: Any) -> None:
    with guards_off() as cursor:  # as the tables' owner could
        cursor.execute(statement, list(params))


def _change(event: AuditEvent) -> None:
    _sql("UPDATE audit_event SET payload = '{\"i\": 99}' WHERE id = %s", event.pk)


def _delete(*events: AuditEvent) -> None:
    for event in events:
        _sql("DELETE FROM audit_event WHERE id = %s", event.pk)


def _swap(a: AuditEvent, b: AuditEvent) -> None:
    _sql("UPDATE audit_event SET seq = -1 WHERE id = %s", a.pk)
    _sql("UPDATE audit_event SET seq = %s WHERE id = %s", a.seq, b.pk)
    _sql("UPDATE audit_event SET seq = %s WHERE id = %s", b.seq, a.pk)


def _rehash(event: AuditEvent) -> None:
    values = {name: getattr(event, name) for name in HASHED_FIELDS}
    values["payload"] = {"i": 42}
    _sql(
        "UPDATE audit_event SET payload = '{\"i\": 42}', hash = %s WHERE id = %s",
        event_hash(values),
        event.pk,
    )


def _move_seq(event: AuditEvent, seq: int) -> None:
    _sql("UPDATE audit_event SET seq = %s WHERE id = %s", seq, event.pk)


def _forge_after(last: AuditEvent) -> None:
    """Append a correctly hashed event behind the head without moving the head."""
    values = {name: getattr(last, name) for name in HASHED_FIELDS}
    values.update(seq=last.seq + 1, prev_hash=last.hash, action="forged")
    columns = ", ".join([*HASHED_FIELDS, "hash"])
    params = [values[name] for name in HASHED_FIELDS]
    params[HASHED_FIELDS.index("payload")] = json.dumps(values["payload"])
    _sql(
        f"INSERT INTO audit_event ({columns}) VALUES ({', '.join(['%s'] * (len(params) + 1))})",
        *params,
        event_hash(values),
    )


def _drop_head(chain: str) -> None:
    _sql("DELETE FROM audit_chain_head WHERE chain = %s", chain)


A, B, S = "agency:1", "agency:2", "system"
Tamper = Callable[[dict[str, list[AuditEvent]]], None]
TAMPERING: dict[str, Tamper] = {
    "intact": lambda e: None,
    "changed mid-segment": lambda e: _change(e[A][4]),
    "changed first event": lambda e: _change(e[A][0]),
    "changed at a segment start": lambda e: _change(e[B][3]),
    "changed last event": lambda e: _change(e[B][-1]),
    "deleted at a segment end": lambda e: _delete(e[A][2]),
    "deleted at a segment start": lambda e: _delete(e[A][3]),
    "deleted first event": lambda e: _delete(e[S][0]),
    "deleted a whole segment": lambda e: _delete(*e[A][3:6]),
    "deleted two segments": lambda e: _delete(*e[A][2:9]),
    "deleted last event": lambda e: _delete(e[A][-1]),
    "deleted the last four": lambda e: _delete(*e[A][-4:]),
    "deleted every event of a chain": lambda e: _delete(*e[B]),
    "reordered within a segment": lambda e: _swap(e[A][3], e[A][4]),
    "reordered across segments": lambda e: _swap(e[A][1], e[A][7]),
    "rehashed at a segment end": lambda e: _rehash(e[B][2]),
    "rehashed mid-segment": lambda e: _rehash(e[B][4]),
    "seq moved past the end": lambda e: _move_seq(e[A][5], 500),
    "seq moved before the start": lambda e: _move_seq(e[S][2], 0),
    "forged event behind the head": lambda e: _forge_after(e[A][-1]),
    "head row removed": lambda e: _drop_head(B),
    "head row removed and last deleted": lambda e: (_drop_head(B), _delete(e[B][-1])),
    "breaks in three chains": lambda e: (
        _change(e[S][1]),
        _delete(e[B][5]),
        _swap(e[A][8], e[A][9]),
    ),
    "two breaks in one chain": lambda e: (_change(e[B][6]), _delete(e[B][2])),
}


def _parallel(**kwargs: Any) -> Verification:
    return verify(workers=2, segment_events=SEGMENT, min_parallel_events=0, **kwargs)


@pytest.fixture
def parallel_runs(monkeypatch):
    """Counts the verifications that went to worker processes."""
    calls: list[Verification] = []
    original = verify_in_parallel

    def spy(*args: Any, **kwargs: Any) -> Verification:
        calls.append(original(*args, **kwargs))
        return calls[-1]

    monkeypatch.setattr(parallel, "verify_in_parallel", spy)
    return calls


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("tamper", TAMPERING.values(), ids=TAMPERING.keys())
def test_parallel_verification_finds_the_same_first_break(tamper):
    events = _log()
    tamper(events)
    sequential = verify(workers=1)
    assert _parallel() == sequential
    # Without its head row, a chain is only checked link by link (as before).
    undetectable = ("intact", "head row removed", "head row removed and last deleted")
    assert sequential.intact == any(tamper is TAMPERING[name] for name in undetectable)


@pytest.mark.django_db(transaction=True)
def test_the_first_break_is_in_the_lowest_named_chain(parallel_runs):
    events = _log()
    _change(events[S][1])
    _delete(events[B][5])
    result = _parallel()
    assert result.first_break == Break(
        B,
        events[B][6].seq,
        events[B][6].pk,
        "sequence jumps from 5 to 7: an event is missing or moved",
    )
    assert result.chains == 3
    assert result.heads[A] == events[A][-1].hash
    assert result.heads[B] == events[B][4].hash  # the last intact event of the broken chain
    assert parallel_runs  # the parallel path ran


@pytest.mark.django_db(transaction=True)
def test_parallel_verification_of_chosen_chains():
    events = _log()
    _change(events[A][1])
    assert _parallel(chains=[B, S, "agency:404"]) == verify(workers=1, chains=[B, S])
    assert _parallel(chains=[B, S]).intact


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_verification_stays_in_process_and_sees_its_events(
    parallel_runs,
):
    _log()
    with transaction.atomic():
        append(actor=None, action="uncommitted", agency_id=1)
        result = _parallel()
    assert result.intact, result.first_break
    assert result.events == sum(CHAINS.values()) + 1
    assert not parallel_runs


@pytest.mark.django_db(transaction=True)
def test_by_default_a_process_running_other_threads_verifies_in_process(parallel_runs):
    _log()
    release = threading.Event()
    thread = threading.Thread(target=release.wait)  # say, a threaded web server's
    thread.start()
    try:
        result = verify(segment_events=SEGMENT, min_parallel_events=0)
    finally:
        release.set()
        thread.join()
    assert result.intact
    assert not parallel_runs  # forking a threaded process is not safe


@pytest.mark.django_db(transaction=True)
def test_the_command_verifies_in_parallel_and_names_the_break(monkeypatch, capsys):
    events = _log()
    monkeypatch.setattr(audit_verify, "PARALLEL_MIN_EVENTS", 0)
    monkeypatch.setattr(parallel, "SEGMENT_EVENTS", SEGMENT)
    call_command("verify_audit", workers=2)
    assert f"Audit log intact: {sum(CHAINS.values())} events in 3 chains" in capsys.readouterr().out
    _delete(events[A][6])
    with pytest.raises(Exception, match=rf"event {events[A][7].pk} \({A} #8\): sequence jumps"):
        call_command("verify_audit", workers=2)


@pytest.mark.django_db(transaction=True)
def test_events_appended_while_verifying_are_not_taken_for_removed_ones(monkeypatch):
    _log()
    walk = read_lines

    def append_elsewhere_then_walk(cursor: Any, chain: str, **bounds: Any) -> Any:
        # Another connection commits an event on this chain after the heads were read.
        def writer() -> None:
            try:
                with transaction.atomic():
                    append(actor=None, action="meanwhile", agency_id=1)
            finally:
                connections.close_all()

        thread = threading.Thread(target=writer)
        thread.start()
        thread.join()
        return walk(cursor, chain, **bounds)

    monkeypatch.setattr(audit_lines, "lines", append_elsewhere_then_walk)
    result = verify(workers=1)
    assert result.intact, result.first_break
    assert result.events == sum(CHAINS.values())  # as of the snapshot
    assert AuditEvent.objects.filter(action="meanwhile").count() == 3


def test_segments_cover_every_seq():
    assert segment_bounds(0, 3) == [(None, None)]
    assert segment_bounds(3, 3) == [(None, None)]
    assert segment_bounds(7, 3) == [(None, 3), (4, 6), (7, None)]


# --- the bench's generator --------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_generated_chains_verify_intact():
    heads = bench_generate.generate(
        connection_params(), 600, workers=1, batch=250, rebuild_indexes=False
    )
    assert sum(seq for seq, _ in heads.values()) == 600
    sequential = verify(workers=1)
    assert sequential.intact, sequential.first_break
    assert sequential.events == 600
    assert sequential.heads == {chain: digest for chain, (_, digest) in heads.items()}
    assert _parallel() == sequential
    # The events are spread over the chains and interleaved in time, as in real use.
    chains = list(AuditEvent.objects.order_by("id").values_list("chain", flat=True)[:20])
    assert len(set(chains)) > 3

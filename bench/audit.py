"""Audit log at scale: append throughput and verification throughput.

* `Writers` measures the real `audit.events.append`, one `transaction.atomic()` per
  event, from 1 or 8 writer processes, on 8 chains or all on one chain, against
  single-row INSERTs (one transaction each, same processes, same Django stack) into a
  table of the same shape with no triggers and no hashing. Raw and append runs take
  turns, so that the machine's other load falls on both alike.
* `verify_rate` runs `manage.py verify_audit` on the whole log, as an operator would.

The log itself comes from bench.generate.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import multiprocessing
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import psycopg

from bench.db import Usage, without_indexes
from bench.generate import AGENCIES, AGENCY_NAMES, COLUMNS, IPS, REASONS, TABLE

ROOT = Path(__file__).resolve().parent.parent
RAW_TABLE = "bench_raw_auditevent"


def make_raw_table(conninfo: str, *, prefill: bool) -> None:
    """A table of the same shape as the audit log (columns, indexes, constraints) without
    its triggers; optionally filled with a copy of the log, so both are the same size."""
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f"DROP TABLE IF EXISTS {RAW_TABLE}")
        conn.execute(f"CREATE TABLE {RAW_TABLE} (LIKE {TABLE} INCLUDING ALL)")
        if prefill:
            with without_indexes(conn, RAW_TABLE):
                conn.execute(f"INSERT INTO {RAW_TABLE} SELECT * FROM {TABLE}")  # noqa: S608
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{RAW_TABLE}', 'id'), "  # noqa: S608
                f"(SELECT coalesce(max(id), 1) FROM {RAW_TABLE}))"
            )
            conn.execute(f"VACUUM (FREEZE, ANALYZE) {RAW_TABLE}")


def checkpoint(conninfo: str) -> bool:
    """Write out what the bulk load left dirty, so that the runs do not pay for it (needs
    superuser or pg_checkpoint; skipped otherwise)."""
    try:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute("CHECKPOINT")
    except psycopg.errors.InsufficientPrivilege:
        return False
    return True


# --- append throughput ------------------------------------------------------------------


def _raw_insert(cursor: Any, chain: str, seq: int, actor: Any, payload: str, request: Any) -> None:
    cursor.execute(
        f"INSERT INTO {RAW_TABLE} ({', '.join([*COLUMNS, 'hash'])}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * (len(COLUMNS) + 1))})",
        [
            chain,
            seq,
            datetime.datetime.now(datetime.UTC),
            actor.id,
            actor.username,
            actor.agency_id,
            actor.agency_name,
            actor.role,
            "decision.answered",
            "decision",
            str(seq),
            seq // 40 + 1,
            payload,
            request.request_id,
            request.ip,
            "0" * 64,
            "0" * 64,
        ],
    )


# The write side of a sequencer design (ADR 0019), measured but not built: the request's
# transaction only inserts the caller's fields through a SECURITY DEFINER function, with
# the database's time, into a table of pending events; no head is locked, no hash made.
# A sequencer would then chain them in batches (its work is not in this figure).
PENDING_TABLE = "bench_audit_pending"
PENDING_SQL = f"""
DROP TABLE IF EXISTS {PENDING_TABLE};
CREATE TABLE {PENDING_TABLE} (
    id bigserial PRIMARY KEY, chain text NOT NULL, occurred_at timestamptz NOT NULL,
    actor_id bigint, actor_username text, actor_agency_id bigint, actor_agency_name text,
    actor_role text, action text, object_type text, object_id text, case_id bigint,
    payload jsonb, request_id text, ip inet
);
CREATE OR REPLACE FUNCTION bench_audit_stage(
    p_chain text, p_actor_id bigint, p_actor_username text, p_actor_agency_id bigint,
    p_actor_agency_name text, p_actor_role text, p_action text, p_object_type text,
    p_object_id text, p_case_id bigint, p_payload jsonb, p_request_id text, p_ip inet
) RETURNS bigint LANGUAGE sql SECURITY DEFINER SET search_path TO 'public', 'pg_temp' AS $$
    INSERT INTO {PENDING_TABLE} (chain, occurred_at, actor_id, actor_username,
        actor_agency_id, actor_agency_name, actor_role, action, object_type, object_id,
        case_id, payload, request_id, ip)
    VALUES (p_chain, clock_timestamp(), p_actor_id, p_actor_username, p_actor_agency_id,
        p_actor_agency_name, p_actor_role, p_action, p_object_type, p_object_id, p_case_id,
        p_payload, p_request_id, p_ip)
    RETURNING id
$$;
"""  # noqa: S608


def make_pending_table(conninfo: str) -> None:
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(PENDING_SQL)


def _stage(cursor: Any, chain: str, count: int, actor: Any, payload: Any, request: Any) -> None:
    from audit import encoding

    cursor.execute(
        "SELECT bench_audit_stage(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        [
            chain,
            actor.id,
            actor.username,
            actor.agency_id,
            actor.agency_name,
            actor.role,
            "decision.answered",
            "decision",
            str(count),
            count // 40 + 1,
            encoding.encode_json(encoding.canonical_payload(payload)),
            request.request_id,
            request.ip,
        ],
    )


def _writer(number: int, commands: Any, results: Any) -> None:
    """A writer process: for each command, append (or INSERT) one event per transaction
    from `start` until `stop`, then report how many."""
    import resource

    import django

    django.setup()
    from django.db import connection, transaction

    from audit import context, events

    connection.ensure_connection()
    results.put(("ready", number, 0, 0))
    while (command := commands.get()) is not None:
        kind, agency, run, start, stop = command
        actor = events.Actor(
            id=agency * 1000 + number,
            username=f"bench.writer{number}",
            agency_id=agency,
            agency_name=AGENCY_NAMES[agency],
            role="practitioner",
        )
        time.sleep(max(0.0, start - time.time()))
        count = 0
        while time.time() < stop:
            payload = {
                "decision": count,
                "question": "proportionate",
                "answer": "yes",
                "reason": REASONS[count % len(REASONS)],
            }
            request = context.RequestContext(request_id=uuid.uuid4().hex, ip=IPS[count % 8])
            if kind == "append":
                token = context.bind(request)
                try:
                    with transaction.atomic():
                        events.append(
                            actor=actor,
                            action="decision.answered",
                            object_type="decision",
                            object_id=count,
                            case_id=count // 40 + 1,
                            agency_id=agency,
                            payload=payload,
                        )
                finally:
                    context.unbind(token)
            elif kind == "staged":
                with transaction.atomic(), connection.cursor() as cursor:
                    _stage(cursor, f"agency:{agency}", count, actor, payload, request)
            else:
                with transaction.atomic(), connection.cursor() as cursor:
                    chain = f"raw:{run}:{number}"
                    _raw_insert(cursor, chain, count + 1, actor, json.dumps(payload), request)
            count += 1
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        results.put(("done", number, count, rss))


@dataclasses.dataclass
class WriteRuns:
    """What one configuration (kind, writers, chains) wrote over all its rounds."""

    label: str
    writers: int
    events: int = 0
    seconds: float = 0.0
    rates: list[float] = dataclasses.field(default_factory=list)  # per round
    peak_rss: int = 0

    @property
    def rate(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


class Writers:
    """Writer processes (Django set up once each) that take turns at raw and append runs."""

    def __init__(self, count: int) -> None:
        spawn = multiprocessing.get_context("spawn")
        self.results = spawn.Queue()
        self.commands = [spawn.Queue() for _ in range(count)]
        self.processes = [
            spawn.Process(target=_writer, args=(n, self.commands[n], self.results), daemon=True)
            for n in range(count)
        ]
        for process in self.processes:
            process.start()
        for _ in self.processes:
            self.results.get(timeout=300)

    def run(self, runs: WriteRuns, kind: str, *, one_chain: bool, seconds: float) -> None:
        """One round: runs.writers processes write for `seconds`; add it to `runs`."""
        start = time.time() + 0.5
        stop = start + seconds
        tag = uuid.uuid4().hex[:8]
        for n in range(runs.writers):
            agency = 1 if one_chain else 1 + n % AGENCIES
            self.commands[n].put((kind, agency, tag, start, stop))
        events = 0
        for _ in range(runs.writers):
            _, _, count, rss = self.results.get(timeout=seconds + 300)
            events += count
            runs.peak_rss = max(runs.peak_rss, rss)
        runs.events += events
        runs.seconds += seconds
        runs.rates.append(events / seconds)

    def close(self) -> None:
        for queue in self.commands:
            queue.put(None)
        for process in self.processes:
            process.join(timeout=60)


# --- verification throughput ------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class VerifyRun:
    label: str
    events: int
    chains: int
    seconds: float  # the command's own figure (excludes Python and Django start-up)
    wall: float  # the whole command, start-up included
    intact: bool
    peak_rss_total: int
    peak_rss_process: int
    cpu: float  # CPU seconds of the command and its workers
    database_cpu: float  # CPU seconds of the PostgreSQL backends serving them
    machine_busy: float  # CPU seconds the whole machine was busy meanwhile
    output: str

    @property
    def rate(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0

    @property
    def other_cpu(self) -> float:
        """CPU seconds taken by other work on the machine while this ran."""
        return max(0.0, self.machine_busy - self.cpu - self.database_cpu)


_INTACT = re.compile(r"Audit log intact: (\d+) events in (\d+) chains checked in ([\d.]+)s")


def verify_rate(label: str, database: str, *args: str) -> VerifyRun:
    """Run `manage.py verify_audit` (on DATABASE_URL, i.e. the bench database)."""
    command = [sys.executable, str(ROOT / "manage.py"), "verify_audit", *args]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    process = subprocess.Popen(  # noqa: S603
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    with Usage(process.pid, database=database) as usage:
        output, _ = process.communicate()
    found = _INTACT.search(output)
    return VerifyRun(
        label=label,
        events=int(found.group(1)) if found else 0,
        chains=int(found.group(2)) if found else 0,
        seconds=float(found.group(3)) if found else usage.wall,
        wall=usage.wall,
        intact=process.returncode == 0 and found is not None,
        peak_rss_total=usage.peak_total,
        peak_rss_process=usage.peak_process,
        cpu=usage.cpu,
        database_cpu=usage.database_cpu,
        machine_busy=usage.machine_busy,
        output=output.strip(),
    )


def count_events(conninfo: str, table: str = TABLE) -> int:
    with psycopg.connect(conninfo) as conn:
        row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608
    return int(row[0]) if row else 0


def table_size(conninfo: str, table: str = TABLE) -> int:
    with psycopg.connect(conninfo) as conn:
        row = conn.execute("SELECT pg_total_relation_size(%s::regclass)", [table]).fetchone()
    return int(row[0]) if row else 0

"""Checkpoints at scale: signing, verification since the last checkpoint, export proofs.

Run by `python -m bench` after the first full verification (the baseline: no checkpoint
yet), in its process (Django set up on the bench database): the first checkpoint (which
builds every chain's tree), new events appended through `audit_append` in the database,
verification since the checkpoint, the next checkpoint, the full verification again (now
against the checkpoints, with the stored tree checked), and the inclusion proofs of a
500-event export with their offline check.
"""

from __future__ import annotations

import base64
import json
import re
import time
from typing import Any

from bench.audit import verify_rate

Row = tuple[str, str, str, str]

# New events, written by the database itself: audit_append once a row, parts made once.
_APPEND_ROWS = (
    "SELECT count(*) FROM generate_series(1, %s) AS g(n), LATERAL audit_append("
    "%s, NULL, 'bench.writer', 1, 'Bench agency', 'practitioner', 'decision.answered', "
    "'decision', '', NULL, '{}'::jsonb, left(g.n::text, 0), NULL, %s, %s, %s, %s)"
)  # the request id: '' that depends on n, so that the function runs once a row


def _append_in_database(count: int, chain: str) -> float:
    from django.db import connection, transaction

    from audit import encoding

    values = {
        "chain": chain,
        "actor_id": None,
        "actor_username": "bench.writer",
        "actor_agency_id": 1,
        "actor_agency_name": "Bench agency",
        "actor_role": "practitioner",
        "action": "decision.answered",
        "object_type": "decision",
        "object_id": "",
        "case_id": None,
        "payload": {},
        "request_id": "",
        "ip": None,
    }
    parts = encoding.database_parts(values)
    started = time.perf_counter()
    # A thousand a transaction: one transaction that moves one head row 100,000 times
    # walks an ever longer chain of its own row versions.
    for done in range(0, count, 1000):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(_APPEND_ROWS, [min(1000, count - done), chain, *parts])
    return time.perf_counter() - started


def _sign() -> tuple[Any, float]:
    from audit import services

    started = time.perf_counter()
    checkpoint = services.checkpoint_create()
    return checkpoint, time.perf_counter() - started


def _proofs(events: int = 500) -> tuple[int, float, float]:
    """Inclusion proofs for `events` events spread over the largest chain: (bytes of JSON,
    seconds to make them, seconds to check them offline)."""
    from audit import encoding, merkle, notes, tree
    from audit.models import AuditCheckpoint, AuditEvent

    signed = notes.parse(AuditCheckpoint.objects.order_by("-number").first().body)
    state = max(signed.chains, key=lambda c: c.size)
    step = max(1, state.size // events)
    seqs = list(range(1, state.size + 1, step))[:events]
    rows = list(AuditEvent.objects.filter(chain=state.chain, seq__in=seqs))
    started = time.perf_counter()
    paths = tree.inclusion_proofs(state.chain, (e.seq - 1 for e in rows), state.size)
    made = time.perf_counter() - started
    document = {str(e.pk): [base64.b64encode(h).decode() for h in paths[e.seq - 1]] for e in rows}
    size = len(json.dumps(document))
    started = time.perf_counter()
    for event in rows:
        values = {name: getattr(event, name) for name in encoding.HASHED_FIELDS}
        digest = encoding.event_hash(values)
        path = [base64.b64decode(p) for p in document[str(event.pk)]]
        assert merkle.verify_inclusion(
            event.seq - 1, state.size, merkle.event_leaf(digest), path, state.root
        )
    checked = time.perf_counter() - started
    return size, made, checked


_SINCE = re.compile(r"checked in ([\d.]+)s")


def figures(database: Any, new_events: int, log: Any) -> list[Row]:
    rows: list[Row] = []
    first, seconds = _sign()
    signed_events = sum(c["size"] for c in first.chains.values())
    rows.append(
        (
            "first checkpoint (builds every chain's tree)",
            f"{seconds:.1f}s for {signed_events:,} events",
            "",
            "",
        )
    )
    log(f"first checkpoint: {seconds:.1f}s")
    appended = _append_in_database(new_events, "agency:1")
    log(f"{new_events:,} events appended in the database in {appended:.1f}s")
    since = verify_rate("since", database.name, "--since-checkpoint")
    found = _SINCE.search(since.output)
    rows.append(
        (
            f"verify_audit --since-checkpoint, {new_events:,} new events",
            (f"{float(found.group(1)):.2f}s" if found else "?")
            + ("" if since.intact else ", NOT INTACT"),
            "< 1s after 100,000",
            "",
        )
    )
    _, seconds = _sign()
    rows.append(
        (
            f"checkpoint signing after {new_events:,} new events",
            f"{seconds * 1000:.0f} ms",
            "",
            "",
        )
    )
    for label, extra in (
        ("verify_audit, whole log, against the checkpoints (roots from the walk)", ()),
        ("verify_audit --check-tree (every stored node checked too)", ("--check-tree",)),
    ):
        full = verify_rate("verify_audit", database.name, *extra)
        value = (
            f"{full.events:,} events in {full.seconds:.1f}s = {full.rate:,.0f} events/s "
            f"(CPU {full.cpu:.0f}s verify, {full.database_cpu:.0f}s PostgreSQL)"
        )
        goal = "" if extra else "no slower than without"
        rows.append((label, value + ("" if full.intact else ", NOT INTACT"), goal, ""))
    size, made, checked = _proofs()
    rows.append(
        (
            "inclusion proofs of a 500-event export",
            f"{size / 1024:.0f} KiB JSON, made in {made * 1000:.0f} ms, "
            f"checked offline in {checked * 1000:.0f} ms",
            "",
            "",
        )
    )
    return rows

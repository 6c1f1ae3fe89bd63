"""Bulk generation of a valid audit log: N chained events, 10 per decision.

Eight agency chains of different sizes and the system chain, interleaved in time as in
real use. Worker processes hash (with `audit.encoding.event_hash`, as `append` does) and
COPY their share of the chains in; the secondary indexes are dropped for the load and
rebuilt after. This is how the bench gets 10M events in minutes. It is not the path
whose speed is measured.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import multiprocessing
import random
from collections.abc import Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import psycopg

from audit import heads as chain_heads
from audit.encoding import GENESIS, HASHED_FIELDS, event_hash
from audit.sql import EVENT_TABLE
from bench.db import without_indexes

TABLE = EVENT_TABLE
COLUMNS = HASHED_FIELDS  # then "hash"

EVENTS_PER_DECISION = 10
AGENCIES = 8

# Agencies differ in size; the system chain is small. Weights in events per thousand.
CHAIN_WEIGHTS = {
    "agency:1": 200,
    "agency:2": 170,
    "agency:3": 150,
    "agency:4": 130,
    "agency:5": 110,
    "agency:6": 100,
    "agency:7": 80,
    "agency:8": 50,
    "system": 10,
}
AGENCY_NAMES = {
    1: "Northshire Children's Social Care",
    2: "Northshire Police",
    3: "Northshire Integrated Care Board",
    4: "St Aldate's Primary School",
    5: "Northshire Community Health Services NHS Trust",
    6: "Northshire Youth Justice Service",
    7: "Riverside Academy Trust",
    8: "Northshire Probation Delivery Unit",
}
ROLES = ("practitioner", "lead_officer", "auditor", "agency_admin")
REASONS = (
    "Sharing is necessary to protect the child from significant harm; the referral "
    "describes repeated injuries that the school and health visitor have both seen.",
    "Consent was not sought because seeking it would place the child at increased risk "
    "of harm (Working Together 2023, paragraph 4.3.20).",
    "The information is relevant and proportionate: only the dates of the three "
    "attendances and the names of the adults present are shared.",
    "Zoë\u2019s mother agreed to the referral on the telephone; consent recorded in the "
    "family\u2019s first language with an interpreter present.",
    "Police hold information about an alleged perpetrator living at the address; the "
    "lead officer countersigned the decision on the same day.",
    "Not shared: the request did not show why the health records were needed and a "
    "less intrusive source (the GP summary) was available.",
    "Shared by secure email to the named social worker only; the recipient confirmed "
    "receipt and the onward-sharing restriction (no further disclosure).",
    "Review: the decision was reasonable on the information available at the time.",
)
IPS = (
    "10.20.1.15",
    "10.20.1.16",
    "10.31.8.200",
    "172.16.4.9",
    "192.168.10.77",
    "2001:db8:0:12::a",
    "2001:db8:0:12::1f",
    "81.2.69.160",
)
_CHAIN_CYCLE = 1000


def chain_cycle(seed: int = 2024) -> list[str]:
    """Which chain each event goes to, as a shuffled cycle of 1,000 (interleaved as in
    real use: consecutive events in time belong to different agencies)."""
    cycle = [chain for chain, weight in CHAIN_WEIGHTS.items() for _ in range(weight)]
    random.Random(seed).shuffle(cycle)
    return cycle


_QUESTIONS = ("necessary", "proportionate", "relevant", "adequate", "accurate", "timely", "secure")
_LEGAL_BASIS = "UK GDPR 6(1)(e); DPA 2018 Sch 8 para 4 (safeguarding)"


def _action(
    decision: int, step: int, agency: int, actor: int
) -> tuple[str, str, int, dict[str, Any]]:
    """(action, object type, object id, payload) of step 0-9 in the life of a decision."""
    reason = REASONS[(decision + step) % len(REASONS)]
    case_id = decision // 4 + 1
    if step == 0:
        return "request.received", "request", decision, {"decision": decision, "summary": reason}
    if step == 1:
        return "case.viewed", "case", case_id, {}
    if step == 2:
        return "decision.started", "decision", decision, {"decision": decision, "request": decision}
    if step in (3, 4):
        question = _QUESTIONS[step - 3]
        payload = {"decision": decision, "question": question, "answer": "yes", "reason": reason}
        return "decision.answered", "decision", decision, payload
    if step == 5:
        payload = {
            "decision": decision,
            "position": "not_sought",
            "reason": reason,
            "person": "Parent or carer",
        }
        return "consent.recorded", "consent", decision, payload
    if step == 6:
        payload = {
            "decision": decision,
            "outcome": "share" if decision % 5 else "not_share",
            "legal_basis": _LEGAL_BASIS,
            "answers": dict.fromkeys(_QUESTIONS, "yes"),
            "reason": reason,
        }
        return "decision.recorded", "decision", decision, payload
    if step == 7:
        payload = {
            "decision": decision,
            "to_agency": 1 + (agency + decision) % AGENCIES,
            "method": "secure_email",
        }
        return "disclosure.made", "disclosure", decision, payload
    if step == 8:
        return "history.viewed", "case", case_id, {"format": "html"}
    payload = {
        "decision": decision,
        "review": "countersigned",
        "comment": reason,
        "reviewer": actor,
    }
    return "decision.reviewed", "decision", decision, payload


def event_values(i: int, chain: str, occurred_at: str) -> dict[str, Any]:
    """The hashed fields of global event number i, but for seq and prev_hash."""
    decision, step = divmod(i, EVENTS_PER_DECISION)
    if chain == "system":
        return {
            "chain": chain,
            "occurred_at": occurred_at,
            "actor_id": None,
            "actor_username": "",
            "actor_agency_id": None,
            "actor_agency_name": "",
            "actor_role": "",
            "action": "retention.checked",
            "object_type": "",
            "object_id": "",
            "case_id": None,
            "payload": {"checked": decision % 997, "expired": 0},
            "request_id": "",
            "ip": None,
        }
    agency = int(chain.split(":")[1])
    actor = agency * 1000 + decision % 250
    action, object_type, object_id, payload = _action(decision, step, agency, actor)
    return {
        "chain": chain,
        "occurred_at": occurred_at,
        "actor_id": actor,
        "actor_username": f"user{actor}",
        "actor_agency_id": agency,
        "actor_agency_name": AGENCY_NAMES[agency],
        "actor_role": ROLES[decision % len(ROLES)],
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id),
        "case_id": decision // 4 + 1,
        "payload": payload,
        "request_id": f"{(i * 0x9E3779B97F4A7C15) % 2**64:016x}{i:016x}",
        "ip": IPS[(decision + step) % len(IPS)],
    }


def _generate_part(
    conninfo: str | Mapping[str, Any],
    total: int,
    chains: Iterable[str],
    batch: int,
    seed: int,
) -> dict[str, tuple[int, str]]:
    """COPY every event of `chains` (among `total` events) in; return each chain's head.

    Hashes with `event_hash`, as `append` does; `verify` recomputes the hashes its own
    way, so a verified bench log also checks the two against each other.
    """
    mine = frozenset(chains)
    cycle = chain_cycle(seed)
    heads: dict[str, tuple[int, str]] = dict.fromkeys(mine, (0, GENESIS))
    start = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    step = max(1, int(730 * 86400 * 1e6) // max(1, total))  # two years of events
    columns = ", ".join([*COLUMNS, "hash"])
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    connect = (
        psycopg.connect(conninfo) if isinstance(conninfo, str) else psycopg.connect(**conninfo)
    )
    with connect as conn:
        conn.execute("SET synchronous_commit = off")
        i = 0
        while i < total:
            end = min(total, i + batch)
            copy_sql = f"COPY {TABLE} ({columns}) FROM STDIN"
            with conn.cursor() as cursor, cursor.copy(copy_sql) as copy:  # type: ignore[arg-type]
                for n in range(i, end):
                    chain = cycle[n % _CHAIN_CYCLE]
                    if chain not in mine:
                        continue
                    when = start + datetime.timedelta(microseconds=n * step)
                    v = event_values(n, chain, when.isoformat(timespec="microseconds"))
                    seq, prev_hash = heads[chain]
                    seq += 1
                    v["seq"], v["prev_hash"] = seq, prev_hash
                    digest = event_hash(v)
                    v["payload"] = dumps(v["payload"])
                    copy.write_row([*(v[name] for name in COLUMNS), digest])
                    heads[chain] = (seq, digest)
            conn.commit()
            i = end
    return heads


def generate(
    conninfo: str | Mapping[str, Any],
    events: int,
    *,
    workers: int = 2,
    batch: int = 100_000,
    seed: int = 2024,
    rebuild_indexes: bool = True,
) -> dict[str, tuple[int, str]]:
    """Fill an empty audit table with `events` valid events and set the chain heads.

    `workers` processes (which need no Django: they hash with `audit.encoding`) each hash
    and COPY a share of the chains; workers=1 does it all in this process.
    """
    connect = (
        psycopg.connect(conninfo) if isinstance(conninfo, str) else psycopg.connect(**conninfo)
    )
    # Share the chains out so that each worker gets about the same number of events.
    shares: list[list[str]] = [[] for _ in range(max(1, workers))]
    loads = [0] * len(shares)
    for chain, weight in sorted(CHAIN_WEIGHTS.items(), key=lambda item: -item[1]):
        least = loads.index(min(loads))
        shares[least].append(chain)
        loads[least] += weight
    with connect as conn:
        conn.autocommit = True
        with conn.cursor() as cursor:
            chain_heads.bulk_load_off(cursor)  # dated events, one head move a chain
        try:
            heads = _generate_all(conn, conninfo, events, shares, batch, seed, rebuild_indexes)
        finally:
            with conn.cursor() as cursor:
                chain_heads.bulk_load_on(cursor)
    return heads


def _generate_all(
    conn: psycopg.Connection[Any],
    conninfo: str | Mapping[str, Any],
    events: int,
    shares: list[list[str]],
    batch: int,
    seed: int,
    rebuild_indexes: bool,
) -> dict[str, tuple[int, str]]:
    workers = len(shares)
    with without_indexes(conn, TABLE) if rebuild_indexes else contextlib.nullcontext():
        if workers <= 1:
            heads = _generate_part(conninfo, events, shares[0], batch, seed)
        else:
            spawn = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(max_workers=workers, mp_context=spawn) as pool:
                parts = [
                    pool.submit(_generate_part, conninfo, events, share, batch, seed)
                    for share in shares
                ]
                heads = {}
                for part in parts:
                    heads.update(part.result())
    heads = {chain: head for chain, head in heads.items() if head[0] > 0}
    with conn.transaction(), conn.cursor() as cursor:
        for chain, (seq, digest) in sorted(heads.items()):
            chain_heads.lock_head(cursor, chain)
            chain_heads.move_head(cursor, chain, seq, digest)
    return heads


def vacuum(conninfo: str, table: str = TABLE) -> None:
    """What autovacuum would have done by now: hint bits set, visibility map, statistics."""
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f"VACUUM (FREEZE, ANALYZE) {table}")

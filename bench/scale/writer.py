"""One worker's share of `bench.scale.generate`: one agency's rows and its audit chain."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from typing import Any

import psycopg

from audit import heads
from audit.events import chain_for
from audit.sql import EVENT_TABLE
from sharing import catalogues as cat

from . import tables
from .chain import EVENT_COLUMNS, Chain, prepared
from .plan import HEAVY_CASE_DECISIONS, Plan, Template

FIRST_NAMES = ["Amelia", "Noah", "Isla", "Leo", "Ava", "Oliver", "Mia", "Arthur", "Ivy", "Freddie"]
SURNAMES = ["Clarke", "Williams", "Hughes", "Patel", "Brown", "Johnson", "Wright", "Evans"]
SURNAMES += ["Khan", "Smith"]
TEMPLATE_WEIGHTS = (3, 3, 3, 1)
START = {"prompted_by": "Scale test"}


def _connect(settings_dict: dict[str, Any]) -> psycopg.Connection[Any]:
    params = {
        "dbname": settings_dict["NAME"],
        "user": settings_dict.get("USER") or None,
        "password": settings_dict.get("PASSWORD") or None,
        "host": settings_dict.get("HOST") or None,
        "port": settings_dict.get("PORT") or None,
    }
    return psycopg.connect(**{k: v for k, v in params.items() if v})


class Clock:
    """The agency's events spread evenly over two years, in chain order."""

    def __init__(
        self, start: datetime.datetime, events: int, end: datetime.datetime | None = None
    ) -> None:
        self.now = start
        self.end = end
        seconds = (end - start).total_seconds() if end else 730 * 86400
        self.step = datetime.timedelta(seconds=seconds / max(1, events))

    def tick(self) -> datetime.datetime:
        """The next event's time; never past `end` (`events` is an estimate), so that the
        log's own later appends are not earlier than these."""
        self.now += self.step
        if self.end is not None and self.now > self.end:
            self.now = self.end
        return self.now


@dataclass
class Rows:
    cases: list[tuple[Any, ...]] = field(default_factory=list)
    consents: list[tuple[Any, ...]] = field(default_factory=list)
    decisions: list[tuple[Any, ...]] = field(default_factory=list)
    disclosures: list[tuple[Any, ...]] = field(default_factory=list)


def _cases(plan: Plan, rng: random.Random, chain: Chain, clock: Clock, rows: Rows) -> None:
    """Each case with a parent's consent, given or refused, and their events."""
    lead = plan.lead
    for n in range(plan.cases):
        case_id, consent_id = plan.ids["case"] + n, plan.ids["consent"] + n
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
        at = clock.tick()
        born = datetime.date(2008, 1, 1) + datetime.timedelta(days=rng.randrange(6000))
        rows.cases.append(tables.case_row(case_id, plan.agency_id, name, born, lead[0], at))
        chain.add(
            at=at,
            actor=lead,
            role="lead_officer",
            action="case.created",
            object_type="case",
            object_id=case_id,
            case_id=case_id,
            payload={
                "reference": tables.case_reference(plan.agency_id, case_id),
                "child_name": name,
                "date_of_birth": born,
            },
        )
        outcome = "given" if rng.random() < 0.5 else "refused"
        rows.consents.append(tables.consent_row(consent_id, case_id, name, outcome, lead[0], at))
        chain.add(
            at=clock.tick(),
            actor=lead,
            role="lead_officer",
            action="consent.recorded",
            object_type="consent",
            object_id=consent_id,
            case_id=case_id,
            payload={
                "giver_role": "parent_with_pr",
                "giver_name": f"Parent of {name}",
                "form": "explicit_verbal",
                "outcome": outcome,
            },
        )


def _events_of(template: Template) -> dict[str, Any]:
    """The payloads a template's decision repeats, made canonical once."""
    return {
        "pages": [
            prepared({"question": int(key[1:]), "answers": template.answers[key]})
            for key in sorted(template.answers)
        ],
        "submitted": prepared(
            {
                "answers": {"start": START, **template.answers},
                "recommendation": template.recommendation,
                "flags": template.flags,
                "needs_review": bool(template.flags),
                "outcome": template.outcome,
            }
        ),
    }


def _decisions(
    plan: Plan,
    rng: random.Random,
    chain: Chain,
    clock: Clock,
    rows: Rows,
    templates: list[Template],
) -> None:
    """Each decision's life: the case viewed, started, each page saved, submitted, the
    disclosure if it shares, and the lead officer reading it."""
    prepared_events = {id(template): _events_of(template) for template in templates}
    for n in range(plan.decisions):
        if plan.heavy and n < HEAVY_CASE_DECISIONS:
            case_index = 0
        else:
            case_index = 1 + n % (plan.cases - 1) if plan.cases > 1 else 0
        case_id = rows.cases[case_index][0]
        decision_id = plan.ids["decision"] + n
        author = rng.choice(plan.practitioners)
        template = rng.choices(templates, weights=TEMPLATE_WEIGHTS)[0]
        events = prepared_events[id(template)]
        life = _Life(chain, clock, case_id, author)
        life.add("case.viewed", "case", case_id)
        started = life.add(
            "decision.started", "decision", decision_id, {"kind": template.kind, "start": START}
        )
        for page in events["pages"]:
            life.add("decision.answer_saved", "decision", decision_id, canonical=page)
        submitted = life.add(
            "decision.submitted", "decision", decision_id, canonical=events["submitted"]
        )
        shares = cat.get(cat.DECISIONS, template.outcome)
        recipient = plan.recipient_id if shares and shares.shares else None
        answers = {"start": START, **template.answers}
        rows.decisions.append(
            tables.decision_row(
                decision_id, case_id, author[0], template, answers, started, submitted, recipient
            )
        )
        if recipient is not None:
            q7 = template.answers.get("q7") or {}
            disclosure_id = plan.ids["disclosure"] + n
            rows.disclosures.append(
                tables.disclosure_row(
                    disclosure_id,
                    decision_id,
                    case_id,
                    plan.agency_id,
                    template,
                    (recipient, plan.recipient_name),
                    submitted,
                )
            )
            payload = {
                "decision": decision_id,
                "recipients": plan.recipient_name,
                "items": q7.get("items") or [],
                "method": q7.get("method", ""),
            }
            life.add("disclosure.recorded", "disclosure", disclosure_id, payload)
        life.add("decision.viewed", "decision", decision_id, actor=plan.lead, role="lead_officer")


@dataclass
class _Life:
    """The events of one decision on one case, each a tick of the clock later."""

    chain: Chain
    clock: Clock
    case_id: int
    author: tuple[int, str]

    def add(
        self,
        action: str,
        object_type: str,
        object_id: int,
        payload: dict[str, Any] | None = None,
        *,
        canonical: tuple[dict[str, Any], str] | None = None,
        actor: tuple[int, str] | None = None,
        role: str = "practitioner",
    ) -> datetime.datetime:
        at = self.clock.tick()
        self.chain.add(
            at=at,
            actor=actor or self.author,
            role=role,
            action=action,
            object_type=object_type,
            object_id=object_id,
            case_id=self.case_id,
            payload=payload or {},
            canonical=canonical,
        )
        return at


def write_agency(
    settings_dict: dict[str, Any], plan: Plan, templates: list[Template]
) -> dict[str, Any]:
    """Write one agency's rows and continue its chain, in one transaction that holds the
    chain's head, so nothing else can append to it meanwhile."""
    rng = random.Random(plan.seed)
    chain_name = chain_for(agency_id=plan.agency_id)
    now = datetime.datetime.now(datetime.UTC)
    with _connect(settings_dict) as conn, conn.cursor() as cursor:
        heads.bulk_load_off(cursor)  # historical times: until this transaction commits
        seq, head = heads.lock_head(cursor, chain_name)
        chain = Chain(chain_name, seq, head, plan.ids["event"], (plan.agency_id, plan.agency_name))
        # After the chain's last event: times along a chain never go backwards (ADR 0017).
        cursor.execute(
            f"SELECT max(occurred_at) FROM {EVENT_TABLE} WHERE chain = %s",  # noqa: S608
            [chain_name],
        )
        last = cursor.fetchone()[0]
        start = max(now - datetime.timedelta(days=730), last or now - datetime.timedelta(days=730))
        clock = Clock(start, plan.cases * 2 + plan.decisions * 12, end=now)
        rows = Rows()
        _cases(plan, rng, chain, clock, rows)
        _decisions(plan, rng, chain, clock, rows, templates)
        tables.copy_rows(cursor, "records_case", tables.CASE_COLUMNS, rows.cases)
        tables.copy_rows(cursor, "consent_consentrecord", tables.CONSENT_COLUMNS, rows.consents)
        tables.copy_rows(cursor, "sharing_decision", tables.DECISION_COLUMNS, rows.decisions)
        tables.copy_rows(cursor, "sharing_disclosure", tables.DISCLOSURE_COLUMNS, rows.disclosures)
        tables.copy_rows(cursor, EVENT_TABLE, EVENT_COLUMNS, chain.rows)
        heads.move_head(cursor, chain_name, chain.seq, chain.head)
        heads.bulk_load_on(cursor)
        conn.commit()
    return {
        "decisions": len(rows.decisions),
        "events": len(chain.rows),
        "cases": len(rows.cases),
        "heavy_case_id": rows.cases[0][0] if plan.heavy else None,
    }

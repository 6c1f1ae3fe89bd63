"""One worker's share of `sharing.scale.generate`: one agency's rows and its audit chain."""

from __future__ import annotations

import datetime
import json
import random
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from records import audit

from . import catalogues as cat
from .scale import HEAVY_CASE_DECISIONS, Plan, Template

HEAD_TABLE = "records_auditchainhead"
CASE_COLUMNS = (
    "id",
    "agency_id",
    "reference",
    "child_name",
    "date_of_birth",
    "created_by_id",
    "created_at",
)
CONSENT_COLUMNS = (
    "id",
    "case_id",
    "giver_role",
    "giver_name",
    "capacity_criteria_met",
    "capacity_notes",
    "told",
    "told_notes",
    "form",
    "verbal_details",
    "implied_context",
    "signed_form",
    "signed_form_type",
    "signed_form_name",
    "outcome",
    "obtained_on",
    "scope_information",
    "scope_purposes",
    "withdrawal_notes",
    "conflict_notes",
    "recorded_by_id",
    "recorded_at",
)
DECISION_COLUMNS = (
    "id",
    "case_id",
    "author_id",
    "kind",
    "status",
    "answers",
    "created_at",
    "updated_at",
    "submitted_at",
    "recommendation",
    "guidance_reasons",
    "flags",
    "needs_review",
    "outcome",
    "consent_status",
    "legal_bases",
    "recipient_agency_id",
    "amendment_reason",
)
DISCLOSURE_COLUMNS = (
    "id",
    "decision_id",
    "case_id",
    "source",
    "originator_id",
    "requested",
    "grounds",
    "items",
    "personal_data_extent",
    "recipient_agency_id",
    "recipient_agency_name",
    "recipient_name",
    "recipient_role",
    "method",
    "shared_at",
    "onward_disclosure",
    "onward_agreed",
    "person_told",
    "not_told_reason",
    "created_at",
)
FIRST_NAMES = ["Amelia", "Noah", "Isla", "Leo", "Ava", "Oliver", "Mia", "Arthur", "Ivy", "Freddie"]
SURNAMES = [
    "Clarke",
    "Williams",
    "Hughes",
    "Patel",
    "Brown",
    "Johnson",
    "Wright",
    "Evans",
    "Khan",
    "Smith",
]
TEMPLATE_WEIGHTS = (3, 3, 3, 1)


def _connect(settings_dict: dict[str, Any]) -> psycopg.Connection[Any]:
    params = {
        "dbname": settings_dict["NAME"],
        "user": settings_dict.get("USER") or None,
        "password": settings_dict.get("PASSWORD") or None,
        "host": settings_dict.get("HOST") or None,
        "port": settings_dict.get("PORT") or None,
    }
    return psycopg.connect(**{k: v for k, v in params.items() if v})


class Chain:
    """Appends events to one agency's chain in memory, hashing as `records.audit` does."""

    def __init__(
        self, name: str, seq: int, head: str, first_id: int, agency: tuple[int, str]
    ) -> None:
        self.name, self.seq, self.head, self.next_id = name, seq, head, first_id
        self.agency_id, self.agency_name = agency
        self.rows: list[tuple[Any, ...]] = []

    def add(
        self,
        *,
        at: datetime.datetime,
        actor: tuple[int, str],
        role: str,
        action: str,
        object_type: str,
        object_id: object,
        case_id: int,
        payload: dict[str, Any],
        canonical: tuple[dict[str, Any], str] | None = None,
    ) -> None:
        """Append one event. `canonical` is a payload already canonical, with its JSON text
        (the templates' answers repeat, so they are prepared once)."""
        self.seq += 1
        body, text = (
            canonical if canonical is not None else (audit.canonical_payload(payload), None)
        )
        values: dict[str, Any] = {
            "chain": self.name,
            "seq": self.seq,
            "occurred_at": at,
            "actor_id": actor[0],
            "actor_username": actor[1],
            "actor_agency_id": self.agency_id,
            "actor_agency_name": self.agency_name,
            "actor_role": role,
            "action": action,
            "object_type": object_type,
            "object_id": str(object_id),
            "case_id": case_id,
            "payload": body,
            "request_id": "",
            "ip": None,
            "prev_hash": self.head,
        }
        digest = audit.compute_hash(values)
        values["payload"] = text if text is not None else Jsonb(body)
        self.rows.append((self.next_id, *(values[name] for name in audit.HASHED_FIELDS), digest))
        self.head = digest
        self.next_id += 1


def write_agency(
    settings_dict: dict[str, Any], plan: Plan, templates: list[Template]
) -> dict[str, Any]:
    rng = random.Random(plan.seed)
    chain_name = audit.chain_for(agency_id=plan.agency_id)
    lead = plan.lead
    case_count = max(1, plan.decisions // 4) + 1
    now = datetime.datetime.now(datetime.UTC)
    start = now - datetime.timedelta(days=730)
    with _connect(settings_dict) as conn, conn.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {HEAD_TABLE} (chain, seq, head_hash) VALUES (%s, 0, %s) "  # noqa: S608
            "ON CONFLICT (chain) DO NOTHING",
            [chain_name, audit.GENESIS],
        )
        cursor.execute(
            f"SELECT seq, head_hash FROM {HEAD_TABLE} WHERE chain = %s FOR UPDATE",  # noqa: S608
            [chain_name],
        )
        seq, head = cursor.fetchone()
        chain = Chain(chain_name, seq, head, plan.ids["event"], (plan.agency_id, plan.agency_name))
        # Spread the agency's events evenly over two years, in chain order.
        expected_events = case_count * 2 + plan.decisions * 12
        step = datetime.timedelta(seconds=730 * 86400 / max(1, expected_events))
        clock = [start]

        def tick() -> datetime.datetime:
            clock[0] += step
            return clock[0]

        pages = {
            id(template): [
                _prepared({"question": int(key[1:]), "answers": template.answers[key]})
                for key in sorted(template.answers)
            ]
            for template in templates
        }
        submissions = {
            id(template): _prepared(
                {
                    "answers": {"start": {"prompted_by": "Scale test"}, **template.answers},
                    "recommendation": template.recommendation,
                    "flags": template.flags,
                    "needs_review": bool(template.flags),
                    "outcome": template.outcome,
                }
            )
            for template in templates
        }
        cases, consents = [], []
        for n in range(case_count):
            case_id, consent_id = plan.ids["case"] + n, plan.ids["consent"] + n
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
            at = tick()
            born = datetime.date(2008, 1, 1) + datetime.timedelta(days=rng.randrange(6000))
            cases.append(
                (
                    case_id,
                    plan.agency_id,
                    f"S{plan.agency_id}-{case_id:08d}",
                    name,
                    born,
                    lead[0],
                    at,
                )
            )
            chain.add(
                at=at,
                actor=lead,
                role="lead_officer",
                action="case.created",
                object_type="case",
                object_id=case_id,
                case_id=case_id,
                payload={
                    "reference": f"S{plan.agency_id}-{case_id:08d}",
                    "child_name": name,
                    "date_of_birth": born,
                },
            )
            outcome = "given" if rng.random() < 0.5 else "refused"
            consents.append(
                (
                    consent_id,
                    case_id,
                    "parent_with_pr",
                    f"Parent of {name}",
                    [],
                    "",
                    [
                        "what_collected",
                        "purposes",
                        "who_shared_with",
                        "recipient_uses_including_crime",
                    ],
                    "",
                    "explicit_verbal",
                    "Recorded at a home visit",
                    "",
                    "",
                    "",
                    "",
                    outcome,
                    at.date(),
                    "Health and school records",
                    ["child_protection_enquiry"],
                    "",
                    "",
                    lead[0],
                    at,
                )
            )
            chain.add(
                at=tick(),
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
        decisions, disclosures = [], []
        for n in range(plan.decisions):
            if plan.heavy and n < HEAVY_CASE_DECISIONS:
                case_index = 0
            else:
                case_index = 1 + n % (case_count - 1) if case_count > 1 else 0
            case_id = cases[case_index][0]
            decision_id = plan.ids["decision"] + n
            author = rng.choice(plan.practitioners)
            template = rng.choices(templates, weights=TEMPLATE_WEIGHTS)[0]
            chain.add(
                at=tick(),
                actor=author,
                role="practitioner",
                action="case.viewed",
                object_type="case",
                object_id=case_id,
                case_id=case_id,
                payload={},
            )
            started = tick()
            chain.add(
                at=started,
                actor=author,
                role="practitioner",
                action="decision.started",
                object_type="decision",
                object_id=decision_id,
                case_id=case_id,
                payload={"kind": template.kind, "start": {"prompted_by": "Scale test"}},
            )
            for prepared in pages[id(template)]:
                chain.add(
                    at=tick(),
                    actor=author,
                    role="practitioner",
                    action="decision.answer_saved",
                    object_type="decision",
                    object_id=decision_id,
                    case_id=case_id,
                    payload={},
                    canonical=prepared,
                )
            submitted = tick()
            answers = {"start": {"prompted_by": "Scale test"}, **template.answers}
            chain.add(
                at=submitted,
                actor=author,
                role="practitioner",
                action="decision.submitted",
                object_type="decision",
                object_id=decision_id,
                case_id=case_id,
                payload={},
                canonical=submissions[id(template)],
            )
            q1, q4 = template.answers.get("q1") or {}, template.answers.get("q4") or {}
            shares = cat.get(cat.DECISIONS, template.outcome)
            recipient = plan.recipient_id if shares and shares.shares else None
            decisions.append(
                (
                    decision_id,
                    case_id,
                    author[0],
                    template.kind,
                    "submitted",
                    Jsonb(answers),
                    started,
                    submitted,
                    submitted,
                    template.recommendation,
                    Jsonb([]),
                    Jsonb(template.flags),
                    bool(template.flags),
                    template.outcome,
                    q4.get("consent_status", ""),
                    list(q1.get("legal_bases") or []),
                    recipient,
                    "",
                )
            )
            if recipient is not None:
                q7 = template.answers.get("q7") or {}
                disclosure_id = plan.ids["disclosure"] + n
                disclosures.append(
                    (
                        disclosure_id,
                        decision_id,
                        case_id,
                        "Case records",
                        plan.agency_id,
                        "",
                        template.recommendation,
                        Jsonb(q7.get("items") or []),
                        "Child",
                        recipient,
                        plan.recipient_name,
                        "Duty officer",
                        "Duty social worker",
                        q7.get("method", "secure_email"),
                        submitted,
                        False,
                        False,
                        "will_be_told",
                        "",
                        submitted,
                    )
                )
                chain.add(
                    at=tick(),
                    actor=author,
                    role="practitioner",
                    action="disclosure.recorded",
                    object_type="disclosure",
                    object_id=disclosure_id,
                    case_id=case_id,
                    payload={
                        "decision": decision_id,
                        "recipients": plan.recipient_name,
                        "items": q7.get("items") or [],
                        "method": q7.get("method", ""),
                    },
                )
            chain.add(
                at=tick(),
                actor=lead,
                role="lead_officer",
                action="decision.viewed",
                object_type="decision",
                object_id=decision_id,
                case_id=case_id,
                payload={},
            )
        _copy(cursor, "records_case", CASE_COLUMNS, cases)
        _copy(cursor, "consent_consentrecord", CONSENT_COLUMNS, consents)
        _copy(cursor, "sharing_decision", DECISION_COLUMNS, decisions)
        _copy(cursor, "sharing_disclosure", DISCLOSURE_COLUMNS, disclosures)
        _copy(cursor, "records_auditevent", ("id", *audit.HASHED_FIELDS, "hash"), chain.rows)
        cursor.execute(
            f"UPDATE {HEAD_TABLE} SET seq = %s, head_hash = %s WHERE chain = %s",  # noqa: S608
            [chain.seq, chain.head, chain_name],
        )
        conn.commit()
    return {
        "decisions": len(decisions),
        "events": len(chain.rows),
        "cases": len(cases),
        "heavy_case_id": cases[0][0] if plan.heavy else None,
    }


def _prepared(payload: dict[str, Any]) -> tuple[dict[str, Any], str]:
    body = audit.canonical_payload(payload)
    return body, json.dumps(body)


def _copy(
    cursor: psycopg.Cursor[Any], table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)

"""Realistic volume for benchmarks: agencies, people, cases, consents, decisions with their
answers, disclosures, and the audit events all of that implies, as valid hash chains.

Rows go in with COPY, one worker process per share of the agencies; each agency's chain is
continued from its head inside one transaction that holds the head row, so the result
verifies with `verify_audit` and nothing else can append to that chain meanwhile.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, connections
from django.utils import timezone

from agencies.models import Agency, AgencyKind, Membership, Role
from consent.models import ConsentRecord
from records import audit

from . import guidance, scale_worker
from .demo import date_fields, how_shared, purpose_answers
from .forms import QUESTION_FORMS

EVENT_COLUMNS = (*audit.HASHED_FIELDS, "hash")
PRACTITIONERS_PER_AGENCY = 20
DECISIONS_PER_CASE = 4
HEAVY_CASE_DECISIONS = 45  # about 500 events: the bench's "busy case"


@dataclass(frozen=True)
class Template:
    kind: str
    answers: dict[str, Any]  # q1..q8 as the pages save them
    recommendation: str
    flags: list[dict[str, str]]
    outcome: str


def _templates(recipient: Agency) -> list[Template]:
    """A few decisions from the procedures' examples, validated by the real forms."""
    today = timezone.localdate()
    scenarios: list[tuple[str, list[tuple[int, dict[str, Any]]]]] = [
        (
            "proactive",
            [
                (
                    1,
                    purpose_answers(
                        "child_protection_enquiry", ["ca1989_s47"], "Protect the child from harm"
                    ),
                ),
                (2, {"identifiable": "yes", "identifiable_people": ["child", "parent_carer"]}),
                (3, {"relationship": "formal"}),
                (4, {"consent_status": "refused"}),
                (5, {"statutory_duty": "no"}),
                (
                    6,
                    {
                        "risk_level": "reasonable_cause",
                        "if_shared": "Assessment can start",
                        "if_not_shared": "Harm may continue",
                        "proportionate": "Only relevant notes",
                        "advice_sought": "yes",
                        "advice_from": ["designated_safeguarding_lead"],
                        **date_fields("advice_when", today),
                        "advice_given": "Share",
                        "conclusion": "justified",
                    },
                ),
                (
                    7,
                    how_shared(
                        recipient,
                        [
                            ("Bruising seen on both arms", "fact"),
                            ("Child seemed afraid", "opinion"),
                        ],
                    ),
                ),
                (
                    8,
                    {
                        "decision": "share",
                        "reasons": "Reasonable cause to believe significant harm",
                        "authorised_by": "Team manager",
                        "risk_assessment": "On file",
                    },
                ),
            ],
        ),
        (
            "request_received",
            [
                (
                    1,
                    purpose_answers(
                        "prevention_detection_of_crime", ["cda1998_s115"], "Police enquiry"
                    ),
                ),
                (2, {"identifiable": "yes", "identifiable_people": ["child"]}),
                (3, {"relationship": "formal"}),
                (
                    4,
                    {
                        "consent_status": "not_sought",
                        "not_sought_reason": "prejudice_serious_crime",
                    },
                ),
                (
                    5,
                    {
                        "statutory_duty": "yes",
                        "duty": "ca1989_s47_enquiry",
                        "reference": "s47 request",
                    },
                ),
                (7, how_shared(recipient, [("Attendance record for the term", "fact")])),
                (
                    8,
                    {
                        "decision": "share",
                        "reasons": "Statutory duty",
                        "authorised_by": "Designated lead",
                    },
                ),
            ],
        ),
        (
            "proactive",
            [
                (1, purpose_answers("early_help", ["ca2004_s10"], "Early help")),
                (2, {"identifiable": "yes", "identifiable_people": ["child"]}),
                (3, {"relationship": "not_confidential_public"}),
                (
                    7,
                    how_shared(
                        recipient,
                        [("Known locally", "fact")],
                        method="telephone",
                        written_confirmation="yes",
                    ),
                ),
                (8, {"decision": "share", "reasons": "Not confidential", "authorised_by": "Lead"}),
            ],
        ),
        (
            "proactive",
            [
                (1, {"has_purpose": "no"}),
                (
                    8,
                    {
                        "decision": "do_not_share",
                        "reasons": "No legitimate purpose",
                        "authorised_by": "",
                    },
                ),
            ],
        ),
    ]
    templates = []
    context = {"agencies": [recipient], "consents": ConsentRecord.objects.none()}
    for kind, pages in scenarios:
        answers: dict[str, Any] = {}
        for number, data in pages:
            form = QUESTION_FORMS[number](data, context={**context, "kind": kind})
            if not form.is_valid():
                raise ValueError(f"scale template question {number}: {form.errors.as_json()}")
            answers[f"q{number}"] = form.answers()
        result = guidance.evaluate({**answers, "kind": kind})
        flags = [
            {"code": f.code, "message": f.message, "source": f.source, "severity": f.severity}
            for f in result.flags
        ]
        templates.append(
            Template(kind, answers, result.recommendation, flags, answers["q8"]["decision"])
        )
    return templates


@dataclass(frozen=True)
class Plan:
    agency_id: int
    agency_name: str
    recipient_id: int
    recipient_name: str
    practitioners: list[tuple[int, str]]
    lead: tuple[int, str]
    decisions: int
    heavy: bool
    ids: dict[str, int]  # first id for each table in this agency's block
    seed: int


def _setup_people(agency_count: int) -> list[tuple[Agency, list[Any], Any]]:
    users = get_user_model().objects
    password = make_password(None)  # unusable: scale users never sign in
    result = []
    kinds = [k for k, _ in AgencyKind.choices]
    for index in range(agency_count):
        name = f"Scale agency {index + 1:02d}"
        agency, _ = Agency.objects.get_or_create(
            name=name, defaults={"kind": kinds[index % len(kinds)]}
        )
        prefix = f"scale{index + 1:02d}"
        existing = {u.username: u for u in users.filter(username__startswith=prefix + ".")}
        wanted = [
            (f"{prefix}.p{n:02d}", Role.PRACTITIONER) for n in range(PRACTITIONERS_PER_AGENCY)
        ]
        wanted += [(f"{prefix}.lio", Role.LEAD_OFFICER), (f"{prefix}.auditor", Role.AUDITOR)]
        for username, role in wanted:
            if username not in existing:
                user = users.create(
                    username=username, password=password, first_name="Scale", last_name=username
                )
                Membership.objects.create(user=user, agency=agency, role=role)
                existing[username] = user
        practitioners = [existing[u] for u, r in wanted if r == Role.PRACTITIONER]
        result.append((agency, practitioners, existing[f"{prefix}.lio"]))
    return result


def _reserve(table: str, count: int) -> int:
    """Take `count` ids from the table's sequence; return the first."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        (sequence,) = cursor.fetchone()
        cursor.execute("SELECT nextval(%s)", [sequence])
        (first,) = cursor.fetchone()
        cursor.execute("SELECT setval(%s, %s)", [sequence, first + count])
    return int(first)


def generate(
    *, decisions: int, agencies: int = 8, workers: int = 2, seed: int = 2024
) -> dict[str, Any]:
    people = _setup_people(agencies)
    recipient = people[0][0]
    templates = _templates(recipient)
    per_agency = [
        decisions // agencies + (1 if i < decisions % agencies else 0) for i in range(agencies)
    ]
    plans = []
    for index, ((agency, practitioners, lead), count) in enumerate(
        zip(people, per_agency, strict=True)
    ):
        heavy = index == 0 and count >= HEAVY_CASE_DECISIONS
        cases = max(1, count // DECISIONS_PER_CASE) + 1
        ids = {
            "case": _reserve("records_case", cases),
            "decision": _reserve("sharing_decision", count),
            "disclosure": _reserve("sharing_disclosure", count),
            "consent": _reserve("consent_consentrecord", cases),
            "event": _reserve("records_auditevent", count * 14 + cases * 3),
        }
        target = people[(index + 1) % len(people)][0] if len(people) > 1 else recipient
        plans.append(
            Plan(
                agency.pk,
                agency.name,
                target.pk,
                target.name,
                [(u.pk, u.username) for u in practitioners],
                (lead.pk, lead.username),
                count,
                heavy,
                ids,
                seed + index,
            )
        )
    settings_dict = dict(connection.settings_dict)
    connections.close_all()
    if workers <= 1:
        results = [scale_worker.run(settings_dict, plan, templates) for plan in plans]
    else:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=scale_worker.setup
        ) as pool:
            results = list(
                pool.map(
                    scale_worker.run, [settings_dict] * len(plans), plans, [templates] * len(plans)
                )
            )
    return {
        "decisions": sum(r["decisions"] for r in results),
        "events": sum(r["events"] for r in results),
        "cases": sum(r["cases"] for r in results),
        "heavy_case_id": next((r["heavy_case_id"] for r in results if r["heavy_case_id"]), None),
    }

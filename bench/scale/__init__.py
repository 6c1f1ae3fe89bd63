"""Realistic volume for benchmarks: agencies, people, cases, consents, decisions with their
answers, disclosures, and the audit events all of that implies, as valid hash chains.

Rows go in with COPY, one worker process per share of the agencies; each agency's chain is
continued from its head inside one transaction that holds the head's lock (through the
audit log's own `audit_lock_head`), so the result verifies with `verify_audit` and
nothing else can append to that chain meanwhile. `python manage.py generate_scale_data`.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import django
from django.db import connection, connections

from audit.sql import EVENT_TABLE

from .people import reserve_ids, setup_people
from .plan import DECISIONS_PER_CASE, HEAVY_CASE_DECISIONS, Plan
from .templates import decision_templates
from .writer import write_agency

EVENTS_PER_DECISION_AT_MOST = 14
EVENTS_PER_CASE = 3


def split(decisions: int, agencies: int, largest_share: float = 0.0) -> list[int]:
    """Decisions per agency: evenly, or with the first agency holding `largest_share` of
    them (a large county's children's services beside smaller partners) and the rest even."""
    first = round(decisions * largest_share) if largest_share > 0 and agencies > 1 else 0
    rest, others = decisions - first, agencies - (1 if first else 0)
    even = [rest // others + (1 if i < rest % others else 0) for i in range(others)]
    return [first, *even] if first else even


def generate(
    *,
    decisions: int,
    agencies: int = 8,
    workers: int = 2,
    seed: int = 2024,
    largest_share: float = 0.0,
) -> dict[str, Any]:
    people = setup_people(agencies)
    recipient = people[0][0]
    templates = decision_templates(recipient)
    per_agency = split(decisions, agencies, largest_share)
    plans = []
    for index, ((agency, practitioners, lead), count) in enumerate(
        zip(people, per_agency, strict=True)
    ):
        cases = max(1, count // DECISIONS_PER_CASE) + 1
        events = count * EVENTS_PER_DECISION_AT_MOST + cases * EVENTS_PER_CASE
        ids = {
            "case": reserve_ids("records_case", cases),
            "decision": reserve_ids("sharing_decision", count),
            "disclosure": reserve_ids("sharing_disclosure", count),
            "consent": reserve_ids("consent_consentrecord", cases),
            "event": reserve_ids(EVENT_TABLE, events),
        }
        target = people[(index + 1) % len(people)][0] if len(people) > 1 else recipient
        plans.append(
            Plan(
                agency_id=agency.pk,
                agency_name=agency.name,
                recipient_id=target.pk,
                recipient_name=target.name,
                practitioners=[(u.pk, u.username) for u in practitioners],
                lead=(lead.pk, lead.username),
                decisions=count,
                heavy=index == 0 and count >= HEAVY_CASE_DECISIONS,
                ids=ids,
                seed=seed + index,
            )
        )
    settings_dict = dict(connection.settings_dict)
    connections.close_all()
    if workers <= 1:
        results = [write_agency(settings_dict, plan, templates) for plan in plans]
    else:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=django.setup
        ) as pool:
            results = list(
                pool.map(
                    write_agency, [settings_dict] * len(plans), plans, [templates] * len(plans)
                )
            )
    return {
        "decisions": sum(r["decisions"] for r in results),
        "events": sum(r["events"] for r in results),
        "cases": sum(r["cases"] for r in results),
        "heavy_case_id": next((r["heavy_case_id"] for r in results if r["heavy_case_id"]), None),
    }

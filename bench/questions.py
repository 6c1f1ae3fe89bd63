"""`python -m bench.questions`: the server time of the guided decision's pages at scale: the
task list, and each question page's GET and POST (save), on the busiest case of a database
filled by `generate_scale_data` (default 1,000,000 decisions). See docs/performance.md.

The pages are driven through the whole Django stack in this process (django.test.Client:
middleware, sessions, the view, the template, the database), so the times are server times
without the network. A baseline is measured in the same run: the sign-in page, which reads
no table, as the floor of any request on this machine at this moment.

BENCH_SCALE=0.01 in the environment runs at a hundredth of the default.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bench import db as bench_db

DEFAULT_DECISIONS = 1_000_000
GOAL_MS = 30.0


@dataclass(frozen=True)
class Timing:
    label: str
    get: tuple[float, float]  # p50, p95 in ms
    post: tuple[float, float] | None


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def timed(action: Callable[[], Any], runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), percentile(samples, 0.95)


def teacher_answers(recipient_id: int) -> dict[int, dict[str, Any]]:
    """The issue's teacher scenario as the pages post it (tests/browser/test_teacher_scenario)."""
    from django.utils import timezone

    from sharing.demo import CHECKLIST, date_fields

    today = timezone.localdate()
    return {
        1: {
            "purpose_category": "child_protection_enquiry",
            "purpose": "Refer the bruising to children's social care",
            "legal_bases": ["ca1989_s47", "dpa2018_safeguarding"],
            "within_functions": "yes",
            "need_to_know": "yes",
            "anonymised_would_do": "no",
        },
        2: {"identifiable_people": ["child", "parent_carer"], "identity_at_risk": "no"},
        3: {
            "relationship": "assumed",
            "special_category": ["health"],
            "dpa_condition": "safeguarding_children_individuals",
        },
        4: {"consent_position": "not_sought:child_at_increased_risk"},
        5: {"statutory_duty": "no"},
        6: {
            "risk_level": "reasonable_cause",
            "if_shared": "Social care can check he is safe",
            "if_not_shared": "He may go on being hurt",
            "pressing_need": ["risk_if_not_disclosed", "urgency"],
            "advice_from": ["designated_safeguarding_lead"],
            **date_fields("advice_when", today),
            "advice_given": "Refer today",
            "sharing_proportionate": "yes",
            "proportionate": "Only what I saw",
            "conclusion": "justified",
        },
        7: {
            "item_1_text": "Bruises on both upper arms",
            "item_1_nature": "fact",
            "item_2_text": "He seemed frightened when asked",
            "item_2_nature": "opinion",
            "private_law": "no",
            "recipient_agency_id": str(recipient_id),
            "recipient_name": "Sam Patel",
            "recipient_role": "Duty social worker",
            "verification": "called_back",
            "method": "secure_email",
            **date_fields("shared_on", today),
            "checklist": CHECKLIST,
            "onward_disclosure": "no",
            "person_told": "not_told",
            "not_told_reason": "Telling his parents could put him at risk",
        },
        8: {
            "decision": "share",
            "reasons": "Reasonable cause to believe significant harm",
            "authorised_by": "Jo Brown, safeguarding lead",
            "risk_assessment": "Body map on file",
        },
    }


def question_timings(*, runs: int) -> tuple[list[Timing], Timing, dict[str, Any]]:
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from agencies.models import Membership, Role
    from records import services as record_services
    from records.models import Case
    from sharing import journey, selectors, services
    from sharing.models import Decision
    from sharing.presenters import page_url

    busiest = (
        Decision.objects.values("case_id").order_by().annotate(n=Count("id")).order_by("-n").first()
    )
    case = Case.objects.select_related("agency").get(pk=busiest["case_id"])
    members = Membership.objects.filter(agency=case.agency).select_related("user")
    lead = members.get(role=Role.LEAD_OFFICER).user
    practitioner = members.filter(role=Role.PRACTITIONER).first().user
    if not case.allocations.filter(user=practitioner, ended_at__isnull=True).exists():
        record_services.case_allocate(actor=lead, case=case, user=practitioner)
    recipient = Membership.objects.exclude(agency=case.agency).first().agency
    draft = services.decision_start(
        actor=practitioner, case=case, kind="proactive", start={"prompted_by": "Bruises in PE"}
    )
    client = Client()
    client.force_login(practitioner)
    task_list = reverse("sharing:decision_detail", args=[draft.pk])
    client.get(task_list)  # warm templates and caches once
    timings = [Timing("task list", timed(lambda: client.get(task_list), runs), None)]
    answers = teacher_answers(recipient.pk)
    for number in range(1, 9):
        while True:
            draft.refresh_from_db()
            progress = selectors.draft_progress(practitioner, decision=draft)
            todo = list(progress.state(number).todo)
            if number not in progress.route or not todo:
                break
            spec = todo[0]
            url = page_url(draft.pk, spec)
            got = timed(lambda url=url: _ok(client.get(url)), runs)
            posted = []
            for _ in range(runs):  # each save sends the version of the page it was shown
                decision = Decision.objects.get(pk=draft.pk)
                view = selectors.draft_progress(practitioner, decision=decision)
                seen = journey.version(spec, view.engine_input, decision.typed)
                data = {**answers[number], "seen": seen}
                started = time.perf_counter()
                response = client.post(url, data)
                posted.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 302, (spec.ref, response.status_code)
            name = spec.slug or journey.QUESTIONS[number].title[:28]
            post = (statistics.median(posted), percentile(posted, 0.95))
            timings.append(Timing(f"{number} {name}", got, post))
    anonymous = Client()
    baseline = Timing(
        "baseline: sign-in page", timed(lambda: anonymous.get("/accounts/login/"), runs), None
    )
    facts = {
        "case_decisions": busiest["n"],
        "case_consents": case.consents.count(),
        "agency": case.agency.name,
    }
    return timings, baseline, facts


def _ok(response: Any) -> None:
    assert response.status_code == 200, response.status_code


def _cell(pair: tuple[float, float] | None) -> str:
    return f"{pair[0]:>9.1f}{pair[1]:>9.1f}" if pair else f"{'-':>9}{'-':>9}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.questions", description=__doc__)
    scale = float(os.environ.get("BENCH_SCALE", "1") or 1)
    parser.add_argument("--decisions", type=int, default=max(1000, int(DEFAULT_DECISIONS * scale)))
    parser.add_argument("--runs", type=int, default=25, help="timed requests per page and method")
    parser.add_argument("--database", default="bench_questions")
    parser.add_argument("--reuse", action="store_true", help="keep an existing bench database")
    parser.add_argument("--keep", action="store_true", help="do not drop the database afterwards")
    args = parser.parse_args(argv)

    database = bench_db.prepare(name=args.database, reuse=args.reuse)
    from django.core.management import call_command

    from sharing.models import Decision

    try:
        if not Decision.objects.exists():
            started = time.perf_counter()
            call_command(
                "generate_scale_data",
                decisions=args.decisions,
                agencies=8,
                workers=os.cpu_count() or 2,
            )
            with database.connect(autocommit=True) as conn:
                conn.execute("VACUUM (ANALYZE)")
            print(f"generated in {time.perf_counter() - started:,.0f}s", file=sys.stderr)
        decisions = Decision.objects.count()
        timings, baseline, facts = question_timings(runs=args.runs)
        print(
            f"\nGuided decision pages at {decisions:,} decisions: the busiest case "
            f"({facts['case_decisions']:,} decisions, {facts['case_consents']} consent records), "
            f"{args.runs} requests each; server time in ms (goal: p95 under {GOAL_MS:.0f})"
        )
        print(f"{'page':<34}{'GET p50':>9}{'GET p95':>9}{'POST p50':>9}{'POST p95':>9}  met")
        for t in timings:
            worst = max(t.get[1], t.post[1] if t.post else 0)
            met = "yes" if worst < GOAL_MS else "NO"
            print(f"{t.label:<34}{_cell(t.get)}{_cell(t.post)}  {met}")
        print(f"{baseline.label:<34}{_cell(baseline.get)}{_cell(None)}")
        print(f"load average {os.getloadavg()[0]:.1f}", file=sys.stderr)
    finally:
        if not args.keep:
            bench_db.drop(database)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

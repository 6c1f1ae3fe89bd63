"""`python -m bench.review`: the decision log (/review/) and the lead officer's home page (/)
at scale, on a database filled by `generate_scale_data` (default 1,000,000 decisions across
50 agencies, the largest holding a tenth of them). See docs/performance.md.

For the largest agency's lead officer it times, through the whole Django stack, /review/
with no filter, with each single filter, with a date range plus status, sorted by each
sortable column on page 1 and on a deep page (page 500, reached by keyset), and the home
page with all its queues; and beside them the naive deep page (OFFSET, no keyset) and the
ratio. Goal: p95 under 50 ms each, with a constant number of queries per page.

BENCH_SCALE=0.01 in the environment runs at a hundredth of the default.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from dataclasses import dataclass
from typing import Any

from bench import db as bench_db

DEFAULT_DECISIONS = 1_000_000
GOAL_MS = 50.0
SORTS = (
    ("submitted", "desc"),
    ("child", "asc"),
    ("reference", "asc"),
    ("outcome", "asc"),
    ("practitioner", "asc"),
)


@dataclass(frozen=True)
class Timing:
    label: str
    p50_ms: float
    p95_ms: float
    cpu_p50_ms: float  # this process's CPU per request: steadier than wall time on a busy machine
    queries: int
    rows: int

    @property
    def met(self) -> bool:
        return self.p95_ms < GOAL_MS


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def _time(client: Any, label: str, url: str, params: dict[str, Any], runs: int) -> Timing:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url, params)  # warm caches and templates once
    samples, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url, params)
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (label, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    rows = response.content.count(b"data-decision=") + response.content.count(
        b'data-testid="queue-item"'
    )
    return Timing(
        label,
        statistics.median(samples),
        _percentile(samples, 0.95),
        statistics.median(cpu),
        len(queries),
        rows,
    )


def _cursor(lead: Any, sort_name: str, order: str, page: int, size: int) -> str:
    """The keyset cursor that "Next" on page `page - 1` carries (worked out once, untimed)."""
    from sharing.decision_log import paging
    from sharing.decision_log.selectors import decision_log, page_rows

    sort = paging.sort_for(sort_name, "submitted")
    decisions = page_rows(decision_log(lead, filters={"status": "submitted"}))
    row = decisions.order_by(*paging.ordering(sort, order != "asc"))[(page - 1) * size - 1]
    return paging.encode_cursor(row, sort)


def measure(
    lead: Any, *, runs: int, deep_page: int
) -> tuple[list[Timing], list[tuple[str, float]], int]:
    from agencies.models import Membership
    from bench.client import signed_in_client
    from sharing.decision_log import paging
    from sharing.models import Decision

    client = signed_in_client(lead)
    agency_id = lead.membership.agency_id
    mine = Decision.objects.filter(agency_id=agency_id, status="submitted")
    total = mine.count()
    deep = max(2, min(deep_page, -(-total // paging.PAGE_SIZE)))
    latest = mine.order_by("-submitted_at").values_list("submitted_at", flat=True).first()
    recipient = (
        mine.exclude(recipient_agency=None).values_list("recipient_agency", flat=True).first()
    )
    practitioner = Membership.objects.filter(
        agency_id=agency_id, user__username__contains=".p"
    ).first()
    start = (latest or datetime.datetime.now()) - datetime.timedelta(days=30)
    end = latest or datetime.datetime.now()
    dates = {
        "submitted_from_0": start.day,
        "submitted_from_1": start.month,
        "submitted_from_2": start.year,
        "submitted_to_0": end.day,
        "submitted_to_1": end.month,
        "submitted_to_2": end.year,
    }
    filters: list[tuple[str, dict[str, Any]]] = [
        ("no filter", {}),
        ("flagged", {"flagged": "yes"}),
        ("review: awaiting", {"review": "awaiting"}),
        ("decision: do not share", {"outcome": "do_not_share"}),
        ("consent refused", {"consent_status": "refused"}),
        ("legal basis s47", {"legal_basis": "ca1989_s47"}),
        ("written confirmation outstanding", {"follow_up": "outstanding"}),
        ("practitioner", {"practitioner": practitioner.user_id if practitioner else ""}),
        ("shared with", {"recipient_agency": recipient or ""}),
        ("status: all", {"status": "all"}),
        ("date range + status", {**dates, "status": "submitted"}),
    ]
    timings = [
        _time(client, f"/review/ {label}", "/review/", params, runs) for label, params in filters
    ]
    ratios = []
    for name, order in SORTS:
        sort = {"sort": name, "order": order}
        timings.append(_time(client, f"/review/ by {name}, page 1", "/review/", sort, runs))
        cursor = _cursor(lead, name, order, deep, paging.PAGE_SIZE)
        keyset = _time(
            client,
            f"/review/ by {name}, page {deep} (keyset)",
            "/review/",
            {**sort, "after": cursor, "page": deep},
            runs,
        )
        naive = _time(
            client,
            f"/review/ by {name}, page {deep} (OFFSET, naive)",
            "/review/",
            {**sort, "page": deep},
            runs,
        )
        timings += [keyset, naive]
        ratios.append((name, naive.p50_ms / keyset.p50_ms if keyset.p50_ms else 0.0))
    timings.append(_time(client, "/ home page with all its queues", "/", {}, runs))
    return timings, ratios, deep


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.review", description=__doc__)
    scale = float(os.environ.get("BENCH_SCALE", "1") or 1)
    parser.add_argument("--decisions", type=int, default=max(1000, int(DEFAULT_DECISIONS * scale)))
    parser.add_argument("--agencies", type=int, default=50)
    parser.add_argument("--largest-share", type=float, default=0.1)
    parser.add_argument("--runs", type=int, default=25, help="timed requests per page")
    parser.add_argument("--deep-page", type=int, default=500)
    parser.add_argument("--database", default="bench_review")
    parser.add_argument("--reuse", action="store_true", help="keep an existing bench database")
    parser.add_argument("--keep", action="store_true", help="do not drop the database afterwards")
    args = parser.parse_args(argv)

    database = bench_db.prepare(name=args.database, reuse=args.reuse)
    from django.core.management import call_command

    from agencies.models import Membership
    from bench.__main__ import machine
    from sharing.models import Decision

    try:
        if not Decision.objects.exists():
            started = time.perf_counter()
            call_command(
                "generate_scale_data",
                decisions=args.decisions,
                agencies=args.agencies,
                largest_share=args.largest_share,
                workers=os.cpu_count() or 2,
            )
            with database.connect(autocommit=True) as conn:
                conn.execute("VACUUM (ANALYZE)")
            print(f"generated in {time.perf_counter() - started:,.0f}s", file=sys.stderr)
        lead = Membership.objects.select_related("user").get(user__username="scale01.lio").user
        largest = Decision.objects.filter(agency_id=lead.membership.agency_id).count()
        load_before = os.getloadavg()
        timings, ratios, deep = measure(lead, runs=args.runs, deep_page=args.deep_page)
        load_after = os.getloadavg()
        info = machine()
        print(
            f"\nDecision log and home page at {Decision.objects.count():,} decisions across "
            f"{args.agencies} agencies; the largest agency ({lead.membership.agency.name}) holds "
            f"{largest:,}. {args.runs} timed requests each, through the whole Django stack."
        )
        print(
            f"Machine: {info['cpus']} CPUs, {info['cpu']}, {info['memory']}; load average "
            f"{load_before[0]:.1f} before, {load_after[0]:.1f} after."
        )
        print(
            f"\n{'page':<58}{'p50 ms':>8}{'p95 ms':>8}{'CPU ms':>8}{'queries':>9}{'rows':>6}"
            f"  goal {GOAL_MS:.0f} ms"
        )
        for t in timings:
            met = "yes" if t.met else "NO"
            print(
                f"{t.label:<58}{t.p50_ms:>8.1f}{t.p95_ms:>8.1f}{t.cpu_p50_ms:>8.1f}"
                f"{t.queries:>9}{t.rows:>6}  {met}"
            )
        print(f"\nDeep page {deep}: OFFSET (naive) against keyset, p50 ratio")
        for name, ratio in ratios:
            print(f"  sorted by {name:<14}{ratio:>6.1f}x")
    finally:
        if not args.keep:
            bench_db.drop(database)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""`python -m bench.cases`: the auditor's per-case history and exports, and the streaming
decision log, on a database filled by `generate_scale_data` (default 1,000,000 decisions
and the 11M+ audit events they imply). See docs/performance.md.

BENCH_SCALE=0.01 in the environment runs at a hundredth of the default.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from bench import db as bench_db

DEFAULT_DECISIONS = 1_000_000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cases", description=__doc__)
    scale = float(os.environ.get("BENCH_SCALE", "1"))
    parser.add_argument("--decisions", type=int, default=int(DEFAULT_DECISIONS * scale))
    parser.add_argument("--runs", type=int, default=25, help="timed requests per format")
    parser.add_argument("--database", default="bench_cases")
    parser.add_argument("--reuse", action="store_true", help="keep an existing bench database")
    parser.add_argument("--keep", action="store_true", help="do not drop the database afterwards")
    args = parser.parse_args(argv)

    database = bench_db.prepare(name=args.database, reuse=args.reuse)
    from django.core.management import call_command
    from django.db.models import Count

    from audit.models import AuditEvent
    from bench import history
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
        events = AuditEvent.objects.count()
        busiest = (
            Decision.objects.values("case_id")
            .order_by()
            .annotate(n=Count("id"))
            .order_by("-n")
            .values_list("case_id", flat=True)
            .first()
        )
        print(f"\nPer-case history at {decisions:,} decisions, {events:,} audit events")
        print(f"{'format':<8}{'events':>8}{'p50 ms':>10}{'p95 ms':>10}{'goal ms':>10}  met")
        for timing in history.history_timings(busiest, runs=args.runs):
            print(
                f"{timing.label:<8}{timing.events:>8}{timing.p50_ms:>10.0f}{timing.p95_ms:>10.0f}"
                f"{timing.goal_ms:>10.0f}  {'yes' if timing.met else 'NO'}"
            )
        stream = history.stream_decision_log()
        print(
            f"\nDecision log CSV, streamed: {stream.rows:,} rows in {stream.seconds:,.1f}s "
            f"({stream.rows_per_second:,.0f} rows/s); process RSS {stream.rss_before_mib:,.0f} MiB "
            f"before, peak {stream.peak_rss_mib:,.0f} MiB (goal: under 150 MiB at 1M rows)"
        )
    finally:
        if not args.keep:
            bench_db.drop(database)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

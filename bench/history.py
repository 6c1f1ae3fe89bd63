"""Per-case history page and exports, and the streaming decision log, at scale.

Run inside a process whose Django settings point at the bench database (bench.db).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Timing:
    label: str
    runs: int
    p50_ms: float
    p95_ms: float
    events: int
    goal_ms: float

    @property
    def met(self) -> bool:
        return self.p95_ms <= self.goal_ms


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def _lead_officer_of(case_id: int) -> Any:
    from agencies.models import Membership, Role
    from records.models import Case

    case = Case.objects.get(pk=case_id)
    return Membership.objects.filter(agency_id=case.agency_id, role=Role.LEAD_OFFICER).first().user


def history_timings(case_id: int, *, runs: int = 25) -> list[Timing]:
    """Time the page and each export for one case through the whole Django stack."""
    from audit.models import AuditEvent
    from bench.client import signed_in_client

    client = signed_in_client(_lead_officer_of(case_id))
    url = f"/audit/cases/{case_id}/history/"
    # The PDF's goal is issue 13's: under 1 s at p95 for a 500-event case. Above
    # HISTORY_PDF_INLINE_MAX_EVENTS the request queues it for the worker (ADR 0039) and
    # answers with a redirect: that is what is timed then, and the label says so.
    goals = {"page": 200.0, "csv": 200.0, "events-csv": 200.0, "json": 200.0, "pdf": 1000.0}
    timings = []
    for fmt, goal in goals.items():
        query = {} if fmt == "page" else {"format": fmt}
        client.get(url, query)  # warm caches and templates once
        samples, label = [], fmt
        for _ in range(runs if fmt != "pdf" else max(5, runs // 3)):
            started = time.perf_counter()
            response = client.get(url, query)
            if fmt == "pdf" and response.status_code == 302:
                label = "pdf, to the worker"
            else:
                assert response.status_code == 200, (fmt, response.status_code)
            _ = response.content
            samples.append((time.perf_counter() - started) * 1000)
        events = AuditEvent.objects.filter(case_id=case_id).count()
        timings.append(
            Timing(
                label,
                len(samples),
                statistics.median(samples),
                _percentile(samples, 0.95),
                events,
                goal,
            )
        )
    return timings


@dataclass(frozen=True)
class Stream:
    rows: int
    seconds: float
    rss_before_mib: float
    peak_rss_mib: float

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def stream_decision_log() -> Stream:
    """Stream the whole log as an auditor with every scale agency in scope, in a fresh process,
    so that its peak memory is the export's own."""
    result = subprocess.run(
        [sys.executable, "-m", "bench.history"], capture_output=True, text=True, check=True
    )
    rows, seconds, before, peak = result.stdout.strip().splitlines()[-1].split()
    return Stream(int(rows), float(seconds), float(before), float(peak))


def _status_mib(key: str) -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def _stream_main() -> None:
    import django

    django.setup()
    from agencies.models import Agency, Membership, Role
    from bench.client import signed_in_client

    auditor = Membership.objects.filter(
        role=Role.AUDITOR, user__username__startswith="scale"
    ).first()
    auditor.audit_scope.set(Agency.objects.filter(name__startswith="Scale agency"))
    client = signed_in_client(auditor.user)
    before = _status_mib("VmRSS")
    started = time.perf_counter()
    response = client.get("/review/", {"format": "csv"})
    rows = -1  # the header
    for chunk in response.streaming_content:
        rows += chunk.count(b"\n")
    seconds = time.perf_counter() - started
    peak = _status_mib("VmHWM")  # this process's own peak (ru_maxrss survives exec on Linux)
    print(rows, f"{seconds:.3f}", f"{before:.1f}", f"{peak:.1f}")


if __name__ == "__main__":
    _stream_main()

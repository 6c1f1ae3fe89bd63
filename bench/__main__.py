"""`python -m bench`: the audit log at scale, on its own database. See docs/performance.md.

Scale: --events N (default 10,000,000, i.e. 1,000,000 decisions at 10 events each),
or BENCH_SCALE=0.01 in the environment for a quick run at a hundredth of that.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
DEFAULT_EVENTS = 10_000_000


def _log(message: str) -> None:
    stamp = datetime.datetime.now().strftime("%H:%M:%S")
    print(f"[{stamp}] {message}", file=sys.stderr, flush=True)


def _timed(label: str, action: Callable[[], T]) -> tuple[T, float]:
    _log(f"{label} ...")
    started = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - started
    _log(f"{label}: {elapsed:.1f}s (load average {os.getloadavg()[0]:.1f})")
    return result, elapsed


def machine() -> dict[str, str]:
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(
                line.split(":", 1)[1].strip() for line in info if line.startswith("model name")
            )
    except (OSError, StopIteration):
        pass
    memory = "?"
    try:
        with open("/proc/meminfo") as info:
            kib = int(next(line.split()[1] for line in info if line.startswith("MemTotal")))
        memory = f"{kib / 2**20:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    return {
        "cpus": str(os.cpu_count()),
        "cpu": cpu,
        "memory": memory,
        "python": platform.python_version(),
        "os": platform.platform(),
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    scale = float(os.environ.get("BENCH_SCALE", "1") or 1)
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--events",
        type=int,
        default=max(1000, int(DEFAULT_EVENTS * scale)),
        help="audit events in the log (default 10,000,000 x BENCH_SCALE)",
    )
    parser.add_argument(
        "--append-seconds",
        type=float,
        default=10.0,
        help="length of one append or INSERT round (default 10)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=4,
        help="rounds per configuration; raw and append rounds take turns (default 4)",
    )
    parser.add_argument("--writers", type=int, default=8, help="concurrent writers (default 8)")
    parser.add_argument(
        "--generate-workers",
        type=int,
        default=os.cpu_count() or 2,
        help="processes hashing the bulk-generated events (default: one per CPU)",
    )
    parser.add_argument(
        "--verify-workers",
        type=int,
        default=None,
        help="verify_audit --workers (default: its own default, one per CPU)",
    )
    parser.add_argument(
        "--no-raw-prefill",
        action="store_true",
        help="INSERT baseline into an empty table instead of one the size of the log",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep an existing bench database if it already holds --events events",
    )
    parser.add_argument("--keep", action="store_true", help="do not drop the bench database")
    parser.add_argument(
        "--database",
        default="bench_sharing",
        help="name of the bench database, on the embedded server or DATABASE_URL's "
        "(default bench_sharing); it is dropped and created afresh",
    )
    return parser.parse_args(argv)


Row = tuple[str, str, str, str]


def _table(rows: list[Row]) -> str:
    header: Row = ("figure", "value", "goal", "")
    everything = [header, *rows]
    widths = [max(len(row[i]) for row in everything) for i in range(4)]
    lines = []
    for n, row in enumerate(everything):
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if n == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def build_log(args: argparse.Namespace, database: Any) -> tuple[Any, list[Row]]:
    """The log of args.events events (generated unless --reuse finds it), and the raw
    table beside it."""
    from bench import audit as bench_audit
    from bench import db as bench_db
    from bench import generate

    rows: list[Row] = []
    url = database.url
    existing = bench_audit.count_events(url) if not database.created else 0
    if existing < args.events:
        if existing:
            database = bench_db.prepare(name=database.name, reuse=False)
        _, seconds = _timed(
            f"generate {args.events:,} chained events (COPY; indexes rebuilt after)",
            lambda: generate.generate(url, args.events, workers=args.generate_workers),
        )
        _, vacuum_seconds = _timed("VACUUM (FREEZE, ANALYZE)", lambda: generate.vacuum(url))
        rows.append(
            (
                "bulk generation (COPY, not the append path)",
                f"{args.events / seconds:,.0f} events/s ({seconds:.0f}s, "
                f"then {vacuum_seconds:.0f}s VACUUM)",
                "",
                "",
            )
        )
    size = bench_audit.table_size(url)
    rows.append(("audit table, indexes included", f"{size / 2**30:.1f} GiB", "", ""))
    _timed(
        "raw baseline table (same shape, no triggers"
        + (")" if args.no_raw_prefill else ", filled like the log)"),
        lambda: bench_audit.make_raw_table(url, prefill=not args.no_raw_prefill),
    )
    _timed("CHECKPOINT", lambda: bench_audit.checkpoint(url))
    return database, rows


def append_figures(args: argparse.Namespace) -> list[Row]:
    """Raw INSERT and audit.append rates, in alternating rounds, and their ratios."""
    from bench import audit as bench_audit
    from bench import db as bench_db

    w = args.writers
    raw1 = bench_audit.WriteRuns("raw INSERT, 1 writer", 1)
    append1 = bench_audit.WriteRuns("audit.append, 1 writer", 1)
    raw8 = bench_audit.WriteRuns(f"raw INSERT, {w} writers", w)
    append8 = bench_audit.WriteRuns(f"audit.append, {w} writers on {min(w, 8)} chains", w)
    one = bench_audit.WriteRuns(f"audit.append, {w} writers on one chain", w)
    staged = bench_audit.WriteRuns(
        f"sequencer's write side only, {w} writers on one chain (not built)", w
    )
    bench_audit.make_pending_table(os.environ["DATABASE_URL"])
    writers, _ = _timed(f"start {w} writer processes", lambda: bench_audit.Writers(w))
    seconds = args.append_seconds
    configurations = (
        (raw1, "raw", False),
        (append1, "append", False),
        (raw8, "raw", False),
        (append8, "append", False),
        (one, "append", True),
        (staged, "staged", True),
    )
    try:
        for runs, kind, one_chain in configurations:  # a warm-up round, not counted
            warm_up = bench_audit.WriteRuns(runs.label, runs.writers)
            writers.run(warm_up, kind, one_chain=one_chain, seconds=min(3.0, seconds))
        _log("warm-up round done")
        for round_ in range(1, args.rounds + 1):
            for runs, kind, one_chain in configurations:
                writers.run(runs, kind, one_chain=one_chain, seconds=seconds)
                _log(
                    f"round {round_}: {runs.label}: {runs.rates[-1]:,.0f} events/s "
                    f"(load average {os.getloadavg()[0]:.1f})"
                )
    finally:
        writers.close()
    rows: list[Row] = []
    for runs, base, goal in (
        (raw1, None, ""),
        (append1, raw1, ""),
        (raw8, None, ""),
        (append8, raw8, ">= 0.9 x raw"),
        (one, raw8, ">= 0.8 x raw"),
        (staged, raw8, ""),
    ):
        value = f"{runs.rate:,.0f} events/s"
        verdict = ""
        if base is not None:
            ratio = runs.rate / base.rate if base.rate else 0.0
            ratios = [a / b for a, b in zip(runs.rates, base.rates, strict=True) if b]
            value += f" = {ratio:.2f} x raw (rounds {min(ratios):.2f}-{max(ratios):.2f})"
            if goal.startswith(">="):
                verdict = "met" if ratio >= float(goal.split()[1]) else "MISSED"
        rows.append((runs.label, value, goal, verdict))
    peak = max(r.peak_rss for r in (append1, append8, one))
    rows.append(("  writer peak RSS (largest process)", bench_db.mib(peak), "", ""))
    return rows


def verify_figures(args: argparse.Namespace, database: Any) -> list[Row]:
    from bench import audit as bench_audit
    from bench import db as bench_db

    cpus = os.cpu_count() or 1
    extra = ["--workers", str(args.verify_workers)] if args.verify_workers else []
    full, _ = _timed(
        "verify_audit, whole log (appended events included)",
        lambda: bench_audit.verify_rate("verify_audit", database.name, *extra),
    )
    _log(f"  {full.output.splitlines()[0] if full.output else '(no output)'}")
    if not full.intact:
        _log(full.output)
    goal = 10_000_000 / 120
    rows: list[Row] = [
        (
            "verify_audit, whole log",
            f"{full.events:,} events in {full.seconds:.1f}s = {full.rate:,.0f} events/s",
            "10M in < 120s (83,333/s)",
            ("met" if full.rate >= goal else "MISSED") + ("" if full.intact else ", NOT INTACT"),
        ),
        ("  chains intact, appended events included", "yes" if full.intact else "NO", "", ""),
        (
            "  CPU: verify processes / PostgreSQL / other work",
            f"{full.cpu:.0f}s / {full.database_cpu:.0f}s / {full.other_cpu:.0f}s "
            f"of {full.wall * cpus:.0f}s on {cpus} CPUs",
            "",
            "",
        ),
        (
            "  peak RSS, all verify processes / largest",
            f"{bench_db.mib(full.peak_rss_total)} / {bench_db.mib(full.peak_rss_process)}",
            "",
            "",
        ),
    ]
    single, _ = _timed(
        "verify_audit --workers 1, one chain",
        lambda: bench_audit.verify_rate(
            "one chain", database.name, "--workers", "1", "--chain", "agency:8"
        ),
    )
    rows.append(
        (
            "verify_audit --workers 1, one chain",
            f"{single.events:,} events in {single.seconds:.1f}s = {single.rate:,.0f} events/s",
            "",
            "",
        )
    )
    return rows


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from bench import db as bench_db

    # Checkpoints of the bench database: signed with a key of their own, copied apart.
    scratch = tempfile.mkdtemp(prefix="bench-audit-")
    os.environ["AUDIT_CHECKPOINT_DIR"] = os.path.join(scratch, "checkpoints")
    os.environ["AUDIT_SIGNING_KEY_FILE"] = os.path.join(scratch, "log-signing-key.pem")
    info = machine()
    _log(f"bench: {args.events:,} audit events; machine {info}")
    database, _ = _timed(
        "create and migrate the bench database",
        lambda: bench_db.prepare(name=args.database, reuse=args.reuse),
    )
    rows: list[Row] = []
    try:
        info["postgresql"] = bench_db.server_version(database.url)
        database, built = build_log(args, database)
        rows += built
        rows += append_figures(args)
        rows += verify_figures(args, database)  # before any checkpoint: the baseline
        from bench import anchors

        rows += anchors.figures(database, 100_000, _log)  # the figure, at any scale
    finally:
        if not args.keep:
            _timed("drop the bench database", lambda: bench_db.drop(database))
    print()
    print(
        f"Machine: {info['cpus']} CPUs ({info['cpu']}), {info['memory']} memory; "
        f"PostgreSQL {info.get('postgresql', '?')}; Python {info['python']}; "
        f"load average at the end {os.getloadavg()[0]:.1f}"
    )
    print(f"Scale: {args.events:,} audit events ({args.events // 10:,} decisions x 10)")
    print()
    print(_table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())

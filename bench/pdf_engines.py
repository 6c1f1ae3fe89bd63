"""`python -m bench.pdf_engines`: the history PDF from WeasyPrint and from Typst, side by side.

The product renders a case's history to PDF with Typst (records/typst_pdf.py, from
records/typst/history.typ, fed the history as JSON); WeasyPrint renders the same content from
templates/records/history_pdf.html. This bench builds the History of a busy case once, then
renders it with both engines in turns, in the same process, and prints p50 and p95 of each,
the pages, the size and whether the file is tagged PDF/UA-1. See ADR 0038 and
docs/performance.md. `--quick` is a smoke test at a small case.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from records.history import History
    from records.models import Case

EVENTS_PER_DECISION = 11  # what one generated decision's life writes, on average
DEFAULT_EVENTS = (500, 5_000)


def typst_pdf(history: History) -> bytes:
    from records.typst_pdf import pdf_bytes

    return pdf_bytes(history)


def weasyprint_pdf(history: History) -> bytes:
    from records.exports import weasyprint_pdf_bytes

    return weasyprint_pdf_bytes(history)


ENGINES: dict[str, Callable[[History], bytes]] = {
    "WeasyPrint": weasyprint_pdf,
    "Typst": typst_pdf,
}


@dataclass(frozen=True)
class Tagging:
    tagged: bool
    lang: str
    title: str
    problem: str = ""
    header_cells: int = 0  # /TH in the structure tree: table header cells a reader announces


def pdf_ua(content: bytes) -> Tagging:
    """What tests/pdf_ua.structure_tags asserts, as a verdict rather than an assertion: a
    tagged structure tree under one Document, the language, the title shown, and the PDF/UA-1
    identifier in the XMP metadata (as an attribute, as WeasyPrint writes it, or as an
    element, as Typst does: XMP allows both)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    root: Any = reader.trailer["/Root"]
    lang = str(root.get("/Lang", ""))
    title = (reader.metadata.title if reader.metadata else None) or ""
    problems = []
    marked = root.get("/MarkInfo", {}).get("/Marked")
    if not (marked is not None and bool(marked)):
        problems.append("not a tagged PDF")
    if not lang.startswith("en"):
        problems.append("no document language")
    shown = root.get("/ViewerPreferences", {}).get("/DisplayDocTitle")
    if not (shown is not None and bool(shown)):
        problems.append("title not shown")
    if not title:
        problems.append("no document title")
    xmp = root["/Metadata"].get_object().get_data().decode() if "/Metadata" in root else ""
    if 'pdfuaid:part="1"' not in xmp and "<pdfuaid:part>1</pdfuaid:part>" not in xmp:
        problems.append("no PDF/UA identifier in the metadata")
    tags = _tags(root["/StructTreeRoot"]) if "/StructTreeRoot" in root else Counter()
    if tags["/Document"] != 1:
        problems.append("the structure tree has no document root")
    return Tagging(not problems, lang, title, "; ".join(problems), tags["/TH"])


def _tags(node: Any) -> Counter[str]:
    """How many of each tag the structure tree holds."""
    from pypdf.generic import ArrayObject, DictionaryObject

    found: Counter[str] = Counter()
    stack = [node]
    while stack:
        item = stack.pop()
        item = item.get_object() if hasattr(item, "get_object") else item
        if isinstance(item, ArrayObject):
            stack.extend(item)
        elif isinstance(item, DictionaryObject):
            if "/S" in item:
                found[str(item["/S"])] += 1
            if "/K" in item:
                stack.append(item["/K"])
    return found


def page_count(content: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(content)).pages)


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


@dataclass(frozen=True)
class Result:
    engine: str
    events: int
    samples: list[float]  # milliseconds
    pages: int
    size: int
    tagging: Tagging
    content: bytes

    @property
    def p50_ms(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95_ms(self) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, max(0, round(0.95 * (len(ordered) - 1))))]


def compare(history: History, *, runs: int = 5) -> list[Result]:
    """Each engine renders the same History `runs` times, in turns (so that the machine's
    load falls on both alike), after one render each that is not counted (imports, fonts)."""
    samples: dict[str, list[float]] = {name: [] for name in ENGINES}
    outputs = {name: render(history) for name, render in ENGINES.items()}  # warm-up
    for _ in range(runs):
        for name, render in ENGINES.items():
            started = time.perf_counter()
            outputs[name] = render(history)
            samples[name].append((time.perf_counter() - started) * 1000)
    return [
        Result(
            engine=name,
            events=len(history.views),
            samples=samples[name],
            pages=page_count(content),
            size=len(content),
            tagging=pdf_ua(content),
            content=content,
        )
        for name, content in outputs.items()
    ]


def table(results: list[Result]) -> str:
    lines = [
        f"{'engine':<12}{'events':>8}{'runs':>6}{'p50 ms':>10}{'p95 ms':>10}{'ms/event':>10}"
        f"{'pages':>7}{'KiB':>8}  PDF/UA-1 tagged"
    ]
    for r in results:
        verdict = "yes" if r.tagging.tagged else f"NO ({r.tagging.problem})"
        verdict += f", {r.tagging.header_cells} table header cells"
        lines.append(
            f"{r.engine:<12}{r.events:>8,}{len(r.samples):>6}{r.p50_ms:>10,.0f}{r.p95_ms:>10,.0f}"
            f"{r.p50_ms / max(r.events, 1):>10.2f}{r.pages:>7}{r.size / 1024:>8,.0f}  {verdict}"
        )
    return "\n".join(lines)


# --- the data: one busy case of about N events -------------------------------------------


@contextmanager
def _busy_case_of(decisions: int) -> Iterator[None]:
    """The scale generator puts HEAVY_CASE_DECISIONS decisions (about 500 events) on its
    first agency's first case; for the duration, it puts `decisions` there instead. Only
    for a generator run in this process (workers=1)."""
    from bench import scale
    from bench.scale import writer

    modules = (scale, writer)  # each holds its own copy of bench.scale.plan's constant
    before = [getattr(module, "HEAVY_CASE_DECISIONS") for module in modules]  # noqa: B009
    for module in modules:
        setattr(module, "HEAVY_CASE_DECISIONS", decisions)  # noqa: B010
    try:
        yield
    finally:
        for module, value in zip(modules, before, strict=True):
            setattr(module, "HEAVY_CASE_DECISIONS", value)  # noqa: B010


def busy_case(events: int, *, seed: int = 2024) -> Case:
    """A case with about `events` audit events, written by the scale generator (real rows,
    valid chains) beside a handful of other cases."""
    from bench import scale
    from records.models import Case

    decisions = max(2, round(events / EVENTS_PER_DECISION))
    with _busy_case_of(decisions):
        result = scale.generate(decisions=decisions * 2, agencies=2, workers=1, seed=seed)
    return Case.objects.select_related("agency").get(pk=result["heavy_case_id"])


def history_of(case: Case) -> History:
    """The whole record of the case (every kind of event), as its lead officer exports it."""
    from agencies.models import Membership, Role
    from records import history

    lead = Membership.objects.filter(agency_id=case.agency_id, role=Role.LEAD_OFFICER).first()
    assert lead is not None, "the generator makes a lead officer for every agency"
    return history.build(case, filters=history.Filters(), user=lead.user, compact=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pdf_engines", description=__doc__)
    parser.add_argument(
        "--events", type=int, nargs="+", default=list(DEFAULT_EVENTS), help="500 5000 unless told"
    )
    parser.add_argument("--runs", type=int, default=0, help="timed renders per engine and case")
    parser.add_argument("--quick", action="store_true", help="a smoke test: 60 events, 2 runs")
    parser.add_argument("--database", default="bench_pdf_engines")
    parser.add_argument("--keep", action="store_true", help="do not drop the database afterwards")
    parser.add_argument("--save", metavar="DIR", help="write each engine's PDF to DIR")
    args = parser.parse_args(argv)
    sizes = [60] if args.quick else args.events
    from bench import db as bench_db

    database = bench_db.prepare(name=args.database)
    from bench.history import history_timings

    results: list[Result] = []
    stack: list[tuple[int, Any]] = []
    try:
        for events in sizes:
            case = busy_case(events)
            history = history_of(case)
            runs = args.runs or (2 if args.quick else (11 if len(history.views) <= 1000 else 3))
            print(f"rendering {len(history.views):,} events, {runs} runs ...", file=sys.stderr)
            found = compare(history, runs=runs)
            results += found
            # The same case through the whole Django stack: the page and every format.
            stack += [(len(history.views), t) for t in history_timings(case.pk, runs=runs)]
            if args.save:
                os.makedirs(args.save, exist_ok=True)
                for r in found:
                    Path(args.save, f"history-{r.events}-{r.engine.lower()}.pdf").write_bytes(
                        r.content
                    )
    finally:
        if not args.keep:
            bench_db.drop(database)
    import typst
    import weasyprint

    print(
        f"\nHistory PDF engines compared (WeasyPrint {weasyprint.__version__}, "
        f"typst package {getattr(typst, '__version__', '?')}); {os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.1f} at the end; goal: p95 under 1,000 ms at 500 events"
    )
    print(table(results))
    print("\nThe same cases' history through the whole Django stack (as their lead officer)")
    print(f"{'events':>8}  {'format':<20}{'runs':>5}{'p50 ms':>9}{'p95 ms':>9}{'goal ms':>9}  met")
    for events, t in stack:
        print(
            f"{events:>8,}  {t.label:<20}{t.runs:>5}{t.p50_ms:>9.0f}{t.p95_ms:>9.0f}"
            f"{t.goal_ms:>9.0f}  {'yes' if t.met else 'NO'}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from bench import scale


class Command(BaseCommand):
    help = (
        "Generate realistic volume for benchmarks: agencies, people, cases, consents, decisions "
        "with answers, disclosures and their audit events (at least 10 per decision), in bulk."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--decisions", type=int, required=True)
        parser.add_argument("--agencies", type=int, default=8)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument(
            "--largest-share",
            type=float,
            default=0.0,
            help="share of the decisions held by the first agency (default: all even)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["decisions"] < 1 or options["agencies"] < 1:
            raise CommandError("--decisions and --agencies must be at least 1")
        started = time.perf_counter()
        result = scale.generate(
            decisions=options["decisions"],
            agencies=options["agencies"],
            workers=options["workers"],
            seed=options["seed"],
            largest_share=options["largest_share"],
        )
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Generated {result['decisions']:,} decisions, {result['cases']:,} cases and "
            f"{result['events']:,} audit events in {elapsed:.1f}s "
            f"({result['events'] / max(elapsed, 1e-9):,.0f} events/s)."
        )
        if result["heavy_case_id"]:
            self.stdout.write(f"Busiest case (about 500 events): {result['heavy_case_id']}")

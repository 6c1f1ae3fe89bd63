import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from audit.verify import verify


class Command(BaseCommand):
    help = "Walk every audit hash chain; exit non-zero naming the first broken event."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--chain", action="append", help="Check only this chain (repeatable)")
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="Processes that verify a large log in parallel (default: one per CPU; "
            "1 walks every chain in this process)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["workers"] is not None and options["workers"] < 1:
            raise CommandError("--workers must be at least 1")
        started = time.perf_counter()
        result = verify(chains=options["chain"], workers=options["workers"])
        elapsed = time.perf_counter() - started
        if result.first_break is not None:
            raise CommandError(f"Audit chain BROKEN at {result.first_break}")
        rate = result.events / elapsed if elapsed else 0
        self.stdout.write(
            f"Audit log intact: {result.events} events in {result.chains} chains "
            f"checked in {elapsed:.2f}s ({rate:,.0f} events/s)"
        )
        for chain, head in sorted(result.heads.items()):
            self.stdout.write(f"  {chain}: head {head}")

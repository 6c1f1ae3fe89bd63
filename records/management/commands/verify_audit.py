import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from records import audit


class Command(BaseCommand):
    help = "Walk every audit hash chain; exit non-zero naming the first broken event."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--chain", action="append", help="Check only this chain (repeatable)")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        result = audit.verify(chains=options["chain"])
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

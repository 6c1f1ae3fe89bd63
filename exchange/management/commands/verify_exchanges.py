"""Check that both ends of every exchange between agencies are on record."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from exchange.check import check_exchanges


class Command(BaseCommand):
    help = (
        "Pair the exchange events of every agency's audit chain: report a step on one "
        "chain with no partner on the other, and disclosures never received (exit 1)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--chain",
            action="append",
            dest="chains",
            help="only steps touching this chain, e.g. agency:3 (repeatable)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = check_exchanges(chains=options.get("chains"))
        for problem in [*result.unpaired, *result.undelivered]:
            self.stderr.write(str(problem))
        if not result.ok:
            raise CommandError(
                f"Exchanges BROKEN: {len(result.unpaired)} step(s) on one end only, "
                f"{len(result.undelivered)} disclosure(s) never received"
            )
        self.stdout.write(
            f"Exchanges intact: {result.paired} step(s), each on both agencies' chains"
        )

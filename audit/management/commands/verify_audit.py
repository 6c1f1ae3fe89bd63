import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from audit.verify import verify, verify_since_checkpoint


class Command(BaseCommand):
    help = (
        "Walk every audit hash chain and check the log against its signed checkpoints; "
        "exit non-zero naming the first thing broken."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--chain", action="append", help="Check only this chain (repeatable)")
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="Processes that verify a large log in parallel (default: one per CPU; "
            "1 walks every chain in this process)",
        )
        parser.add_argument(
            "--check-tree",
            action="store_true",
            help="Also check every stored Merkle tree node against its children and every "
            "leaf against its event (the stored tree is what export proofs are made from)",
        )
        parser.add_argument(
            "--since-checkpoint",
            action="store_true",
            help="Check only the events added since the last checkpoint (and that the log "
            "still has what every checkpoint signed)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["workers"] is not None and options["workers"] < 1:
            raise CommandError("--workers must be at least 1")
        if options["since_checkpoint"] and options["chain"]:
            raise CommandError("--since-checkpoint checks every chain: leave out --chain")
        started = time.perf_counter()
        if options["since_checkpoint"]:
            result = verify_since_checkpoint()
        else:
            result = verify(
                chains=options["chain"],
                workers=options["workers"],
                check_tree=options["check_tree"],
            )
        elapsed = time.perf_counter() - started
        if result.first_break is not None:
            raise CommandError(f"Audit chain BROKEN at {result.first_break}")
        rate = result.events / elapsed if elapsed else 0
        since = ""
        if options["since_checkpoint"] and result.checkpoints:
            since = f", since checkpoint {result.checkpoints[-1].number}"
        self.stdout.write(
            f"Audit log intact: {result.events} events in {result.chains} chains "
            f"checked in {elapsed:.2f}s ({rate:,.0f} events/s){since}"
        )
        for chain, head in sorted(result.heads.items()):
            self.stdout.write(f"  {chain}: head {head}")
        if not result.checkpoints:
            self.stdout.write("No signed checkpoint yet (python manage.py audit_checkpoint).")
            return
        for report in result.checkpoints[-5:]:
            self.stdout.write(f"  {report}")
        if len(result.checkpoints) > 5:
            self.stdout.write(f"  ... and {len(result.checkpoints) - 5} earlier checkpoints")
        self.stdout.write(
            f"The log extends all {len(result.checkpoints)} checkpoints; "
            f"{result.unsigned_events} events were added since the last."
        )

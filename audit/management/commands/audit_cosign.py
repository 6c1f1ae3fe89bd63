from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from audit import checkpoints, notes, services
from audit.models import AuditCheckpoint


class Command(BaseCommand):
    help = (
        "Co-sign a checkpoint as a witness (another party, e.g. the auditor's organisation), "
        "after checking the log's signature and that it extends the last checkpoint this "
        "witness co-signed."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--key", required=True, type=Path, help="the witness's private key")
        parser.add_argument("--name", required=True, help="the witness, as verification names it")
        parser.add_argument("--checkpoint", type=int, help="its number (default: the latest)")

    def handle(self, *args: Any, **options: Any) -> None:
        checkpoints_ = AuditCheckpoint.objects.order_by("-number")
        if options["checkpoint"] is not None:
            checkpoints_ = checkpoints_.filter(number=options["checkpoint"])
        checkpoint = checkpoints_.first()
        if checkpoint is None:
            raise CommandError("No such checkpoint.")
        key = notes.load_private_key(options["key"].read_bytes())
        try:
            services.checkpoint_cosign(
                checkpoint=checkpoint, witness_key=key, witness=options["name"]
            )
        except checkpoints.Refused as refused:
            raise CommandError(f"Not co-signed: {refused}") from refused
        self.stdout.write(f"Checkpoint {checkpoint.number} co-signed by {options['name']}.")

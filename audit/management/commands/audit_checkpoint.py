from typing import Any

from django.core.management.base import BaseCommand, CommandError

from audit import checkpoints, services


class Command(BaseCommand):
    help = (
        "Sign a checkpoint of the audit log (every chain's Merkle tree size and root) and "
        "write its copy to AUDIT_CHECKPOINT_DIR. Does nothing if no event was added since "
        "the last one."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            checkpoint = services.checkpoint_create()
        except checkpoints.Refused as refused:
            raise CommandError(
                f"Checkpoint REFUSED: the log no longer extends the last: {refused}"
            ) from refused
        if checkpoint is None:
            self.stdout.write("Nothing new since the last checkpoint.")
            return
        signed = checkpoints.parsed(checkpoint)
        self.stdout.write(
            f"Checkpoint {checkpoint.number} signed: {signed.events} events in "
            f"{len(signed.chains)} chains; copy in "
            f"{checkpoints.directory() / checkpoints.file_name(checkpoint.number)}"
        )

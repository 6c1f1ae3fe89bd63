from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from records import exports, history, services
from records.models import Case


class Command(BaseCommand):
    help = (
        "Write one case's disclosure history as PDF, JSON, or CSV (csv: the disclosures; "
        "events-csv: the events), the same files as the web page."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("case_id", type=int)
        parser.add_argument("--format", choices=["pdf", "csv", "events-csv", "json"], required=True)
        parser.add_argument("--output", required=True, help="File to write")

    def handle(self, *args: Any, **options: Any) -> None:
        case = Case.objects.select_related("agency").filter(pk=options["case_id"]).first()
        if case is None:
            raise CommandError(f"No case with id {options['case_id']}")
        fmt = options["format"]
        built = history.build(
            case, filters=history.Filters(), user=_CommandLine(), compact=fmt == "pdf"
        )
        services.record_export(
            actor=None,
            case=case,
            details={
                "format": fmt,
                "filters": built.filters.describe(),
                "events": len(built.views),
                "case_check": "intact" if built.check.intact else "broken",
                "via": "command line",
            },
        )
        body, _ = exports.render(built, fmt)
        Path(options["output"]).write_bytes(body)
        self.stdout.write(
            f"Wrote {len(built.views)} events of case {case.pk} as {fmt} to {options['output']}"
        )


class _CommandLine:
    """Stands in for a user: exports from the command line are made by the system."""

    is_authenticated = False

    def get_username(self) -> str:
        return ""

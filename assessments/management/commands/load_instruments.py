from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessments import services
from assessments.scoring import InstrumentDefinitionError


class Command(BaseCommand):
    help = (
        "Loads instrument definitions (*.yaml) and creates a new version of each instrument "
        "whose file changed. Idempotent. Default: the instruments shipped in the repository."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dir",
            dest="directories",
            action="append",
            type=Path,
            help="Directory of *.yaml definitions, e.g. licensed instruments an operator holds "
            "(repeatable; replaces the default).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        directories = options["directories"] or [services.INSTRUMENTS_DIR]
        for directory in directories:
            if not directory.is_dir():
                raise CommandError(f"Not a directory: {directory}")
        try:
            outcomes = services.instrument_load_files(actor=None, directories=directories)
        except InstrumentDefinitionError as exc:
            raise CommandError(str(exc)) from exc
        for outcome in outcomes:
            state = "new version" if outcome.created else "unchanged"
            self.stdout.write(f"  {outcome.code:<10} v{outcome.version:<3} {state}")
        created = sum(outcome.created for outcome in outcomes)
        self.stdout.write(
            self.style.SUCCESS(f"{len(outcomes)} instruments loaded, {created} new versions.")
        )

"""manage.py kpis_rebuild: the fact and ancestors tables rebuilt from the raw records."""

from typing import Any

from django.core.management.base import BaseCommand

from kpis.services.rebuild import rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the KPI fact table and the flattened ancestors table from every app's "
        "records, into a staging table swapped in atomically."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = rebuild()
        self.stdout.write(
            f"kpis_rebuild: {result.facts} facts, {result.ancestors} ancestor rows, "
            f"{result.seconds:.2f} s"
        )

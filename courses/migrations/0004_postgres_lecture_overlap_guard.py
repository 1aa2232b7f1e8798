"""On PostgreSQL, an exclusion constraint guards overlapping lectures of one expert in the
busy states (courses.models.BUSY_STATUSES), a second guard behind the assignment service's
check under the expert's row lock. Other backends skip this migration's SQL."""

from django.db import migrations

BUSY = "status IN ('scheduled', 'held')"

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    "ALTER TABLE courses_lecture ADD CONSTRAINT courses_lecture_no_expert_overlap "
    "EXCLUDE USING gist (expert_id WITH =, tstzrange(starts_at, ends_at) WITH &&) "
    f"WHERE ({BUSY} AND expert_id IS NOT NULL)",
]
BACKWARD = [
    "ALTER TABLE courses_lecture DROP CONSTRAINT IF EXISTS courses_lecture_no_expert_overlap",
]


def _run(statements: list[str]):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("courses", "0003_orders")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]

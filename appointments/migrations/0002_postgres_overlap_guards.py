"""On PostgreSQL, exclusion constraints guard overlapping active bookings of one
counsellor and of one room, a second guard behind the one-booking-per-slot index.
Other backends skip this migration's SQL."""

from django.db import migrations

ACTIVE = "status IN ('booked', 'attended', 'no_show')"

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    "ALTER TABLE appointments_booking ADD CONSTRAINT appointments_booking_no_counsellor_overlap "
    "EXCLUDE USING gist (counsellor_id WITH =, tstzrange(starts_at, ends_at) WITH &&) "
    f"WHERE ({ACTIVE})",
    "ALTER TABLE appointments_booking ADD CONSTRAINT appointments_booking_no_room_overlap "
    "EXCLUDE USING gist (room_id WITH =, tstzrange(starts_at, ends_at) WITH &&) "
    f"WHERE ({ACTIVE} AND room_id IS NOT NULL)",
]
BACKWARD = [
    "ALTER TABLE appointments_booking DROP CONSTRAINT IF EXISTS "
    "appointments_booking_no_room_overlap",
    "ALTER TABLE appointments_booking DROP CONSTRAINT IF EXISTS "
    "appointments_booking_no_counsellor_overlap",
]


def _run(statements: list[str]):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("appointments", "0001_office_hours_slots_bookings")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]

"""Outbox rows name the function they call by its dotted path; two moved with the package
layout. Rows not yet delivered (or failed, for the admin's "send again") get the new path,
so nothing queued before the deploy is lost. Sent rows keep theirs: they never run again."""

from django.db import migrations

MOVED = {
    "appointments.waitlist.slot_freed": "appointments.services.slot_freed",
    "appointments.cases.supervisors_alert": "appointments.notifications.supervisors_alert",
}
LIVE = ("pending", "sending", "failed")


def rename_calls(apps, schema_editor, mapping=MOVED):
    message_model = apps.get_model("core", "OutboxMessage")
    rows = message_model.objects.filter(kind="task", status__in=LIVE)
    for message in rows.iterator():
        call = message.payload.get("call")
        if call in mapping:
            message.payload = {**message.payload, "call": mapping[call]}
            message.save(update_fields=["payload"])


def restore_calls(apps, schema_editor):
    rename_calls(apps, schema_editor, mapping={new: old for old, new in MOVED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("appointments", "0006_rule_drop_min_notice_hours"),
        ("core", "0002_outbox_not_after"),
    ]

    operations = [migrations.RunPython(rename_calls, restore_calls)]

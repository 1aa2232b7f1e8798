"""Submission.expires_at (a time to the microsecond) becomes expires_on (a day).

An anonymous submission keeps no time finer than its day: the submit time
could be matched against a session row or a server log.
"""

from datetime import datetime, time

from django.db import migrations, models
from django.utils import timezone


def to_days(apps, schema_editor):  # type: ignore[no-untyped-def]
    Submission = apps.get_model("assessments", "Submission")
    for pk, expires_at in Submission.objects.values_list("pk", "expires_at").iterator():
        Submission.objects.filter(pk=pk).update(expires_on=timezone.localdate(expires_at))


def to_times(apps, schema_editor):  # type: ignore[no-untyped-def]
    Submission = apps.get_model("assessments", "Submission")
    for pk, expires_on in Submission.objects.values_list("pk", "expires_on").iterator():
        start = timezone.make_aware(datetime.combine(expires_on, time.min))
        Submission.objects.filter(pk=pk).update(expires_at=start)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0002_submissions_reports_campaigns")]

    operations = [
        migrations.AddField(
            model_name="submission",
            name="expires_on",
            field=models.DateField(null=True, verbose_name="expires on"),
        ),
        migrations.AlterField(
            model_name="submission",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expires at"),
        ),
        migrations.RunPython(to_days, to_times),
        migrations.RemoveField(model_name="submission", name="expires_at"),
        migrations.AlterField(
            model_name="submission",
            name="expires_on",
            field=models.DateField(db_index=True, verbose_name="expires on"),
        ),
    ]

"""Practitioners get a public UUID: directories and the API name them by it,
never by a username (which may echo an e-mail address)."""

import uuid

from django.db import migrations, models


def fill(apps, schema_editor):
    profiles = apps.get_model("network", "PractitionerProfile")
    for profile in profiles.objects.filter(public_id__isnull=True):
        profile.public_id = uuid.uuid4()
        profile.save(update_fields=["public_id"])


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="practitionerprofile",
            name="public_id",
            field=models.UUIDField(editable=False, null=True, verbose_name="public id"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="practitionerprofile",
            name="public_id",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="public id"
            ),
        ),
    ]

"""Store call-back numbers in E.164 (core.phone); invalid legacy values stay as they are."""

from typing import Any

from django.db import migrations

from core.phone import phone_normalise_or_none


def normalise(apps: Any, schema_editor: Any) -> None:
    CallbackRequest = apps.get_model("assessments", "CallbackRequest")
    for request in CallbackRequest.objects.exclude(contact_phone="").only("pk", "contact_phone"):
        canonical = phone_normalise_or_none(request.contact_phone)
        if canonical is not None and canonical != request.contact_phone:
            CallbackRequest.objects.filter(pk=request.pk).update(contact_phone=canonical)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0003_submission_expires_on")]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop, elidable=True)]

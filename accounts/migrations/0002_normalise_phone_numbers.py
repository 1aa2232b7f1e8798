"""Store every user's mobile number in E.164 (core.phone).

Invalid legacy values, and numbers whose E.164 form another account already
holds, are left as they are for staff to correct; nothing is printed.
"""

from typing import Any

from django.db import migrations

from core.phone import phone_normalise_or_none


def normalise(apps: Any, schema_editor: Any) -> None:
    User = apps.get_model("accounts", "User")
    taken = set(User.objects.exclude(phone=None).values_list("phone", flat=True))
    for user in (
        User.objects.exclude(phone=None).exclude(phone="").order_by("pk").only("pk", "phone")
    ):
        canonical = phone_normalise_or_none(user.phone)
        if canonical is None or canonical == user.phone or canonical in taken:
            continue
        taken.discard(user.phone)
        taken.add(canonical)
        User.objects.filter(pk=user.pk).update(phone=canonical)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop, elidable=True)]

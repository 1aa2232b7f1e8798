"""Call-back numbers are kept only as Fernet tokens (core.crypto), like the hotline's.

Every number already stored is encrypted into the new column before the plain one goes;
backwards, the tokens are decrypted into it again. Nothing is lost either way.
"""

from django.db import migrations, models


def encrypt_numbers(apps, schema_editor):
    from core import crypto

    CallbackRequest = apps.get_model("assessments", "CallbackRequest")
    for request in CallbackRequest.objects.exclude(contact_phone="").only("pk", "contact_phone"):
        CallbackRequest.objects.filter(pk=request.pk).update(
            contact_phone_token=crypto.encrypt(request.contact_phone)
        )


def decrypt_numbers(apps, schema_editor):
    from core import crypto

    CallbackRequest = apps.get_model("assessments", "CallbackRequest")
    rows = CallbackRequest.objects.exclude(contact_phone_token="").only("pk", "contact_phone_token")
    for request in rows:
        CallbackRequest.objects.filter(pk=request.pk).update(
            contact_phone=crypto.decrypt(request.contact_phone_token)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0005_campaign_ended_at_bundle_code_report_link"),
    ]

    operations = [
        migrations.AddField(
            model_name="callbackrequest",
            name="contact_phone_token",
            field=models.CharField(
                blank=True, max_length=255, verbose_name="phone number to call (encrypted)"
            ),
        ),
        migrations.AlterField(
            model_name="callbackrequest",
            name="contact_phone",
            field=models.CharField(
                blank=True, max_length=32, verbose_name="phone number to call"
            ),
        ),
        migrations.RunPython(encrypt_numbers, decrypt_numbers),
        migrations.RemoveField(model_name="callbackrequest", name="contact_phone"),
    ]

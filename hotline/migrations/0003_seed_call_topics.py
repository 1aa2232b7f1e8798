"""The call topics the line starts with (editable in the admin afterwards)."""

from typing import Any

from django.db import migrations

# (code, name): names in Chinese, the staff site's language; the admin edits them.
TOPICS = [
    ("emotions", "情绪困扰"),
    ("work-stress", "工作压力"),
    ("labour-dispute", "劳动争议与欠薪"),
    ("family", "家庭"),
    ("relationships", "人际与婚恋关系"),
    ("legal", "法律咨询"),
    ("policy", "政策咨询"),
    ("crisis", "心理危机"),
    ("other", "其他"),
]


def seed(apps: Any, schema_editor: Any) -> None:
    topic = apps.get_model("hotline", "CallTopic")
    for position, (code, name) in enumerate(TOPICS):
        topic.objects.get_or_create(code=code, defaults={"name": name, "position": position})


def unseed(apps: Any, schema_editor: Any) -> None:
    apps.get_model("hotline", "CallTopic").objects.filter(
        code__in=[code for code, _ in TOPICS], calls__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("hotline", "0002_calls_contacts_callers")]

    operations = [migrations.RunPython(seed, unseed)]

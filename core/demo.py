"""Demo data for `make run`. Idempotent: running it twice changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from accounts.models import User

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - demo only; refused in production


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str


def _user(*, email: str, first_name: str, last_name: str, staff: bool, superuser: bool) -> User:
    user, created = User.objects.get_or_create(
        username=email.split("@")[0],
        defaults={
            "email": email,
            "first_name": first_name,
            "last_name": last_name,
            "is_staff": staff,
            "is_superuser": superuser,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@transaction.atomic
def load_demo() -> list[DemoLogin]:
    if settings.PRODUCTION:
        raise ImproperlyConfigured("Demo data is never loaded under DJANGO_ENV=production.")
    _user(
        email="admin@demo.xinling.cn",
        first_name="管理员",
        last_name="市中心",
        staff=True,
        superuser=True,
    )
    _user(
        email="worker@demo.xinling.cn",
        first_name="职工",
        last_name="张",
        staff=False,
        superuser=False,
    )
    return [
        DemoLogin(
            "admin@demo.xinling.cn", "city centre administrator (TOTP set up at first login)"
        ),
        DemoLogin("worker@demo.xinling.cn", "worker"),
    ]

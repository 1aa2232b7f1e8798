"""Demo data for `make run`. Idempotent: running it twice changes nothing.

The core makes the demo administrator and worker; then every installed app
with a `demo` module gets `load(admin)` called, in INSTALLED_APPS order, and
returns the demo logins it made. Core imports no domain app.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec

from allauth.account.models import EmailAddress
from django.apps import apps
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
    admin = _user(
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
    logins = [DemoLogin("worker@demo.xinling.cn", "worker")]
    for config in apps.get_app_configs():
        module_name = f"{config.name}.demo"
        if config.name == "core" or find_spec(module_name) is None:
            continue
        logins = import_module(module_name).load(admin) + logins
    if not any(login.email == admin.email for login in logins):
        logins.insert(0, DemoLogin(admin.email, "city centre administrator (superuser)"))
    return logins

"""Shared fixtures: personas, a clean cache and SMS outbox, marker skips."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from accounts.models import User
from config.celery import app as celery_app
from core import sms

PASSWORD = "correct-Horse-battery-9"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    skip_pg = pytest.mark.skip(
        reason="needs PostgreSQL: runs in CI's second pass (DATABASE_URL=postgres://…)"
    )
    skip_redis = pytest.mark.skip(
        reason="needs Redis and a real Celery worker: runs in CI's second pass (REDIS_URL=…)"
    )
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip_pg)
        if "redis" in item.keywords and not settings.REDIS_URL:
            item.add_marker(skip_redis)


@pytest.fixture(autouse=True)
def _isolation(settings: pytest.FixtureRequest) -> Iterator[None]:
    settings.SMS_BACKEND = "core.sms.LocmemSMSBackend"  # type: ignore[attr-defined]
    sms.outbox.clear()
    cache.clear()
    # Tasks run in-process unless a test asks for the real worker.
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER  # type: ignore[attr-defined]


def make_user(email: str, *, staff: bool = False, superuser: bool = False, **extra: object) -> User:
    user = User.objects.create_user(
        username=email.split("@")[0],
        email=email,
        password=PASSWORD,
        is_staff=staff,
        is_superuser=superuser,
        **extra,
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def worker(db: None) -> User:
    return make_user("worker@example.com", phone="+8613800001234", phone_verified=True)


@pytest.fixture
def staff_without_totp(db: None) -> User:
    return make_user("newstaff@example.com", staff=True)


@pytest.fixture
def city_admin(db: None) -> User:
    user = make_user("admin@example.com", staff=True, superuser=True)
    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def on_postgres() -> bool:
    return connection.vendor == "postgresql"

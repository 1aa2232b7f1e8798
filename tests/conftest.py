"""Shared fixtures: personas, a clean cache and SMS outbox, marker skips."""

from __future__ import annotations

import os
import shutil
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

# Browser tests (tests/*/test_browser*.py) drive Debian's Chromium through Playwright.
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test thread; the ORM
    # calls the live-server fixtures make from that thread stay synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone_page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")  # type: ignore[attr-defined]
    page = context.new_page()
    yield page
    context.close()


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


# Network personas (a tree, a district cadre, the outsider…) for every app's tests.
# Imported last: they build on make_user above.
from tests.network.personas import (  # noqa: E402
    analyst,
    cadre_a,
    cadre_b,
    centre_admin,
    counsellor_a,
    login,
    tree,
)

__all__ = ["analyst", "cadre_a", "cadre_b", "centre_admin", "counsellor_a", "login", "tree"]

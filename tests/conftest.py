"""Shared fixtures: personas, a clean cache and SMS outbox, marker skips, the test clock."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from datetime import date, datetime
from datetime import time as dt_time
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from celery import _state as celery_state
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import override_settings

from accounts.models import User
from config.celery import app as celery_app
from core import sms
from tests.accounts.factories import PASSWORD, StaffFactory, UserFactory
from tests.network.personas import (
    analyst,
    cadre_a,
    cadre_b,
    centre_admin,
    counsellor_a,
    login,
    tree,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page


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
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright  # only when a browser test runs

    # Playwright's sync API runs an event loop in the test thread; the ORM
    # calls the live-server fixtures make from that thread stay synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


# TEST_CLOCK=08:45 (Shanghai time; or a full 2026-06-10T08:45) runs every test from that
# moment of TEST_CLOCK_DAY, the clock ticking. Unset, tests run at the real time.
TEST_CLOCK_DAY = date(2026, 6, 10)  # a Wednesday
# Real Celery workers the tests start travel by this many seconds too.
CLOCK_OFFSET_ENV = "XINLING_TEST_CLOCK_OFFSET"


def _test_clock() -> datetime | None:
    value = os.environ.get("TEST_CLOCK", "").strip()
    if not value:
        return None
    try:
        if "-" in value:
            at = datetime.fromisoformat(value)
        else:
            at = datetime.combine(TEST_CLOCK_DAY, dt_time.fromisoformat(value))
    except ValueError as exc:
        raise pytest.UsageError(f"TEST_CLOCK={value!r}: give HH:MM or YYYY-MM-DDTHH:MM") from exc
    return at if at.tzinfo else at.replace(tzinfo=ZoneInfo("Asia/Shanghai"))


TEST_CLOCK = _test_clock()
_session_travel = pytest.StashKey[time_machine.travel]()


def pytest_configure(config: pytest.Config) -> None:
    if TEST_CLOCK is not None:
        # Collection, module constants and session fixtures already see the test clock;
        # each test then starts again from TEST_CLOCK (the `_clock` fixture).
        traveller = time_machine.travel(TEST_CLOCK, tick=True)
        traveller.start()
        config.stash[_session_travel] = traveller
    if settings.REDIS_URL:
        # A cache of its own per xdist worker, apart from the broker's database:
        # `cache.clear()` flushes a whole database, never another worker's or a queue.
        worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
        url = urlsplit(settings.REDIS_URL)
        base = int(url.path.strip("/") or 0)
        db = base + 1 + int(worker.removeprefix("gw") or 0)
        caches = {
            "default": {
                **settings.CACHES["default"],
                "LOCATION": urlunsplit(url._replace(path=f"/{db}")),
            }
        }
        override_settings(CACHES=caches).enable()


def pytest_unconfigure(config: pytest.Config) -> None:
    traveller = config.stash.get(_session_travel, None)
    if traveller is not None:
        traveller.stop()


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    """Every test at TEST_CLOCK when it is set; tests that travel themselves nest inside."""
    if TEST_CLOCK is None:
        yield
        return
    with time_machine.travel(TEST_CLOCK, tick=True):
        os.environ[CLOCK_OFFSET_ENV] = str(time.time() - time_machine.escape_hatch.time.time())
        try:
            yield
        finally:
            del os.environ[CLOCK_OFFSET_ENV]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    if os.environ.get("TEST_REQUIRE_SERVICES") and not (on_postgres and settings.REDIS_URL):
        # CI's second pass: the PostgreSQL and Redis tests run, never quietly skip.
        raise pytest.UsageError(
            "TEST_REQUIRE_SERVICES: set DATABASE_URL (PostgreSQL) and REDIS_URL"
        )
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
    # A million PBKDF2 rounds cost 0.3 s of CPU per persona and per login; tests need none.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]
    sms.outbox.clear()
    cache.clear()
    # Tasks run in-process unless a test asks for the real worker.
    celery_app.conf.task_always_eager = True
    # Celery's eager apply sets a process-wide "no result.get() here" flag and restores it
    # afterwards; eager tasks run at once by racing threads (the booking races) can restore
    # it in the wrong order and leave it set for the next test in this process.
    celery_state._set_task_join_will_block(False)
    yield
    celery_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER  # type: ignore[attr-defined]


def make_user(email: str, *, staff: bool = False, superuser: bool = False, **extra: object) -> User:
    """A person with a verified e-mail address who signs in with PASSWORD (no TOTP)."""
    return UserFactory.create(email=email, is_staff=staff, is_superuser=superuser, **extra)


@pytest.fixture
def worker(db: None) -> User:
    return make_user("worker@example.com", phone="+8613800001234", phone_verified=True)


@pytest.fixture
def staff_without_totp(db: None) -> User:
    return StaffFactory.create(email="newstaff@example.com", totp=False)


@pytest.fixture
def city_admin(db: None) -> User:
    return StaffFactory.create(email="admin@example.com", is_superuser=True)


@pytest.fixture
def on_postgres() -> bool:
    return connection.vendor == "postgresql"


# Network personas (a tree, a district cadre, the outsider…) for every app's tests, and
# the names tests import from here.
__all__ = [
    "PASSWORD",
    "analyst",
    "cadre_a",
    "cadre_b",
    "centre_admin",
    "counsellor_a",
    "login",
    "make_user",
    "tree",
]

"""core.clock: the network's time zone decides "today", a day's bounds and local times."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import time_machine
from django.test import override_settings
from django.utils import timezone

from core import clock
from tests.project import APPS

ROOT = Path(__file__).resolve().parents[2]
SHANGHAI = ZoneInfo("Asia/Shanghai")
LATE_UTC = datetime(2026, 6, 10, 23, 30, tzinfo=UTC)  # 07:30 on 11 June in Shanghai


def test_today_at_2330_utc_is_the_next_shanghai_day() -> None:
    with time_machine.travel(LATE_UTC, tick=False), timezone.override("UTC"):
        # the active time zone says 10 June; the network's clock says 11 June
        assert timezone.localdate() == date(2026, 6, 10)
        assert clock.today() == date(2026, 6, 11)
        assert clock.now_local() == datetime(2026, 6, 11, 7, 30, tzinfo=SHANGHAI)
        assert clock.now_local().utcoffset() == timedelta(hours=8)


def test_local_turns_a_utc_moment_into_network_wall_time() -> None:
    moment = clock.local(LATE_UTC)
    assert (moment.date(), moment.hour, moment.minute) == (date(2026, 6, 11), 7, 30)
    assert clock.local_date(LATE_UTC) == date(2026, 6, 11)


def test_day_bounds_cover_24_hours_of_shanghai_time() -> None:
    start, end = clock.day_bounds(date(2026, 6, 11))
    assert start == datetime(2026, 6, 10, 16, 0, tzinfo=UTC)
    assert end == datetime(2026, 6, 11, 16, 0, tzinfo=UTC)
    assert end - start == timedelta(hours=24)
    assert start.tzinfo == SHANGHAI
    assert (start.hour, start.minute) == (0, 0)
    assert start <= LATE_UTC < end


def test_another_network_time_zone_changes_today() -> None:
    with time_machine.travel(LATE_UTC, tick=False):
        assert clock.today() == date(2026, 6, 11)
        with override_settings(NETWORK_TIME_ZONE="America/New_York"):
            assert clock.network_tz() == ZoneInfo("America/New_York")
            assert clock.today() == date(2026, 6, 10)  # 19:30 on 10 June in New York
            start, end = clock.day_bounds(date(2026, 6, 10))
            assert start == datetime(2026, 6, 10, 4, 0, tzinfo=UTC)
            assert end - start == timedelta(hours=24)


def test_settings_derive_time_zone_and_celery_timezone_from_network_time_zone() -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"TIME_ZONE"}}
    env["NETWORK_TIME_ZONE"] = "Asia/Urumqi"
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.NETWORK_TIME_ZONE, s.TIME_ZONE, s.CELERY_TIMEZONE)"
    )
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["Asia/Urumqi", "Asia/Urumqi", "Asia/Urumqi"]


OTHER_CLOCKS = ("timezone.localdate(", "timezone.localtime(", "get_current_timezone", "ZoneInfo(")


def test_apps_read_the_network_clock_only_through_core_clock() -> None:
    # "today" by the request's active time zone, or a private copy of the network's,
    # is how the nine helpers and 22 calls drifted apart; migrations keep their history.
    offenders = [
        f"{path.relative_to(ROOT)}: {needle}"
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts and path != ROOT / "core" / "clock.py"
        for needle in OTHER_CLOCKS
        if needle in path.read_text(encoding="utf-8")
    ]
    assert offenders == []

""" "Open now": weekly rules, past midnight, holidays, and the network's time zone."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from network.models import OpeningException, OrgUnit, StationProfile
from network.selectors import is_open_at
from tests.network import factories

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
UTC = ZoneInfo("UTC")


@pytest.fixture
def night_station(tree: dict[str, OrgUnit]) -> StationProfile:
    """Open Friday 19:00 to Saturday 02:00, and Monday 09:00–17:00."""
    return factories.station(
        tree["room_a1r"],
        hours=((4, time(19), time(2)), (0, time(9), time(17))),
    )


def at(*args: int, tz: ZoneInfo = SHANGHAI) -> datetime:
    return datetime(*args, tzinfo=tz)  # type: ignore[misc]


def test_open_within_the_day(night_station: StationProfile) -> None:
    assert is_open_at(night_station, at(2026, 11, 23, 10, 0))  # a Monday
    assert not is_open_at(night_station, at(2026, 11, 23, 17, 0))  # closing time is closed
    assert not is_open_at(night_station, at(2026, 11, 23, 8, 59))


def test_hours_across_midnight(night_station: StationProfile) -> None:
    assert is_open_at(night_station, at(2026, 11, 27, 23, 30))  # Friday night
    assert is_open_at(night_station, at(2026, 11, 28, 1, 59))  # Saturday small hours
    assert not is_open_at(night_station, at(2026, 11, 28, 2, 0))
    assert not is_open_at(night_station, at(2026, 11, 27, 1, 0))  # Friday small hours


def test_a_holiday_closes_the_day(night_station: StationProfile) -> None:
    OpeningException.objects.create(station=night_station, date=date(2026, 11, 23), closed=True)
    assert not is_open_at(night_station, at(2026, 11, 23, 10, 0))


def test_special_hours_replace_the_rule(night_station: StationProfile) -> None:
    OpeningException.objects.create(
        station=night_station, date=date(2026, 11, 24), closed=False, opens=time(8), closes=time(9)
    )
    assert is_open_at(night_station, at(2026, 11, 24, 8, 30))  # a Tuesday, normally closed
    assert not is_open_at(night_station, at(2026, 11, 24, 10, 0))


def test_a_holiday_after_a_late_night_keeps_the_night(night_station: StationProfile) -> None:
    OpeningException.objects.create(station=night_station, date=date(2026, 11, 28), closed=True)
    assert is_open_at(night_station, at(2026, 11, 28, 1, 0))


def test_open_now_is_judged_in_the_network_time_zone(night_station: StationProfile) -> None:
    # 02:00 UTC on Monday is 10:00 in Shanghai: open.
    assert is_open_at(night_station, at(2026, 11, 23, 2, 0, tz=UTC))
    # 10:00 UTC on Monday is 18:00 in Shanghai: closed.
    assert not is_open_at(night_station, at(2026, 11, 23, 10, 0, tz=UTC))


def test_the_network_time_zone_is_a_setting(
    night_station: StationProfile, settings: pytest.FixtureRequest
) -> None:
    settings.NETWORK_TIME_ZONE = "UTC"  # type: ignore[attr-defined]
    assert is_open_at(night_station, at(2026, 11, 23, 10, 0, tz=UTC))


def test_a_24_hour_station_is_always_open(tree: dict[str, OrgUnit]) -> None:
    station = StationProfile.objects.get(unit=tree["station_b1"])
    assert is_open_at(station, at(2026, 11, 29, 3, 0))

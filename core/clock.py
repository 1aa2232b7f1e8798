"""The network's clock: its time zone, "today", the bounds of a day, local times.

Every "today" and every local date or time the network shows or judges by (opening hours,
office hours, follow-ups falling due, campaigns open on a day, reports expiring) is in
`settings.NETWORK_TIME_ZONE`, not in whatever time zone is active for the request.
`TIME_ZONE` and `CELERY_TIMEZONE` follow `NETWORK_TIME_ZONE` (config/settings.py), so
the two agree by default; this module is the one place that says which one is meant.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone


def network_tz() -> ZoneInfo:
    """The network's time zone (`NETWORK_TIME_ZONE`)."""
    return ZoneInfo(str(settings.NETWORK_TIME_ZONE))


def now_local() -> datetime:
    """Now, as an aware datetime in the network's time zone."""
    return timezone.now().astimezone(network_tz())


def today() -> date:
    """Today's date in the network's time zone."""
    return now_local().date()


def local(moment: datetime) -> datetime:
    """`moment` (aware) in the network's time zone."""
    return moment.astimezone(network_tz())


def local_date(moment: datetime) -> date:
    """The network's calendar day on which `moment` (aware) falls."""
    return local(moment).date()


def at(day: date, when: time = time(0)) -> datetime:
    """The aware datetime of `day` at wall-clock `when` in the network's time zone."""
    return datetime.combine(day, when, tzinfo=network_tz())


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """[start, end) of `day` in the network's time zone, as aware datetimes."""
    return at(day), at(day + timedelta(days=1))

"""Opening hours: open now, the hours of a day, a station's week and exceptions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from core import clock
from network.models import OpeningException, OpeningRule, StationProfile


@dataclass(frozen=True)
class Interval:
    start: datetime
    end: datetime


def _intervals_for_day(
    day: date,
    rules: Sequence[OpeningRule],
    exceptions: dict[date, OpeningException],
    tz: ZoneInfo,
) -> list[Interval]:
    """Opening intervals that start on `day` (an interval may run past midnight)."""

    def interval(opens: time, closes: time) -> Interval:
        start = datetime.combine(day, opens, tzinfo=tz)
        end_day = day if closes > opens else day + timedelta(days=1)
        return Interval(start, datetime.combine(end_day, closes, tzinfo=tz))

    exception = exceptions.get(day)
    if exception is not None:
        if exception.closed or exception.opens is None or exception.closes is None:
            return []
        return [interval(exception.opens, exception.closes)]
    return [interval(r.opens, r.closes) for r in rules if r.weekday == day.weekday()]


def is_open_at(station: StationProfile, moment: datetime) -> bool:
    """Open at `moment`, from the weekly rules and dated exceptions in the network's zone.

    Uses `station.opening_rules.all()` and `opening_exceptions.all()`, so a
    list prefetches them once (see stations_queryset).
    """
    if station.open_24h:
        return True
    tz = clock.network_tz()
    local = moment.astimezone(tz)
    rules = list(station.opening_rules.all())
    exceptions = {e.date: e for e in station.opening_exceptions.all()}
    # Yesterday's late hours may still be running after midnight.
    for day in (local.date() - timedelta(days=1), local.date()):
        for span in _intervals_for_day(day, rules, exceptions, tz):
            if span.start <= local < span.end:
                return True
    return False


def open_at_condition(moment: datetime) -> Q:
    """Stations open at `moment`, as a condition the database evaluates (is_open_at in SQL).

    Open around the clock; or today's hours hold the time (today's exception if
    it has one, else today's weekly rules); or yesterday's hours run past midnight
    and still hold it (yesterday's exception if any, else yesterday's rules).
    An interval [opens, closes) with closes <= opens runs into the next day.
    """
    local = moment.astimezone(clock.network_tz())
    today, now = local.date(), local.time()
    yesterday = today - timedelta(days=1)
    started = Q(opens__lte=now) & (Q(closes__gt=now) | Q(closes__lte=F("opens")))
    overnight = Q(closes__lte=F("opens"), closes__gt=now)

    def exception_on(day: date) -> QuerySet[OpeningException]:
        return OpeningException.objects.filter(station=OuterRef("pk"), date=day)

    def rules_on(day: date, hold: Q) -> Exists:
        rules = OpeningRule.objects.filter(hold, station=OuterRef("pk"), weekday=day.weekday())
        return Exists(rules)

    def by_exception(day: date, hold: Q) -> Exists:
        return Exists(exception_on(day).filter(hold, closed=False))

    return Q(
        Q(open_24h=True)
        | (~Exists(exception_on(today)) & rules_on(today, started))
        | by_exception(today, started)
        | (~Exists(exception_on(yesterday)) & rules_on(yesterday, overnight))
        | by_exception(yesterday, overnight)
    )


def hours_on(station: StationProfile, day: date) -> list[tuple[time, time]]:
    """Opening hours (opens, closes) on `day`: its dated exception if any, else the weekly rules.

    Reads only the prefetched rules and exceptions (see stations_queryset).
    """
    rules = list(station.opening_rules.all())
    exceptions = {e.date: e for e in station.opening_exceptions.all()}
    return [
        (span.start.time(), span.end.time())
        for span in _intervals_for_day(day, rules, exceptions, clock.network_tz())
    ]


def hours_by_weekday(station: StationProfile) -> list[tuple[int, list[OpeningRule]]]:
    rules = list(station.opening_rules.all())
    return [(weekday, [r for r in rules if r.weekday == weekday]) for weekday in range(7)]


def upcoming_exceptions(
    station: StationProfile, today: date, days: int = 60
) -> list[OpeningException]:
    return [
        e for e in station.opening_exceptions.all() if today <= e.date <= today + timedelta(days)
    ]

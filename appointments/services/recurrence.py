"""Pure slot arithmetic: which session times office hours give on which dates.

No database here: rules and exceptions come in as plain values, slot times
come out, so every case (nth weekday, leave, extra hours) is testable alone.
Times are wall-clock in the network's zone; Asia/Shanghai has no DST, and
zoneinfo handles zones that do.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class RuleSpec:
    key: int  # the rule's primary key, carried to the slots it makes
    weekday: int
    weeks_of_month: tuple[int, ...]  # empty: every week; -1: the last one
    start: time
    end: time
    slot_minutes: int
    buffer_minutes: int
    valid_from: date
    valid_until: date | None
    station_id: int
    mode: str
    room_id: int | None


@dataclass(frozen=True)
class ExceptionSpec:
    key: int
    day: date
    kind: str  # leave | holiday | extra
    start: time | None = None
    end: time | None = None
    slot_minutes: int = 50
    buffer_minutes: int = 10
    station_id: int | None = None
    mode: str = ""
    room_id: int | None = None


@dataclass(frozen=True)
class SlotTime:
    starts_at: datetime
    ends_at: datetime
    station_id: int
    mode: str
    room_id: int | None
    rule_key: int | None = None
    exception_key: int | None = None


def week_of_month(day: date) -> int:
    """1 for the first such weekday of the month, 2 for the second…"""
    return (day.day - 1) // 7 + 1


def is_last_of_month(day: date) -> bool:
    return day.day + 7 > calendar.monthrange(day.year, day.month)[1]


def rule_applies(rule: RuleSpec, day: date) -> bool:
    if day.weekday() != rule.weekday or day < rule.valid_from:
        return False
    if rule.valid_until is not None and day > rule.valid_until:
        return False
    if not rule.weeks_of_month:
        return True
    nth = week_of_month(day)
    return nth in rule.weeks_of_month or (-1 in rule.weeks_of_month and is_last_of_month(day))


def _split(
    day: date, start: time, end: time, slot_minutes: int, buffer_minutes: int, tz: ZoneInfo
) -> Iterator[tuple[datetime, datetime]]:
    cursor = datetime.combine(day, start, tzinfo=tz)
    stop = datetime.combine(day, end, tzinfo=tz)
    length = timedelta(minutes=slot_minutes)
    step = length + timedelta(minutes=buffer_minutes)
    while cursor + length <= stop:
        yield cursor, cursor + length
        cursor += step


def slot_times(
    rules: Iterable[RuleSpec],
    exceptions: Iterable[ExceptionSpec],
    first_day: date,
    last_day: date,
    tz: ZoneInfo,
) -> list[SlotTime]:
    """Every session time from `first_day` to `last_day` inclusive.

    Leave and holidays remove the rules' sessions of that day; extra hours add
    sessions. Sorted by start.
    """
    rules = list(rules)
    closed_days = {e.day for e in exceptions if e.kind in {"leave", "holiday"}}
    extras = [e for e in exceptions if e.kind == "extra"]
    out: list[SlotTime] = []
    day = first_day
    while day <= last_day:
        if day not in closed_days:
            for rule in rules:
                if rule_applies(rule, day):
                    out.extend(
                        SlotTime(s, e, rule.station_id, rule.mode, rule.room_id, rule_key=rule.key)
                        for s, e in _split(
                            day, rule.start, rule.end, rule.slot_minutes, rule.buffer_minutes, tz
                        )
                    )
        day += timedelta(days=1)
    for extra in extras:
        if first_day <= extra.day <= last_day and extra.start and extra.end and extra.station_id:
            out.extend(
                SlotTime(s, e, extra.station_id, extra.mode, extra.room_id, exception_key=extra.key)
                for s, e in _split(
                    extra.day, extra.start, extra.end, extra.slot_minutes, extra.buffer_minutes, tz
                )
            )
    out.sort(key=lambda slot: slot.starts_at)
    return out

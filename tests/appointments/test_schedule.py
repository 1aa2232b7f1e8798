"""Slot arithmetic: weekly and nth-weekday rules, leave, holidays, extra hours."""

from __future__ import annotations

from datetime import date, time
from zoneinfo import ZoneInfo

from appointments.services.recurrence import ExceptionSpec, RuleSpec, rule_applies, slot_times

SHANGHAI = ZoneInfo("Asia/Shanghai")


def rule(weekday: int = 1, weeks: tuple[int, ...] = (), **kw: object) -> RuleSpec:
    base = dict(
        key=1,
        weekday=weekday,
        weeks_of_month=weeks,
        start=time(9),
        end=time(12),
        slot_minutes=50,
        buffer_minutes=10,
        valid_from=date(2026, 1, 1),
        valid_until=None,
        station_id=7,
        mode="in_person",
        room_id=None,
    )
    base.update(kw)
    return RuleSpec(**base)  # type: ignore[arg-type]


def test_a_weekly_rule_makes_sessions_with_breaks() -> None:
    slots = slot_times([rule()], [], date(2026, 12, 1), date(2026, 12, 7), SHANGHAI)
    # Tuesday 1 December 2026: 09:00, 10:00, 11:00 (50 min + 10 min break), 11:00–11:50 fits.
    assert [s.starts_at.strftime("%m-%d %H:%M") for s in slots] == [
        "12-01 09:00",
        "12-01 10:00",
        "12-01 11:00",
    ]
    assert all((s.ends_at - s.starts_at).seconds == 50 * 60 for s in slots)
    assert slots[0].starts_at.utcoffset().total_seconds() == 8 * 3600  # type: ignore[union-attr]


def test_first_and_third_tuesday() -> None:
    r = rule(weeks=(1, 3))
    tuesdays = [date(2026, 12, d) for d in (1, 8, 15, 22, 29)]
    assert [rule_applies(r, d) for d in tuesdays] == [True, False, True, False, False]


def test_last_tuesday_of_the_month() -> None:
    r = rule(weeks=(-1,))
    assert rule_applies(r, date(2026, 12, 29))
    assert not rule_applies(r, date(2026, 12, 22))
    assert rule_applies(r, date(2027, 2, 23))  # February 2027 has four Tuesdays


def test_validity_dates_bound_the_rule() -> None:
    r = rule(valid_from=date(2026, 12, 5), valid_until=date(2026, 12, 20))
    assert not rule_applies(r, date(2026, 12, 1))
    assert rule_applies(r, date(2026, 12, 8))
    assert not rule_applies(r, date(2026, 12, 22))


def test_leave_removes_the_day_and_extra_hours_add_sessions() -> None:
    exceptions = [
        ExceptionSpec(key=1, day=date(2026, 12, 1), kind="leave"),
        ExceptionSpec(
            key=2,
            day=date(2026, 12, 3),
            kind="extra",
            start=time(14),
            end=time(16),
            station_id=9,
            mode="phone",
        ),
    ]
    slots = slot_times([rule()], exceptions, date(2026, 12, 1), date(2026, 12, 8), SHANGHAI)
    days = [(s.starts_at.day, s.starts_at.hour, s.mode) for s in slots]
    assert (1, 9, "in_person") not in days
    assert (3, 14, "phone") in days and (3, 15, "phone") in days
    assert (8, 9, "in_person") in days
    assert [s.exception_key for s in slots if s.starts_at.day == 3] == [2, 2]


def test_a_holiday_closes_every_rule_of_the_day() -> None:
    exceptions = [ExceptionSpec(key=1, day=date(2026, 12, 1), kind="holiday")]
    rules = [rule(), rule(key=2, start=time(14), end=time(17))]
    assert slot_times(rules, exceptions, date(2026, 12, 1), date(2026, 12, 1), SHANGHAI) == []

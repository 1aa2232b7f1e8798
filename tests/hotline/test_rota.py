"""The pure roster arithmetic: occurrences, midnight, cycles, gaps, night shifts."""

from __future__ import annotations

from datetime import date, time, timedelta

from hotline import rota
from tests.hotline.conftest import SHANGHAI, at

MONDAY = date(2026, 6, 8)
COVER = rota.Cover(operators=1, supervisors=1)
BOTH = ((1, rota.OPERATOR), (2, rota.SUPERVISOR))


def entry(weekday: int, starts: time, ends: time, **kw: object) -> rota.EntrySpec:
    values: dict[str, object] = {
        "key": weekday * 100 + starts.hour,
        "weekday": weekday,
        "week": 0,
        "cycle_weeks": 1,
        "anchor": MONDAY,
        "valid_from": MONDAY,
        "valid_until": None,
        "starts": starts,
        "ends": ends,
        "people": BOTH,
    }
    values.update(kw)
    return rota.EntrySpec(**values)  # type: ignore[arg-type]


def test_a_night_shift_crossing_midnight_ends_the_next_morning() -> None:
    start, end = rota.bounds(MONDAY, time(22), time(8), SHANGHAI)
    assert (start, end) == (at(2026, 6, 8, 22), at(2026, 6, 9, 8))
    assert rota.bounds(MONDAY, time(16), time(0), SHANGHAI)[1] == at(2026, 6, 9, 0)
    whole_start, whole_end = rota.bounds(MONDAY, time(0), time(0), SHANGHAI)
    assert whole_end - whole_start == timedelta(hours=24)


def test_a_two_week_cycle_runs_every_other_week() -> None:
    spec = entry(0, time(8), time(16), cycle_weeks=2, week=1)
    days = [o.day for o in rota.occurrences([spec], MONDAY, MONDAY + timedelta(days=27), SHANGHAI)]
    assert days == [MONDAY + timedelta(days=7), MONDAY + timedelta(days=21)]


def test_validity_bounds_the_occurrences() -> None:
    spec = entry(2, time(8), time(16), valid_until=MONDAY + timedelta(days=8))
    days = [o.day for o in rota.occurrences([spec], MONDAY, MONDAY + timedelta(days=20), SHANGHAI)]
    assert days == [date(2026, 6, 10)]


def test_a_week_of_day_evening_night_has_no_gap() -> None:
    entries = [
        entry(d, s, e)
        for d in range(7)
        for s, e in ((time(8), time(16)), (time(16), time(0)), (time(0), time(8)))
    ]
    shifts = rota.occurrences(
        entries, MONDAY - timedelta(days=1), MONDAY + timedelta(days=7), SHANGHAI
    )
    assert rota.gaps(shifts, at(2026, 6, 8), at(2026, 6, 15), COVER) == []


def test_a_missing_night_leaves_a_gap_from_midnight_to_eight() -> None:
    entries = [entry(d, time(8), time(0)) for d in range(7)]
    shifts = rota.occurrences(entries, MONDAY, MONDAY + timedelta(days=1), SHANGHAI)
    found = rota.gaps(shifts, at(2026, 6, 8, 8), at(2026, 6, 9, 16), COVER)
    assert [(g.starts_at, g.ends_at) for g in found] == [(at(2026, 6, 9, 0), at(2026, 6, 9, 8))]
    assert found[0].minutes == 480
    assert (found[0].missing_operators, found[0].missing_supervisors) == (1, 1)


def test_a_night_shift_from_sunday_covers_monday_morning() -> None:
    sunday_night = entry(6, time(22), time(8))
    monday_day = entry(0, time(8), time(22))
    shifts = rota.occurrences(
        [sunday_night, monday_day], MONDAY, MONDAY + timedelta(days=13), SHANGHAI
    )
    # Sunday 14 June 22:00 → Monday 15 June 08:00 → Monday day shift: no gap across the week.
    assert rota.gaps(shifts, at(2026, 6, 14, 22), at(2026, 6, 15, 22), COVER) == []
    # Without the Sunday night shift, the gap runs over the week boundary.
    alone = [s for s in shifts if s.entry_key == monday_day.key]
    found = rota.gaps(alone, at(2026, 6, 14, 20), at(2026, 6, 15, 12), COVER)
    assert [(g.starts_at, g.ends_at) for g in found] == [(at(2026, 6, 14, 20), at(2026, 6, 15, 8))]


def test_a_supervisor_missing_for_an_hour_is_a_gap_of_an_hour() -> None:
    ops = rota.ShiftTime(at(2026, 6, 8, 8), at(2026, 6, 8, 16), ((1, rota.OPERATOR),))
    sup = rota.ShiftTime(at(2026, 6, 8, 9), at(2026, 6, 8, 16), ((2, rota.SUPERVISOR),))
    found = rota.gaps([ops, sup], at(2026, 6, 8, 8), at(2026, 6, 8, 16), COVER)
    assert [
        (g.starts_at, g.ends_at, g.missing_operators, g.missing_supervisors) for g in found
    ] == [(at(2026, 6, 8, 8), at(2026, 6, 8, 9), 0, 1)]


def test_the_same_person_on_two_overlapping_shifts_counts_once() -> None:
    cover = rota.Cover(operators=2, supervisors=0)
    a = rota.ShiftTime(at(2026, 6, 8, 8), at(2026, 6, 8, 16), ((1, rota.OPERATOR),))
    b = rota.ShiftTime(at(2026, 6, 8, 12), at(2026, 6, 8, 20), ((1, rota.OPERATOR),))
    c = rota.ShiftTime(at(2026, 6, 8, 12), at(2026, 6, 8, 16), ((3, rota.OPERATOR),))
    found = rota.gaps([a, b, c], at(2026, 6, 8, 8), at(2026, 6, 8, 20), cover)
    assert [(g.starts_at.hour, g.ends_at.hour) for g in found] == [(8, 12), (16, 20)]


def test_a_cancelled_shift_leaves_its_hours_uncovered() -> None:
    shift = rota.ShiftTime(at(2026, 6, 8, 8), at(2026, 6, 8, 16), BOTH, cancelled=True)
    found = rota.gaps([shift], at(2026, 6, 8, 8), at(2026, 6, 8, 16), COVER)
    assert found[0].minutes == 480


def test_a_stored_shift_replaces_its_occurrence() -> None:
    spec = entry(0, time(8), time(16))
    occurrence = rota.occurrences([spec], MONDAY, MONDAY, SHANGHAI)[0]
    changed = rota.ShiftTime(
        occurrence.starts_at, occurrence.ends_at, (), entry_key=spec.key, day=MONDAY, shift_key=7
    )
    assert rota.merge([occurrence], [changed]) == [changed]
    assert changed.ref == "s7" and occurrence.ref == f"e{spec.key}-20260608"


def test_night_shifts_are_those_with_three_hours_of_night() -> None:
    night = (time(0), time(6))
    assert rota.is_night(at(2026, 6, 8, 22), at(2026, 6, 9, 8), *night, SHANGHAI)
    assert rota.is_night(at(2026, 6, 9, 0), at(2026, 6, 9, 8), *night, SHANGHAI)
    assert not rota.is_night(at(2026, 6, 8, 16), at(2026, 6, 9, 0), *night, SHANGHAI)
    assert not rota.is_night(at(2026, 6, 8, 18), at(2026, 6, 9, 2), *night, SHANGHAI)
    assert rota.is_night(at(2026, 6, 8, 20), at(2026, 6, 9, 4), time(22), time(6), SHANGHAI)

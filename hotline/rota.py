"""Pure roster arithmetic: pattern occurrences, cover, gaps and night shifts.

No database here: patterns and shifts come in as plain values, so midnight, week and
cycle boundaries are testable alone. Wall-clock times are turned into aware datetimes
in the zone given (the network's, from core.clock); Asia/Shanghai has no daylight
saving, and zoneinfo handles zones that do. All comparisons are between aware
datetimes, so a night shift crossing midnight or a Sunday→Monday boundary is one
interval like any other.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

OPERATOR = "operator"
SUPERVISOR = "supervisor"
# A shift is a night shift when at least this much of it falls in the line's night.
NIGHT_MIN_OVERLAP = timedelta(hours=3)


@dataclass(frozen=True)
class EntrySpec:
    """One pattern shift with its pattern's cycle and validity."""

    key: int
    weekday: int
    week: int
    cycle_weeks: int
    anchor: date
    valid_from: date
    valid_until: date | None
    starts: time
    ends: time
    label: str = ""
    people: tuple[tuple[int, str], ...] = ()  # (user id, duty)


@dataclass(frozen=True)
class ShiftTime:
    """A shift on the roster: a pattern occurrence or a stored one-off shift."""

    starts_at: datetime
    ends_at: datetime
    people: tuple[tuple[int, str], ...] = ()
    label: str = ""
    entry_key: int | None = None
    day: date | None = None  # the pattern's day (for an occurrence or a changed one)
    shift_key: int | None = None  # the stored Shift, if any
    cancelled: bool = False

    @property
    def ref(self) -> str:
        """A stable reference: "s<shift id>" or "e<entry id>-<yyyymmdd>"."""
        if self.shift_key is not None:
            return f"s{self.shift_key}"
        assert self.entry_key is not None and self.day is not None
        return f"e{self.entry_key}-{self.day:%Y%m%d}"

    def user_ids(self, duty: str | None = None) -> set[int]:
        return {uid for uid, d in self.people if duty is None or d == duty}

    def overlaps(self, start: datetime, end: datetime) -> bool:
        return self.starts_at < end and start < self.ends_at


@dataclass(frozen=True)
class Gap:
    """[starts_at, ends_at) below the minimum cover, with the cover there was."""

    starts_at: datetime
    ends_at: datetime
    operators: int
    supervisors: int
    missing_operators: int
    missing_supervisors: int

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


@dataclass(frozen=True)
class Cover:
    """The minimum cover a line asks for at every minute."""

    operators: int = 1
    supervisors: int = 1


def bounds(day: date, starts: time, ends: time, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The aware [start, end) of a shift beginning on `day`; an end not after the start
    is on the next day (22:00–08:00, 16:00–00:00, 00:00–00:00 is 24 hours)."""
    start = datetime.combine(day, starts, tzinfo=tz)
    end_day = day if ends > starts else day + timedelta(days=1)
    return start, datetime.combine(end_day, ends, tzinfo=tz)


def entry_applies(entry: EntrySpec, day: date) -> bool:
    if day.weekday() != entry.weekday or day < entry.valid_from:
        return False
    if entry.valid_until is not None and day > entry.valid_until:
        return False
    weeks_since = (day - entry.anchor).days // 7
    return weeks_since % entry.cycle_weeks == entry.week


def occurrences(
    entries: Iterable[EntrySpec], first_day: date, last_day: date, tz: ZoneInfo
) -> list[ShiftTime]:
    """Every pattern shift beginning from `first_day` to `last_day` inclusive."""
    entries = list(entries)
    out: list[ShiftTime] = []
    day = first_day
    while day <= last_day:
        for entry in entries:
            if entry_applies(entry, day):
                start, end = bounds(day, entry.starts, entry.ends, tz)
                out.append(ShiftTime(start, end, entry.people, entry.label, entry.key, day))
        day += timedelta(days=1)
    return out


def merge(pattern: Iterable[ShiftTime], stored: Iterable[ShiftTime]) -> list[ShiftTime]:
    """The roster: stored shifts replace the occurrences they were made from; by start."""
    stored = list(stored)
    replaced = {(s.entry_key, s.day) for s in stored if s.entry_key is not None}
    kept = [p for p in pattern if (p.entry_key, p.day) not in replaced]
    return sorted([*kept, *stored], key=lambda s: (s.starts_at, s.ends_at, s.label))


def gaps(shifts: Sequence[ShiftTime], start: datetime, end: datetime, cover: Cover) -> list[Gap]:
    """Every stretch of [start, end) with fewer distinct operators or supervisors on
    duty than `cover` asks for; cancelled shifts count for nothing."""
    live = [s for s in shifts if not s.cancelled and s.overlaps(start, end)]
    points = {start, end}
    for shift in live:
        points.update(p for p in (shift.starts_at, shift.ends_at) if start < p < end)
    edges = sorted(points)
    found: list[Gap] = []
    for left, right in pairwise(edges):
        on = [s for s in live if s.starts_at <= left and right <= s.ends_at]
        ops = len(set().union(*(s.user_ids(OPERATOR) for s in on)))
        sups = len(set().union(*(s.user_ids(SUPERVISOR) for s in on)))
        if ops >= cover.operators and sups >= cover.supervisors:
            continue
        missing_ops = max(cover.operators - ops, 0)
        missing_sups = max(cover.supervisors - sups, 0)
        last = found[-1] if found else None
        if last and last.ends_at == left and (last.operators, last.supervisors) == (ops, sups):
            found[-1] = Gap(last.starts_at, right, ops, sups, missing_ops, missing_sups)
        else:
            found.append(Gap(left, right, ops, sups, missing_ops, missing_sups))
    return found


def night_overlap(
    start: datetime, end: datetime, night_starts: time, night_ends: time, tz: ZoneInfo
) -> timedelta:
    """How much of [start, end) falls in the nights (night_starts–night_ends, each day)."""
    total = timedelta()
    day = start.astimezone(tz).date() - timedelta(days=1)
    last = end.astimezone(tz).date()
    while day <= last:
        n_start, n_end = bounds(day, night_starts, night_ends, tz)
        overlap = min(end, n_end) - max(start, n_start)
        if overlap > timedelta():
            total += overlap
        day += timedelta(days=1)
    return total


def is_night(
    start: datetime, end: datetime, night_starts: time, night_ends: time, tz: ZoneInfo
) -> bool:
    return night_overlap(start, end, night_starts, night_ends, tz) >= NIGHT_MIN_OVERLAP

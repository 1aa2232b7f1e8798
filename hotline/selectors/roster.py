"""The roster as it stands: pattern occurrences merged with stored shifts, cover and gaps.

Reading a window costs a fixed number of queries whatever its size: the line's pattern
shifts with their people, the stored shifts overlapping the window with theirs, and
the people named (see tests/hotline/test_query_budgets.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Q

from accounts.models import User
from core import clock
from core.errors import NotFound
from hotline import rota
from hotline.models import Line, PatternAssignment, PatternEntry, Shift
from hotline.selectors.lines import may_view
from network.access import Viewer

ROSTER_DAYS = 28


def entry_specs(line: Line) -> list[rota.EntrySpec]:
    """The line's active pattern shifts, read as plain values (two queries, no models:
    building model instances was most of the cost of a roster read)."""
    live = {"pattern__line": line, "pattern__is_active": True}
    people: defaultdict[int, list[tuple[int, str]]] = defaultdict(list)
    for entry_id, user_id, duty in PatternAssignment.objects.filter(
        **{f"entry__{k}": v for k, v in live.items()}
    ).values_list("entry_id", "user_id", "duty"):
        people[entry_id].append((user_id, duty))
    rows = PatternEntry.objects.filter(**live).values_list(
        "pk",
        "weekday",
        "week",
        "pattern__cycle_weeks",
        "pattern__anchor",
        "pattern__valid_from",
        "pattern__valid_until",
        "template__starts",
        "template__ends",
        "template__name",
    )
    return [
        rota.EntrySpec(
            key=key,
            weekday=weekday,
            week=week,
            cycle_weeks=cycle,
            anchor=anchor,
            valid_from=valid_from,
            valid_until=valid_until,
            starts=starts,
            ends=ends,
            label=label,
            people=tuple(sorted(people[key])),
        )
        for key, weekday, week, cycle, anchor, valid_from, valid_until, starts, ends, label in rows
    ]


def shift_time(shift: Shift) -> rota.ShiftTime:
    return rota.ShiftTime(
        starts_at=shift.starts_at,
        ends_at=shift.ends_at,
        people=tuple(sorted((p.user_id, p.duty) for p in shift.people.all())),
        label=shift.label,
        entry_key=shift.entry_id,
        day=shift.occurrence_day,
        shift_key=shift.pk,
        cancelled=shift.cancelled,
    )


def roster_shifts(line: Line, start: datetime, end: datetime) -> list[rota.ShiftTime]:
    """Every shift of `line` overlapping [start, end), cancelled ones included, by start.

    No viewer: the on-duty look-up of background jobs reads it too; pages go
    through `roster_weeks`, which checks the viewer.
    """
    tz = clock.network_tz()
    first = clock.local_date(start) - timedelta(days=1)  # yesterday's night shift
    last = clock.local_date(end)
    pattern = rota.occurrences(entry_specs(line), first, last, tz)
    # The pattern's occurrences that moved out of the window are still replaced.
    stored_q = Q(starts_at__lt=end, ends_at__gt=start) | Q(
        occurrence_day__gte=first, occurrence_day__lte=last
    )
    stored = [
        shift_time(s) for s in Shift.objects.filter(stored_q, line=line).prefetch_related("people")
    ]
    return [s for s in rota.merge(pattern, stored) if s.overlaps(start, end)]


def cover_of(line: Line) -> rota.Cover:
    return rota.Cover(operators=line.min_operators, supervisors=line.min_supervisors)


def people_by_id(shifts: Iterable[rota.ShiftTime]) -> dict[int, User]:
    ids = {uid for shift in shifts for uid in shift.user_ids()}
    return {u.pk: u for u in User.objects.filter(pk__in=ids)} if ids else {}


@dataclass(frozen=True)
class ShiftRow:
    """One shift as a page shows it."""

    shift: rota.ShiftTime
    operators: list[User]
    supervisors: list[User]
    covered: bool
    night: bool


@dataclass(frozen=True)
class RosterDay:
    day: date
    shifts: list[ShiftRow]
    gaps: list[rota.Gap]

    @property
    def starts_week(self) -> bool:
        return self.day.weekday() == 0


@dataclass(frozen=True)
class Roster:
    line: Line
    first_day: date
    days: list[RosterDay]
    gaps: list[rota.Gap]


def shift_row(line: Line, shift: rota.ShiftTime, people: dict[int, User]) -> ShiftRow:
    tz = clock.network_tz()

    def named(duty: str) -> list[User]:
        return [people[uid] for uid, d in shift.people if d == duty and uid in people]

    operators, supervisors = named(rota.OPERATOR), named(rota.SUPERVISOR)
    covered = not shift.cancelled and (
        len(operators) >= line.min_operators and len(supervisors) >= line.min_supervisors
    )
    night = rota.is_night(shift.starts_at, shift.ends_at, line.night_starts, line.night_ends, tz)
    return ShiftRow(shift, operators, supervisors, covered, night)


def _split_by_day(gaps: Sequence[rota.Gap], day: date) -> list[rota.Gap]:
    """The parts of `gaps` falling on `day` (a gap over midnight shows on both days)."""
    start, end = clock.day_bounds(day)
    return [
        rota.Gap(
            max(g.starts_at, start),
            min(g.ends_at, end),
            g.operators,
            g.supervisors,
            g.missing_operators,
            g.missing_supervisors,
        )
        for g in gaps
        if g.starts_at < end and start < g.ends_at
    ]


def roster_weeks(
    *, viewer: Viewer, line: Line, first_day: date | None = None, days: int = ROSTER_DAYS
) -> Roster:
    """`days` days of the roster from `first_day` (today), each with its shifts and gaps.

    Gaps count from now on: the past of today is not a gap any more.
    """
    if not may_view(viewer, line):
        raise NotFound()
    first_day = first_day or clock.today()
    start, _ = clock.day_bounds(first_day)
    end, _ = clock.day_bounds(first_day + timedelta(days=days))
    shifts = roster_shifts(line, start, end)
    people = people_by_id(shifts)
    found = rota.gaps(shifts, max(start, clock.now_local()), end, cover_of(line))
    out: list[RosterDay] = []
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        rows = [shift_row(line, s, people) for s in shifts if clock.local_date(s.starts_at) == day]
        out.append(RosterDay(day, rows, _split_by_day(found, day)))
    return Roster(line, first_day, out, found)


def gaps_ahead(*, viewer: Viewer, line: Line, days: int = ROSTER_DAYS) -> list[rota.Gap]:
    """Gaps from now to the end of the roster's four weeks."""
    return roster_weeks(viewer=viewer, line=line, days=days).gaps


def person_shifts(line: Line, user: User, start: datetime, end: datetime) -> list[rota.ShiftTime]:
    """`user`'s live shifts of `line` overlapping [start, end)."""
    return [
        s for s in roster_shifts(line, start, end) if not s.cancelled and user.pk in s.user_ids()
    ]

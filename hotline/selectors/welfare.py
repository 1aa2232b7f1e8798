"""Welfare per person over the last 30 days: night shifts, crisis calls, warnings.

Night shifts are read from the roster (a shift with at least three hours in the line's
night). Crisis calls are counted from `WelfareEvent` rows, which the call log will
write; until it exists the column stays at zero and only night shifts can warn.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count

from accounts.models import User
from core import clock
from core.errors import NotFound
from hotline import rota
from hotline.models import Line, WelfareEvent, WelfareEventKind
from hotline.selectors.lines import may_supervise
from hotline.selectors.roster import people_by_id, roster_shifts
from network.access import Viewer

WINDOW = timedelta(days=30)


@dataclass(frozen=True)
class WelfareRow:
    person: User
    night_shifts: int
    crisis_calls: int
    over_limit: bool


def welfare_rows(*, viewer: Viewer, line: Line) -> list[WelfareRow]:
    """Everyone with a night shift or a crisis call on `line` in the last 30 days,
    most night shifts first; `over_limit` past the line's `night_shift_limit`."""
    if not may_supervise(viewer, line):
        raise NotFound()
    now = clock.now_local()
    start = now - WINDOW
    tz = clock.network_tz()
    nights: Counter[int] = Counter()
    shifts = [
        s for s in roster_shifts(line, start, now) if not s.cancelled and start <= s.starts_at < now
    ]
    for shift in shifts:
        if rota.is_night(shift.starts_at, shift.ends_at, line.night_starts, line.night_ends, tz):
            nights.update(shift.user_ids())
    crisis = Counter(
        {
            row["person_id"]: row["n"]
            for row in WelfareEvent.objects.filter(
                line=line, kind=WelfareEventKind.CRISIS_CALL, occurred_at__gte=start
            )
            .values("person_id")
            .annotate(n=Count("id"))
        }
    )
    ids = set(nights) | set(crisis)
    people = {u.pk: u for u in people_by_id(shifts).values()}
    missing = ids - set(people)
    if missing:
        people.update({u.pk: u for u in User.objects.filter(pk__in=missing)})
    rows = [
        WelfareRow(people[uid], nights[uid], crisis[uid], nights[uid] > line.night_shift_limit)
        for uid in ids
        if uid in people
    ]
    return sorted(rows, key=lambda r: (-r.night_shifts, -r.crisis_calls, r.person.pk))

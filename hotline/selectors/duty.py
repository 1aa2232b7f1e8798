"""Who is on duty at a moment: the public look-up the crisis path and call-backs use."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from accounts.models import User
from core import clock
from hotline import rota
from hotline.models import Line
from hotline.selectors.lines import line_for_unit
from hotline.selectors.roster import people_by_id, roster_shifts
from network.models import OrgUnit

MOMENT = timedelta(microseconds=1)


@dataclass(frozen=True)
class OnDuty:
    """The operators and supervisors on duty on `line` at `moment`.

    When no supervisor is on duty, `fallback` is the line's lead (if it has an active
    one): the person to alert instead. `alert_to` is whom a crisis reaches first.
    """

    line: Line
    moment: datetime
    operators: list[User] = field(default_factory=list)
    supervisors: list[User] = field(default_factory=list)
    fallback: User | None = None

    @property
    def nobody(self) -> bool:
        return not self.operators and not self.supervisors

    @property
    def alert_to(self) -> list[User]:
        if self.supervisors:
            return list(self.supervisors)
        return [self.fallback] if self.fallback is not None else []


def on_duty(*, line: Line, moment: datetime | None = None) -> OnDuty:
    """Who is on duty on `line` at `moment` (now): a shift covers [start, end).

    No viewer: background jobs call it to know whom to alert; it names people, never
    anything they said or did.
    """
    moment = moment or clock.now_local()
    on = [
        s
        for s in roster_shifts(line, moment, moment + MOMENT)
        if not s.cancelled and s.starts_at <= moment < s.ends_at
    ]
    people = people_by_id(on)

    def duty(name: str) -> list[User]:
        ids = sorted({uid for s in on for uid in s.user_ids(name)})
        found = [people[uid] for uid in ids if uid in people and people[uid].is_active]
        return sorted(found, key=lambda u: (u.last_name, u.first_name, u.pk))

    supervisors = duty(rota.SUPERVISOR)
    lead = line.lead if line.lead is not None and line.lead.is_active else None
    return OnDuty(
        line=line,
        moment=moment,
        operators=duty(rota.OPERATOR),
        supervisors=supervisors,
        fallback=None if supervisors else lead,
    )


def on_duty_for_unit(*, unit: OrgUnit, moment: datetime | None = None) -> OnDuty | None:
    """`on_duty` of the line serving `unit` (its own or its nearest ancestor's)."""
    line = line_for_unit(unit)
    return None if line is None else on_duty(line=line, moment=moment)

"""The roster from the database: four weeks of gaps, overrides, on duty now."""

from __future__ import annotations

from datetime import time

import pytest

from accounts.models import User
from core.errors import DomainError
from hotline import selectors, services
from hotline.errors import ErrorCode
from hotline.models import Duty, Line, Shift
from network.models import AuditEntry, OrgUnit
from tests.hotline.conftest import Weekly, at

pytestmark = pytest.mark.django_db


def occurrence_ref(line: Line, day_at: tuple[int, int, int], hour: int) -> str:
    start = at(*day_at, hour)
    shifts = selectors.roster_shifts(line, start, at(*day_at, 23, 59))
    return next(s.ref for s in shifts if s.starts_at == start)


def test_a_covered_week_has_no_gaps_in_four_weeks(
    full_week: None, line: Line, supervisor: User, frozen
) -> None:
    for moment in (at(2026, 6, 10, 8, 45), at(2026, 6, 10, 23, 30)):
        with frozen(moment):
            roster = selectors.roster_weeks(viewer=supervisor, line=line)
        assert roster.gaps == []
        assert len(roster.days) == 28
        assert all(row.covered for day in roster.days for row in day.shifts)


def test_a_missing_night_is_a_gap_after_midnight_at_23_30(
    weekly: Weekly, line: Line, operator: User, supervisor: User, frozen
) -> None:
    people = [(operator, Duty.OPERATOR), (supervisor, Duty.SUPERVISOR)]
    weekly(time(8), time(0), people)  # 08:00–24:00 every day; nobody at night
    with frozen(at(2026, 6, 10, 23, 30)):
        gaps = selectors.gaps_ahead(viewer=supervisor, line=line)
    assert (gaps[0].starts_at, gaps[0].ends_at) == (at(2026, 6, 11, 0), at(2026, 6, 11, 8))
    # Every night of the four weeks (10 June to 7 July): 27 nights after today's.
    assert len(gaps) == 27
    assert (gaps[-1].starts_at, gaps[-1].ends_at) == (at(2026, 7, 7, 0), at(2026, 7, 7, 8))


def test_the_past_of_today_is_not_a_gap(
    weekly: Weekly, line: Line, operator: User, supervisor: User, frozen
) -> None:
    weekly(time(8), time(8), [(operator, Duty.OPERATOR), (supervisor, Duty.SUPERVISOR)])
    with frozen(at(2026, 6, 10, 8, 45)):
        roster = selectors.roster_weeks(viewer=supervisor, line=line)
    # 24-hour shifts from 08:00: the night before 08:00 today was yesterday's, covered.
    assert roster.gaps == []


def test_a_sunday_night_gap_runs_into_monday(
    weekly: Weekly, line: Line, operator: User, supervisor: User, frozen
) -> None:
    people = [(operator, Duty.OPERATOR), (supervisor, Duty.SUPERVISOR)]
    weekly(time(8), time(22), people)
    weekly(time(22), time(8), people, weekdays=range(6))  # no night from Sunday to Monday
    with frozen(at(2026, 6, 10, 8, 45)):
        roster = selectors.roster_weeks(viewer=supervisor, line=line)
    first = roster.gaps[0]
    assert (first.starts_at, first.ends_at) == (at(2026, 6, 14, 22), at(2026, 6, 15, 8))
    sunday = next(d for d in roster.days if d.day.isoformat() == "2026-06-14")
    monday = next(d for d in roster.days if d.day.isoformat() == "2026-06-15")
    assert [(g.starts_at, g.ends_at) for g in sunday.gaps] == [
        (at(2026, 6, 14, 22), at(2026, 6, 15))
    ]
    assert [(g.starts_at, g.ends_at) for g in monday.gaps] == [
        (at(2026, 6, 15), at(2026, 6, 15, 8))
    ]


def test_a_shift_without_a_supervisor_is_not_covered(
    weekly: Weekly, line: Line, operator: User, supervisor: User, frozen
) -> None:
    weekly(time(0), time(0), [(operator, Duty.OPERATOR)])
    with frozen(at(2026, 6, 10, 8, 45)):
        roster = selectors.roster_weeks(viewer=supervisor, line=line)
    assert not roster.days[0].shifts[0].covered
    assert roster.gaps[0].missing_supervisors == 1 and roster.gaps[0].missing_operators == 0


def test_the_minimums_are_the_lines_settings(
    full_week: None, line: Line, supervisor: User, frozen
) -> None:
    line.min_operators = 2
    line.save()
    with frozen(at(2026, 6, 10, 8, 45)):
        gaps = selectors.gaps_ahead(viewer=supervisor, line=line)
    assert gaps and all(g.missing_operators == 1 for g in gaps)


def test_a_cancelled_occurrence_becomes_a_gap_and_is_audited(
    full_week: None, line: Line, supervisor: User, frozen
) -> None:
    with frozen(at(2026, 6, 10, 8, 45)):
        ref = occurrence_ref(line, (2026, 6, 12), 0)
        services.shift_cancel(actor=supervisor, line=line, ref=ref, note="培训")
        gaps = selectors.gaps_ahead(viewer=supervisor, line=line)
    assert [(g.starts_at, g.ends_at) for g in gaps] == [(at(2026, 6, 12, 0), at(2026, 6, 12, 8))]
    shift = Shift.objects.get()
    assert shift.cancelled and shift.occurrence_day.isoformat() == "2026-06-12"
    assert AuditEntry.objects.filter(
        action="hotline.shift.cancelled", target_id=str(shift.pk)
    ).exists()


def test_an_extra_shift_fills_a_gap(
    weekly: Weekly, line: Line, operator: User, operator2: User, supervisor: User, frozen
) -> None:
    weekly(time(8), time(0), [(operator, Duty.OPERATOR), (supervisor, Duty.SUPERVISOR)])
    with frozen(at(2026, 6, 10, 8, 45)):
        services.shift_add_extra(
            actor=supervisor,
            line=line,
            starts_at=at(2026, 6, 11, 0),
            ends_at=at(2026, 6, 11, 8),
            people=[(operator2, Duty.OPERATOR), (supervisor, Duty.SUPERVISOR)],
        )
        gaps = selectors.gaps_ahead(viewer=supervisor, line=line)
    assert gaps[0].starts_at == at(2026, 6, 12, 0)


def test_a_replaced_person_works_that_shift_only(
    full_week: None,
    line: Line,
    operator: User,
    operator2: User,
    supervisor: User,
    frozen,
    tree: dict[str, OrgUnit],
) -> None:
    from network.models import Role
    from tests.network import factories

    spare = factories.staff("spare@example.com", Role.HOTLINE_OPERATOR, tree["centre"])
    with frozen(at(2026, 6, 10, 8, 45)):
        ref = occurrence_ref(line, (2026, 6, 11), 8)
        services.shift_person_replace(
            actor=supervisor, line=line, ref=ref, replaced=operator, by=spare
        )
        on_thursday = services.on_duty(line=line, moment=at(2026, 6, 11, 9))
        on_friday = services.on_duty(line=line, moment=at(2026, 6, 12, 9))
    assert on_thursday.operators == [spare]
    assert on_friday.operators == [operator]
    assert AuditEntry.objects.filter(action="hotline.shift.person_replaced").count() == 1


def test_replacing_with_someone_on_an_overlapping_shift_is_refused(
    full_week: None, line: Line, operator: User, operator2: User, supervisor: User, frozen
) -> None:
    with frozen(at(2026, 6, 10, 8, 45)):
        ref = occurrence_ref(line, (2026, 6, 11), 16)  # operator2's evening
        services.shift_add_extra(
            actor=supervisor,
            line=line,
            starts_at=at(2026, 6, 11, 18),
            ends_at=at(2026, 6, 11, 20),
            people=[(operator, Duty.OPERATOR)],
        )
        with pytest.raises(DomainError) as refused:
            services.shift_person_replace(
                actor=supervisor, line=line, ref=ref, replaced=operator2, by=operator
            )
    assert refused.value.code == ErrorCode.COLLEAGUE_BUSY
    assert "already on a shift" in str(refused.value.message)


def test_a_past_shift_cannot_be_cancelled(
    full_week: None, line: Line, supervisor: User, frozen
) -> None:
    with frozen(at(2026, 6, 10, 8, 45)):
        ref = occurrence_ref(line, (2026, 6, 10), 8)
        with pytest.raises(DomainError) as refused:
            services.shift_cancel(actor=supervisor, line=line, ref=ref)
    assert refused.value.code == ErrorCode.SHIFT_IN_PAST
    assert not Shift.objects.filter(cancelled=True).exists()

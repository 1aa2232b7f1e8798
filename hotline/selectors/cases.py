"""Who sees hotline cases, and what.

The line's operators and supervisors (Perm.HOTLINE_OPERATE on the line's unit) see a
case with its narratives (concern, notes, referral feedback); every such read is
audit-logged (`case_read`). Analysts see counts only (`case_counts`). Anyone else gets
"not found", so a case's existence never leaks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from core import closed_loop
from core.errors import NotFound, PermissionDenied
from hotline.models import Call, CaseStatus, HotlineCase, NextStep, Referral
from hotline.selectors.lines import may_supervise, may_view
from network import access, audit
from network.access import Perm, Viewer


def case_get(*, viewer: Viewer, public_id: UUID | str) -> HotlineCase:
    """The case for a staff page (no narrative read is recorded: see `case_read`)."""
    case = (
        HotlineCase.objects.select_related("line__unit", "owner")
        .filter(public_id=public_id)
        .first()
    )
    if case is None or not may_view(viewer, case.line):
        raise NotFound()
    return case


def case_read(*, viewer: User, case: HotlineCase) -> HotlineCase:
    """Record that `viewer` reads the case's narratives (the case detail page)."""
    if not may_view(viewer, case.line):
        raise NotFound()
    audit.record(
        actor=viewer,
        action="hotline.case.viewed",
        target=case,
        unit=case.line.unit,
        details={"case": str(case.public_id)},
    )
    return case


def require_operator(viewer: Viewer, case: HotlineCase) -> None:
    if not may_view(viewer, case.line):
        raise NotFound()


def require_supervisor(viewer: Viewer, case: HotlineCase) -> None:
    require_operator(viewer, case)
    if not may_supervise(viewer, case.line):
        raise PermissionDenied()


@dataclass(frozen=True)
class DueCase:
    case: HotlineCase
    next_due_at: datetime | None
    overdue: bool


def my_open_cases(*, viewer: User, line_ids: list[int] | None = None) -> list[DueCase]:
    """The viewer's open cases, soonest next step first (the operator's screen)."""
    qs = HotlineCase.objects.filter(owner=viewer).exclude(status=CaseStatus.CLOSED)
    if line_ids is not None:
        qs = qs.filter(line_id__in=line_ids)
    now = timezone.now()
    due: dict[int, datetime] = {}
    for case_id, due_at in (
        NextStep.objects.filter(case__in=qs, done_at__isnull=True)
        .order_by("due_at")
        .values_list("case_id", "due_at")
    ):
        due.setdefault(case_id, due_at)
    rows = [
        DueCase(case=c, next_due_at=due.get(c.pk), overdue=due.get(c.pk, now) < now)
        for c in qs.select_related("line")
    ]
    return sorted(rows, key=lambda r: (r.next_due_at is None, r.next_due_at or now))


def overdue_steps(*, now: datetime | None = None) -> QuerySet[NextStep]:
    """Open next steps of open cases past their due time, not flagged yet (the job)."""
    qs = NextStep.objects.filter(done_at__isnull=True, overdue_flagged_at__isnull=True)
    return closed_loop.overdue(
        qs.exclude(case__status=CaseStatus.CLOSED), due_field="due_at", today=now or timezone.now()
    )


def case_timeline(case: HotlineCase) -> list[tuple[datetime, str, object]]:
    """Calls, steps and referrals of a case by time (for the case page, after case_read)."""
    events: list[tuple[datetime, str, object]] = [(case.created_at, "opened", case)]
    events += [(c.started_at, "call", c) for c in case.calls.all()]
    events += [(s.created_at, "step", s) for s in case.steps.select_related("referral")]
    events += [(r.created_at, "referral", r) for r in case.referrals.all()]
    return sorted(events, key=lambda e: e[0])


def may_see_counts(viewer: Viewer) -> bool:
    return any(access.holds_anywhere(viewer, p) for p in COUNT_PERMS)


# Analysts hold VIEW_COVERAGE (aggregates); the hotline's own staff count their lines.
COUNT_PERMS = (Perm.VIEW_COVERAGE, Perm.HOTLINE_OPERATE)


def count_scope_q(viewer: Viewer, field: str) -> Q:
    """A Q over `field` (a line's unit path) limiting counts to the lines the viewer
    reaches with any of COUNT_PERMS (analysts' aggregates, the line's own staff)."""
    scope = Q(pk__in=[])
    for perm in COUNT_PERMS:
        if access.reach_prefixes(viewer, perm) is None:
            return Q()
        scope |= access.scope_q(viewer, perm, field=field)
    return scope


def case_counts(*, viewer: Viewer) -> dict[str, int]:
    """Cases by status on the lines in the viewer's reach: no narrative, no person."""
    if not may_see_counts(viewer):
        raise NotFound()
    rows = (
        HotlineCase.objects.filter(count_scope_q(viewer, "line__unit__path"))
        .values("status")
        .annotate(n=Count("pk"))
    )
    counts = {row["status"]: row["n"] for row in rows}
    return {status: counts.get(status, 0) for status in CaseStatus.values}


def step_of(case: HotlineCase, step_id: int) -> NextStep:
    step = case.steps.filter(pk=step_id).first()
    if step is None:
        raise NotFound()
    return step


def referral_of(case: HotlineCase, referral_id: int) -> Referral:
    referral = case.referrals.filter(pk=referral_id).first()
    if referral is None:
        raise NotFound()
    return referral


def call_of_line(*, viewer: Viewer, line_id: int, public_id: UUID | str) -> Call:
    call = (
        Call.objects.select_related("line__unit")
        .filter(public_id=public_id, line_id=line_id)
        .first()
    )
    if call is None or not may_view(viewer, call.line):
        raise NotFound()
    return call

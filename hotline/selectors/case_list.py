"""The supervisor's list of all the line's open cases: owner, age, next step due and the
overdue flag, filtered by owner and overdue. Two queries whatever the data; no narrative."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from core.errors import NotFound
from hotline.models import CaseStatus, HotlineCase, Line, NextStep
from hotline.selectors.lines import may_supervise
from network.access import Viewer

SHOWN = 200


@dataclass(frozen=True)
class CaseRow:
    case: HotlineCase
    age_days: int
    next_due_at: datetime | None
    overdue: bool


def line_open_cases(
    *, viewer: Viewer, line: Line, owner_id: int | None = None, overdue_only: bool = False
) -> list[CaseRow]:
    """Open cases of the line, soonest (or most overdue) next step first."""
    if not may_supervise(viewer, line):
        raise NotFound()
    qs = HotlineCase.objects.filter(line=line).exclude(status=CaseStatus.CLOSED)
    if owner_id is not None:
        qs = qs.filter(owner_id=owner_id)
    now = timezone.now()
    if overdue_only:
        late = NextStep.objects.filter(done_at__isnull=True, due_at__lt=now).values("case_id")
        qs = qs.filter(pk__in=late)
    cases = list(qs.select_related("owner").order_by("created_at")[:SHOWN])
    due: dict[int, datetime] = {}
    for case_id, due_at in (
        NextStep.objects.filter(case__in=[c.pk for c in cases], done_at__isnull=True)
        .order_by("due_at")
        .values_list("case_id", "due_at")
    ):
        due.setdefault(case_id, due_at)
    rows = [
        CaseRow(
            case=c,
            age_days=(now - c.created_at).days,
            next_due_at=due.get(c.pk),
            overdue=due.get(c.pk, now) < now,
        )
        for c in cases
    ]
    return sorted(rows, key=lambda r: (r.next_due_at is None, r.next_due_at or now))

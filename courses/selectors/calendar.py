"""An expert's calendar: their coming lectures and the days they have blocked."""

from __future__ import annotations

from dataclasses import dataclass

from core import clock
from courses.models import BlockedDay, Expert, Lecture, LectureStatus
from network.access import Viewer


@dataclass(frozen=True)
class ExpertCalendar:
    expert: Expert
    lectures: list[Lecture]  # planned (awaiting the expert's answer) and scheduled
    blocked: list[BlockedDay]


def expert_calendar(viewer: Viewer) -> ExpertCalendar | None:
    """The viewer's own calendar from today on; None unless the viewer is an expert."""
    if viewer is None or not viewer.is_authenticated:
        return None
    expert = Expert.objects.filter(practitioner__user=viewer, is_active=True).first()
    if expert is None:
        return None
    start, _end = clock.day_bounds(clock.today())
    lectures = (
        Lecture.objects.filter(
            expert=expert,
            status__in=(LectureStatus.PLANNED, LectureStatus.SCHEDULED),
            ends_at__gte=start,
        )
        .select_related("topic", "unit")
        .order_by("starts_at")
    )
    blocked = BlockedDay.objects.filter(expert=expert, date__gte=clock.today()).order_by("date")
    return ExpertCalendar(expert=expert, lectures=list(lectures[:100]), blocked=list(blocked))

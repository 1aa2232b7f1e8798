"""Which experts may give an approved order's lecture, best suggestion first.

An expert is suggested when they teach the order's topic, travel to its district, have
no blocked day on its date and no lecture overlapping its time (a lecture in a busy
state, or one planned for them and awaiting their answer); fewest lectures this round
first, then by code. The assignment service checks the same rules again under a lock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from core import clock
from courses.models import (
    BUSY_STATUSES,
    BlockedDay,
    Expert,
    ExpertDistrict,
    HalfDay,
    Lecture,
    LectureStatus,
    Order,
    TopicExpert,
)

STARTS = {HalfDay.MORNING: time(9, 0), HalfDay.AFTERNOON: time(14, 0)}


@dataclass(frozen=True)
class Suggestion:
    expert: Expert
    lectures_this_round: int


def lecture_times(day: date, half_day: str, minutes: int) -> tuple[datetime, datetime]:
    """A half-day lecture's start and end: mornings at 09:00, afternoons at 14:00."""
    starts = clock.at(day, STARTS[HalfDay(half_day)])
    return starts, starts + timedelta(minutes=minutes)


def overlapping(
    starts: datetime, ends: datetime, *, exclude: Lecture | None = None, planned: bool = True
) -> Q:
    """Lectures that hold their expert's time between `starts` and `ends`: the busy ones
    and, with `planned`, those planned for an expert who has not answered yet."""
    holding = Q(status__in=BUSY_STATUSES)
    if planned:
        holding |= Q(status=LectureStatus.PLANNED, expert__isnull=False)
    q = holding & Q(starts_at__lt=ends, ends_at__gt=starts)
    if exclude is not None:
        q &= ~Q(pk=exclude.pk)
    return q


def order_times(order: Order) -> tuple[datetime, datetime]:
    assert order.date is not None and order.topic is not None
    return lecture_times(order.date, order.half_day, order.topic.length_minutes)


def eligible_experts(order: Order) -> QuerySet[Expert]:
    """Experts free and able to give the order's lecture, fewest this round first."""
    assert order.date is not None
    starts, ends = order_times(order)
    busy = Lecture.objects.filter(overlapping(starts, ends, exclude=order.lecture))
    return (
        Expert.objects.filter(is_active=True)
        .filter(Exists(TopicExpert.objects.filter(expert=OuterRef("pk"), topic=order.topic)))
        .filter(
            Exists(ExpertDistrict.objects.filter(expert=OuterRef("pk"), district=order.district))
        )
        .exclude(Exists(BlockedDay.objects.filter(expert=OuterRef("pk"), date=order.date)))
        .exclude(Exists(busy.filter(expert=OuterRef("pk"))))
        .annotate(
            round_lectures=Count(
                "lectures",
                filter=Q(lectures__order__round=order.round_id)
                & ~Q(lectures__status=LectureStatus.CANCELLED),
            )
        )
        .select_related("practitioner")
        .order_by("round_lectures", "code")
    )


def expert_suggestions(order: Order) -> list[Suggestion]:
    return [
        Suggestion(expert=expert, lectures_this_round=expert.round_lectures)  # type: ignore[attr-defined]
        for expert in eligible_experts(order)
    ]

"""Assigning an expert to an approved order, and the expert's answer.

An expert never holds two overlapping lectures. The check runs inside the writing
transaction after locking the expert's row (select_for_update; on SQLite every
transaction takes the write lock when it begins), on every backend; on PostgreSQL the
exclusion constraint `courses_lecture_no_expert_overlap` (migration
0004_postgres_lecture_overlap_guard) refuses what a bug might let through.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import NotFound
from courses import selectors
from courses.errors import ErrorCode
from courses.models import (
    BlockedDay,
    EventKind,
    Expert,
    ExpertDistrict,
    Lecture,
    LectureStatus,
    Order,
    OrderStatus,
    TopicExpert,
)
from courses.selectors.assignment import order_times, overlapping
from courses.services.orders import OrderConflict, OrderRefused, lock_order, record_step


class ExpertBusy(OrderConflict):
    """The expert already holds a lecture at that time."""


def _check_expert(order: Order, expert: Expert) -> None:
    """The rules of courses.selectors.assignment, read again under the expert's lock."""
    name = {"expert": expert.name}
    assert order.date is not None and order.topic is not None  # approved orders have both
    if not TopicExpert.objects.filter(expert=expert, topic=order.topic).exists():
        raise OrderRefused(
            _("%(expert)s does not teach this topic.") % name, code=ErrorCode.EXPERT_NOT_TEACHING
        )
    if not ExpertDistrict.objects.filter(expert=expert, district=order.district).exists():
        raise OrderRefused(
            _("%(expert)s does not lecture in this district.") % name,
            code=ErrorCode.EXPERT_NOT_TRAVELLING,
        )
    if BlockedDay.objects.filter(expert=expert, date=order.date).exists():
        raise OrderRefused(
            _("%(expert)s is not available on that day.") % name, code=ErrorCode.EXPERT_BLOCKED
        )
    _check_free(order, expert)


def _check_free(order: Order, expert: Expert, *, planned: bool = True) -> None:
    """No overlapping lecture; an assignment also counts lectures awaiting an answer,
    an acceptance only those the expert holds (scheduled or held)."""
    starts, ends = order_times(order)
    holding = overlapping(starts, ends, exclude=order.lecture, planned=planned)
    if Lecture.objects.filter(holding, expert=expert).exists():
        raise ExpertBusy(
            _("%(expert)s already has a lecture at that time.") % {"expert": expert.name},
            code=ErrorCode.EXPERT_BUSY,
        )


def order_assign(*, actor: User, order: Order, expert: Expert) -> Order:
    """The centre gives the approved order's lecture to `expert`: the lecture (planned)
    is created, or the one an earlier expert declined is passed on."""
    if not selectors.may_manage_rounds(actor):
        raise NotFound()
    with transaction.atomic():
        expert = Expert.objects.select_for_update().select_related("practitioner").get(pk=expert.pk)
        order = lock_order(order, expected=[OrderStatus.APPROVED])
        _check_expert(order, expert)
        starts, ends = order_times(order)
        topic = order.topic
        assert topic is not None
        lecture = order.lecture or Lecture(topic=topic, unit=order.unit)
        lecture.topic, lecture.expert = topic, expert
        lecture.starts_at, lecture.ends_at = starts, ends
        lecture.venue, lecture.capacity = order.venue, order.venue_capacity
        lecture.status = LectureStatus.PLANNED
        lecture.save()
        order.lecture, order.status = lecture, OrderStatus.ASSIGNED
        order.save(update_fields=["lecture", "status", "updated_at"])
        record_step(order, EventKind.EXPERT_ASSIGNED, actor=actor, details={"expert": expert.code})
    return order


def _respond_target(actor: User, order: Order) -> Order:
    found = selectors.expert_assignments(actor).filter(pk=order.pk).first()
    if found is None:
        raise NotFound()
    return found


def order_expert_answer(*, actor: User, order: Order, accept: bool, reason: str = "") -> Order:
    """The assigned expert accepts (the lecture is scheduled) or declines (the order waits
    for another expert; the lecture stays planned without one)."""
    _respond_target(actor, order)
    with transaction.atomic():
        order = lock_order(order, expected=[OrderStatus.ASSIGNED])
        lecture = order.lecture
        if lecture is None or lecture.expert is None or lecture.expert.practitioner.user != actor:
            raise NotFound()
        expert = Expert.objects.select_for_update().get(pk=lecture.expert.pk)
        if accept:
            _schedule(order, lecture, expert)
        else:
            lecture.expert = None
            lecture.save(update_fields=["expert", "updated_at"])
            order.status = OrderStatus.APPROVED
        order.save(update_fields=["status", "updated_at"])
        kind = EventKind.EXPERT_ACCEPTED if accept else EventKind.EXPERT_DECLINED
        record_step(
            order,
            kind,
            actor=actor,
            reason=(reason or "").strip(),
            details={"expert": expert.code},
        )
    return order


def _schedule(order: Order, lecture: Lecture, expert: Expert) -> None:
    _check_free(order, expert, planned=False)
    lecture.status = LectureStatus.SCHEDULED
    try:
        with transaction.atomic():  # a savepoint: the constraint's refusal leaves the rest
            lecture.save(update_fields=["status", "updated_at"])
    except IntegrityError:
        raise ExpertBusy(
            _("%(expert)s already has a lecture at that time.") % {"expert": expert.name},
            code=ErrorCode.EXPERT_BUSY,
        ) from None
    order.status = OrderStatus.SCHEDULED

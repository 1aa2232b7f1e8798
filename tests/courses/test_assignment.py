"""Expert assignment: the suggestions, one click to accept, the expert's answer, and an
expert never holding two overlapping lectures (SQLite and PostgreSQL, and a race)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from datetime import date, timedelta

import pytest
import time_machine
from django.db import IntegrityError, connections, transaction
from django.utils import translation

from accounts.models import User
from core import clock
from core.errors import NotFound
from courses import selectors, services
from courses.errors import ErrorCode
from courses.models import (
    BlockedDay,
    EventKind,
    Expert,
    HalfDay,
    Lecture,
    LectureStatus,
    Order,
    OrderStatus,
)
from courses.services import OrderData, PreferredDate
from network.models import OrgUnit
from tests.courses.conftest import ORDER_DAY, Ordering
from tests.courses.factories import ExpertFactory, PractitionerFactory

MAY_12 = date(2026, 5, 12)


@pytest.fixture(autouse=True)
def _english() -> None:
    translation.activate("en")


def approved_order(
    ordering: Ordering,
    unit: OrgUnit,
    data: OrderData,
    centre_admin: User,
) -> Order:
    order = services.order_submit(
        actor=ordering.district_admin, unit=unit, round=ordering.round, data=data
    )
    services.order_district_approve(actor=centre_admin, order=order)
    return services.order_approve(actor=centre_admin, order=order)


@pytest.fixture
def li(ordering: Ordering, tree: dict[str, OrgUnit]) -> Expert:
    """A second expert who teaches the stress topic in district A."""
    expert = ExpertFactory(
        unit=tree["centre"], code="ZJ-010", practitioner=PractitionerFactory(display_name="李老师")
    )
    expert.districts.add(tree["district_a"])
    ordering.catalogue.stress.experts.add(expert)
    return expert


@pytest.fixture
def order(
    ordering: Ordering,
    tree: dict[str, OrgUnit],
    order_data: Callable[..., OrderData],
    centre_admin: User,
) -> Order:
    return approved_order(ordering, tree["room_a1r"], order_data(), centre_admin)


def codes(order: Order) -> list[str]:
    return [s.expert.code for s in selectors.expert_suggestions(order)]


@pytest.mark.django_db
def test_suggestions_teach_the_topic_travel_there_and_fewest_lectures_come_first(
    order: Order, ordering: Ordering, li: Expert, centre_admin: User
) -> None:
    # 郑 (ZJ-001) teaches it and travels to district A; the hidden expert teaches it but
    # travels nowhere; 王 does not teach it.
    assert codes(order) == ["ZJ-001", "ZJ-010"]
    zheng = ordering.catalogue.zheng
    Lecture.objects.create(
        topic=order.first_topic,
        expert=zheng,
        unit=order.unit,
        status=LectureStatus.HELD,
        starts_at=order_start(order) - timedelta(days=20),
        ends_at=order_start(order) - timedelta(days=20, hours=-2),
        venue="x",
        capacity=10,
    )
    Order.objects.filter(pk=order.pk)  # the held lecture is not from this round's orders
    assert codes(order) == ["ZJ-001", "ZJ-010"]


def order_start(order: Order):  # type: ignore[no-untyped-def]
    return selectors.lecture_times(order.date, order.half_day, order.topic.length_minutes)[0]


@pytest.mark.django_db
def test_a_blocked_day_or_a_busy_time_removes_the_expert(
    order: Order, ordering: Ordering, li: Expert
) -> None:
    BlockedDay.objects.create(expert=ordering.catalogue.zheng, date=MAY_12)
    assert codes(order) == ["ZJ-010"]
    starts = order_start(order)
    Lecture.objects.create(
        topic=order.first_topic,
        expert=li,
        unit=order.unit,
        status=LectureStatus.SCHEDULED,
        starts_at=starts + timedelta(minutes=30),
        ends_at=starts + timedelta(hours=2),
        venue="别处",
        capacity=30,
    )
    assert codes(order) == []


@pytest.mark.django_db
def test_one_click_assigns_the_suggestion_and_the_expert_accepts(
    order: Order, ordering: Ordering, centre_admin: User
) -> None:
    suggestion = selectors.expert_suggestions(order)[0]
    assigned = services.order_assign(actor=centre_admin, order=order, expert=suggestion.expert)
    lecture = assigned.lecture
    assert assigned.status == OrderStatus.ASSIGNED
    assert lecture is not None and lecture.status == LectureStatus.PLANNED
    assert (lecture.expert, lecture.unit, lecture.venue) == (
        suggestion.expert,
        order.unit,
        order.venue,
    )
    assert clock.local(lecture.starts_at).hour == 9  # a morning lecture starts at 09:00
    expert_user = suggestion.expert.practitioner.user
    accepted = services.order_expert_answer(actor=expert_user, order=order, accept=True)
    lecture.refresh_from_db()
    assert accepted.status == OrderStatus.SCHEDULED
    assert lecture.status == LectureStatus.SCHEDULED
    kinds = list(order.events.values_list("kind", flat=True))
    assert kinds[-2:] == [EventKind.EXPERT_ASSIGNED, EventKind.EXPERT_ACCEPTED]


@pytest.mark.django_db
def test_a_declining_expert_frees_the_order_for_another(
    order: Order, ordering: Ordering, centre_admin: User, li: Expert
) -> None:
    zheng = ordering.catalogue.zheng
    services.order_assign(actor=centre_admin, order=order, expert=zheng)
    with pytest.raises(NotFound):  # only the assigned expert answers
        services.order_expert_answer(actor=li.practitioner.user, order=order, accept=True)
    declined = services.order_expert_answer(
        actor=zheng.practitioner.user, order=order, accept=False, reason="出差"
    )
    assert declined.status == OrderStatus.APPROVED
    assert declined.lecture is not None and declined.lecture.expert is None
    again = services.order_assign(actor=centre_admin, order=order, expert=li)
    assert again.lecture == declined.lecture  # the same lecture passes to the next expert
    assert Lecture.objects.count() == 1


@pytest.mark.django_db
def test_only_the_centre_assigns_and_only_able_experts(
    order: Order, ordering: Ordering, centre_admin: User
) -> None:
    with pytest.raises(NotFound):
        services.order_assign(
            actor=ordering.district_admin, order=order, expert=ordering.catalogue.zheng
        )
    with pytest.raises(services.OrderRefused) as caught:
        services.order_assign(actor=centre_admin, order=order, expert=ordering.catalogue.wang)
    assert caught.value.code == ErrorCode.EXPERT_NOT_TEACHING
    with pytest.raises(services.OrderRefused) as caught:
        services.order_assign(actor=centre_admin, order=order, expert=ordering.catalogue.hidden)
    assert caught.value.code == ErrorCode.EXPERT_NOT_TRAVELLING
    BlockedDay.objects.create(expert=ordering.catalogue.zheng, date=MAY_12)
    with pytest.raises(services.OrderRefused) as caught:
        services.order_assign(actor=centre_admin, order=order, expert=ordering.catalogue.zheng)
    assert caught.value.code == ErrorCode.EXPERT_BLOCKED
    assert str(caught.value.message) == "郑教授 is not available on that day."


@pytest.fixture
def two_orders(
    ordering: Ordering,
    tree: dict[str, OrgUnit],
    order_data: Callable[..., OrderData],
    centre_admin: User,
) -> tuple[Order, Order]:
    """Two approved orders of different units for the same half-day."""
    first = approved_order(ordering, tree["room_a1r"], order_data(), centre_admin)
    second = approved_order(ordering, tree["room_ar"], order_data(), centre_admin)
    return first, second


@pytest.mark.django_db
def test_double_booking_an_expert_is_refused(
    two_orders: tuple[Order, Order], ordering: Ordering, centre_admin: User
) -> None:
    first, second = two_orders
    zheng = ordering.catalogue.zheng
    services.order_assign(actor=centre_admin, order=first, expert=zheng)
    assert codes(second) == []  # no longer suggested
    with pytest.raises(services.ExpertBusy) as caught:
        services.order_assign(actor=centre_admin, order=second, expert=zheng)
    assert caught.value.code == ErrorCode.EXPERT_BUSY
    assert caught.value.status == 409
    assert str(caught.value.message) == "郑教授 already has a lecture at that time."
    second.refresh_from_db()
    assert second.status == OrderStatus.APPROVED and second.lecture is None


@pytest.mark.django_db
def test_accepting_an_overlapping_lecture_is_refused(
    two_orders: tuple[Order, Order], ordering: Ordering, centre_admin: User
) -> None:
    """A planned lecture written past the service (an import, the admin) is still refused
    when the expert accepts it over a scheduled one."""
    first, second = two_orders
    zheng = ordering.catalogue.zheng
    services.order_assign(actor=centre_admin, order=first, expert=zheng)
    services.order_expert_answer(actor=zheng.practitioner.user, order=first, accept=True)
    starts, ends = selectors.lecture_times(MAY_12, HalfDay.MORNING, 90)
    stray = Lecture.objects.create(
        topic=second.first_topic,
        expert=zheng,
        unit=second.unit,
        starts_at=starts,
        ends_at=ends,
        venue="x",
        capacity=10,
    )
    Order.objects.filter(pk=second.pk).update(lecture=stray, status=OrderStatus.ASSIGNED)
    with pytest.raises(services.ExpertBusy):
        services.order_expert_answer(actor=zheng.practitioner.user, order=second, accept=True)
    stray.refresh_from_db()
    assert stray.status == LectureStatus.PLANNED


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgres_refuses_two_overlapping_busy_lectures_of_one_expert(
    ordering: Ordering, tree: dict[str, OrgUnit]
) -> None:
    zheng = ordering.catalogue.zheng
    starts, ends = selectors.lecture_times(MAY_12, HalfDay.MORNING, 90)
    fields = {
        "topic": ordering.catalogue.stress,
        "expert": zheng,
        "unit": tree["room_a1r"],
        "venue": "x",
        "capacity": 10,
        "status": LectureStatus.SCHEDULED,
    }
    Lecture.objects.create(starts_at=starts, ends_at=ends, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Lecture.objects.create(
            starts_at=starts + timedelta(minutes=45), ends_at=ends + timedelta(hours=1), **fields
        )
    # Back to back is fine, and so is a cancelled lecture at the same time.
    Lecture.objects.create(starts_at=ends, ends_at=ends + timedelta(hours=1), **fields)
    Lecture.objects.create(
        starts_at=starts, ends_at=ends, **{**fields, "status": LectureStatus.CANCELLED}
    )


def at_once(calls: Sequence[Callable[[], object]]) -> list[object]:
    """Run the calls in threads released together; their results or exceptions."""
    import threading

    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def one(index: int) -> None:
        try:
            with time_machine.travel(ORDER_DAY, tick=False):
                barrier.wait(timeout=30)
                try:
                    results[index] = calls[index]()
                except Exception as exc:
                    results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_racing_assignments_of_one_expert_give_one_lecture(
    ordering: Ordering,
    tree: dict[str, OrgUnit],
    order_data: Callable[..., OrderData],
    centre_admin: User,
) -> None:
    """Six approved orders for the same half-day, all given to 郑 at once: one wins."""
    units = [tree["room_a1r"], tree["room_ar"], tree["station_a1"], tree["district_a"]]
    topics = [ordering.catalogue.stress, ordering.catalogue.sandplay]
    orders = [
        approved_order(
            ordering, unit, order_data(first_topic=topic, second_topic=None), centre_admin
        )
        for unit in units
        for topic in topics
    ][:6]
    zheng = ordering.catalogue.zheng
    results = at_once(
        [
            functools.partial(services.order_assign, actor=centre_admin, order=o, expert=zheng)
            for o in orders
        ]
    )
    won = [r for r in results if isinstance(r, Order)]
    lost = [r for r in results if isinstance(r, services.ExpertBusy)]
    assert (len(won), len(lost)) == (1, 5), results
    assert Lecture.objects.filter(expert=zheng).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_racing_acceptances_of_overlapping_lectures_schedule_one(
    ordering: Ordering,
    tree: dict[str, OrgUnit],
    order_data: Callable[..., OrderData],
    centre_admin: User,
) -> None:
    """Two overlapping planned lectures of one expert (written past the service) accepted
    at once: the lock and the exclusion constraint let exactly one through."""
    zheng = ordering.catalogue.zheng
    first = approved_order(ordering, tree["room_a1r"], order_data(), centre_admin)
    second = approved_order(ordering, tree["room_ar"], order_data(), centre_admin)
    starts, ends = selectors.lecture_times(MAY_12, HalfDay.MORNING, 90)
    for order in (first, second):
        lecture = Lecture.objects.create(
            topic=order.first_topic,
            expert=zheng,
            unit=order.unit,
            starts_at=starts,
            ends_at=ends,
            venue="x",
            capacity=10,
        )
        Order.objects.filter(pk=order.pk).update(lecture=lecture, status=OrderStatus.ASSIGNED)
    user = zheng.practitioner.user
    results = at_once(
        [
            functools.partial(services.order_expert_answer, actor=user, order=o, accept=True)
            for o in (first, second)
        ]
    )
    assert sorted(type(r).__name__ for r in results) == ["ExpertBusy", "Order"], results
    assert Lecture.objects.filter(expert=zheng, status=LectureStatus.SCHEDULED).count() == 1


def test_preferred_dates_are_the_half_days_of_the_lecture() -> None:
    starts, ends = selectors.lecture_times(MAY_12, HalfDay.AFTERNOON, 120)
    assert (clock.local(starts).hour, clock.local(ends).hour) == (14, 16)
    assert PreferredDate(MAY_12, HalfDay.AFTERNOON).half_day == "afternoon"

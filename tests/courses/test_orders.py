"""Ordering a course: the round, the order and every refusal with its message."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
import time_machine
from django.utils import translation

from accounts.models import User
from core.models import OutboxMessage
from courses import services
from courses.errors import ErrorCode
from courses.models import EventKind, HalfDay, Order, OrderStatus, RoundQuota
from courses.services import OrderData, PreferredDate
from network.models import AuditEntry, OrgUnit
from tests.courses.conftest import Ordering

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> None:
    translation.activate("en")


def submit(ordering: Ordering, unit: OrgUnit, data: OrderData, actor: User | None = None) -> Order:
    return services.order_submit(
        actor=actor or ordering.district_admin, unit=unit, round=ordering.round, data=data
    )


def refused(ordering: Ordering, unit: OrgUnit, data: OrderData) -> services.OrderRefused:
    before = Order.objects.count()
    with pytest.raises(services.OrderRefused) as caught:
        submit(ordering, unit, data)
    assert Order.objects.count() == before  # a refusal changes nothing
    return caught.value


def test_a_unit_admin_orders_and_the_step_is_on_the_timeline_audited_and_notified(
    ordering: Ordering, tree: dict[str, OrgUnit], order_data: Callable[..., OrderData]
) -> None:
    order = submit(ordering, tree["room_a1r"], order_data(), actor=ordering.room_admin)

    assert order.status == OrderStatus.SUBMITTED
    assert order.district == tree["district_a"]
    assert [(d.date, d.half_day) for d in order.dates.all()] == [
        (date(2026, 5, 12), HalfDay.MORNING),
        (date(2026, 5, 14), HalfDay.AFTERNOON),
    ]
    assert list(order.events.values_list("kind", flat=True)) == [EventKind.SUBMITTED]
    assert AuditEntry.objects.filter(action="courses.order.submitted").count() == 1
    task = OutboxMessage.objects.get(purpose="courses.order_step")
    assert task.payload["call"] == "courses.notifications.orders.order_event_notify"


def test_after_the_deadline_the_order_is_refused_with_the_date(
    ordering: Ordering, tree: dict[str, OrgUnit], order_data: Callable[..., OrderData]
) -> None:
    with time_machine.travel("2026-04-30 09:00 +0800", tick=False):
        error = refused(ordering, tree["room_a1r"], order_data())
    assert error.code == ErrorCode.ROUND_CLOSED
    assert "The deadline of the 2026 round was April 29, 2026" in str(error.message)


def test_before_the_round_opens_the_order_is_refused(
    ordering: Ordering, tree: dict[str, OrgUnit], order_data: Callable[..., OrderData]
) -> None:
    with time_machine.travel("2026-02-20 09:00 +0800", tick=False):
        error = refused(ordering, tree["room_a1r"], order_data())
    assert error.code == ErrorCode.ROUND_NOT_OPEN
    assert "opens on March 1, 2026" in str(error.message)


def test_over_the_district_quota_the_order_is_refused(
    ordering: Ordering, tree: dict[str, OrgUnit], order_data: Callable[..., OrderData]
) -> None:
    RoundQuota.objects.create(round=ordering.round, district=tree["district_a"], quota=1)
    submit(ordering, tree["room_a1r"], order_data())
    error = refused(ordering, tree["room_ar"], order_data())
    assert error.code == ErrorCode.OVER_QUOTA
    assert "甲区分中心 has reached its quota of 1 orders in the 2026 round" in str(error.message)
    # Another district's quota is its own.
    assert submit(ordering, tree["station_b1"], order_data(), actor=_admin_b(tree))


def _admin_b(tree: dict[str, OrgUnit]) -> User:
    from network.models import Role
    from tests.network import factories

    return factories.staff("b.station@example.com", Role.UNIT_ADMIN, tree["station_b1"])


def test_a_returned_order_frees_its_place_in_the_quota(
    ordering: Ordering, tree: dict[str, OrgUnit], order_data: Callable[..., OrderData]
) -> None:
    RoundQuota.objects.create(round=ordering.round, district=tree["district_a"], quota=1)
    first = submit(ordering, tree["room_a1r"], order_data())
    Order.objects.filter(pk=first.pk).update(status=OrderStatus.RETURNED)
    assert submit(ordering, tree["room_ar"], order_data()).status == OrderStatus.SUBMITTED


@pytest.mark.parametrize(
    ("day", "code", "text"),
    [
        (date(2026, 3, 31), ErrorCode.DATE_PAST, "March 31, 2026 has passed or is today"),
        (date(2026, 4, 1), ErrorCode.DATE_PAST, "April 1, 2026 has passed or is today"),
        (date(2027, 1, 5), ErrorCode.DATE_OUTSIDE_YEAR, "Jan. 5, 2027 is outside 2026"),
    ],
)
def test_dates_in_the_past_or_outside_the_year_are_refused(
    ordering: Ordering,
    tree: dict[str, OrgUnit],
    order_data: Callable[..., OrderData],
    day: date,
    code: str,
    text: str,
) -> None:
    dates = [PreferredDate(date(2026, 5, 12), HalfDay.MORNING), PreferredDate(day, HalfDay.MORNING)]
    error = refused(ordering, tree["room_a1r"], order_data(dates=dates))
    assert error.code == code
    assert text in str(error.message)
    assert "dates" in error.fields


def test_one_or_four_dates_and_a_repeated_date_are_refused(
    ordering: Ordering, tree: dict[str, OrgUnit], order_data: Callable[..., OrderData]
) -> None:
    may = [PreferredDate(date(2026, 5, day), HalfDay.MORNING) for day in (11, 12, 13, 14)]
    assert refused(ordering, tree["room_a1r"], order_data(dates=may[:1])).code == (
        ErrorCode.DATES_COUNT
    )
    error = refused(ordering, tree["room_a1r"], order_data(dates=may))
    assert str(error.message) == "Give two or three preferred dates."
    error = refused(ordering, tree["room_a1r"], order_data(dates=[may[0], may[0]]))
    assert error.code == ErrorCode.DATES_REPEATED


def test_an_audience_larger_than_the_venue_is_refused(
    ordering: Ordering, tree: dict[str, OrgUnit], order_data: Callable[..., OrderData]
) -> None:
    error = refused(ordering, tree["room_a1r"], order_data(venue_capacity=50, audience_size=80))
    assert error.code == ErrorCode.AUDIENCE_OVER_CAPACITY
    assert "An audience of 80 does not fit a venue for 50" in str(error.message)
    assert "audience_size" in error.fields


def test_the_same_topic_twice_in_a_round_is_refused(
    ordering: Ordering, tree: dict[str, OrgUnit], order_data: Callable[..., OrderData]
) -> None:
    submit(ordering, tree["room_a1r"], order_data())
    error = refused(ordering, tree["room_a1r"], order_data())
    assert error.code == ErrorCode.DUPLICATE_ORDER
    assert "甲一企业服务室 has already ordered “职场压力识别与应对” in the 2026 round" in str(
        error.message
    )
    # Another topic, or the same topic for another unit, is fine.
    other = order_data(first_topic=ordering.catalogue.team)
    assert submit(ordering, tree["room_a1r"], other)
    assert submit(ordering, tree["room_ar"], order_data())


def test_a_topic_not_offered_and_the_same_topic_as_both_choices_are_refused(
    ordering: Ordering, tree: dict[str, OrgUnit], order_data: Callable[..., OrderData]
) -> None:
    retired = ordering.catalogue.retired
    error = refused(ordering, tree["room_a1r"], order_data(first_topic=retired))
    assert error.code == ErrorCode.TOPIC_NOT_OFFERED
    assert str(error.message) == "“情绪日记：记录与成长” is not offered in this round."
    stress = ordering.catalogue.stress
    error = refused(ordering, tree["room_a1r"], order_data(second_topic=stress))
    assert error.code == ErrorCode.SAME_TOPIC_TWICE


def test_a_unit_outside_the_admins_reach_is_not_found(
    ordering: Ordering, tree: dict[str, OrgUnit], order_data: Callable[..., OrderData]
) -> None:
    from core.errors import NotFound

    with pytest.raises(NotFound):
        submit(ordering, tree["station_b1"], order_data())
    with pytest.raises(NotFound):  # a room admin does not order for the station above it
        submit(ordering, tree["station_a1"], order_data(), actor=ordering.room_admin)
    assert not Order.objects.exists()


def test_messages_are_translated(
    ordering: Ordering, tree: dict[str, OrgUnit], order_data: Callable[..., OrderData]
) -> None:
    with translation.override("zh-hans"):
        error = refused(ordering, tree["room_a1r"], order_data(venue_capacity=50))
    assert "场地" in str(error.message)


def test_the_centre_opens_a_round_and_a_second_round_of_a_year_is_refused(
    frozen_day: None, tree: dict[str, OrgUnit], centre_admin: User, cadre_a: User, catalogue: object
) -> None:
    from core.errors import NotFound

    round_ = services.round_open(
        actor=centre_admin,
        year=2026,
        opens_on=date(2026, 4, 1),
        closes_on=date(2026, 5, 31),
        topics=[],
        quotas={tree["district_a"]: 3},
    )
    assert round_.quotas.get().quota == 3
    assert AuditEntry.objects.filter(action="courses.round.opened").exists()
    with pytest.raises(services.OrderRefused) as caught:
        services.round_open(
            actor=centre_admin,
            year=2026,
            opens_on=date(2026, 4, 1),
            closes_on=date(2026, 6, 1),
            topics=[],
        )
    assert caught.value.code == ErrorCode.ROUND_EXISTS
    with pytest.raises(services.OrderRefused) as caught:
        services.round_open(
            actor=centre_admin,
            year=2027,
            opens_on=date(2027, 4, 1),
            closes_on=date(2027, 3, 1),
            topics=[],
        )
    assert caught.value.code == ErrorCode.ROUND_DATES
    with pytest.raises(NotFound):  # a district cadre does not open rounds
        services.round_open(
            actor=cadre_a,
            year=2028,
            opens_on=date(2028, 4, 1),
            closes_on=date(2028, 5, 1),
            topics=[],
        )

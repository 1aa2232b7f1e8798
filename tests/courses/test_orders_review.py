"""The review of an order by level: the district, the centre, the unit's answer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.utils import translation

from accounts.models import User
from core.errors import NotFound, PermissionDenied
from core.models import OutboxMessage
from courses import services
from courses.errors import ErrorCode
from courses.models import EventKind, HalfDay, Order, OrderStatus
from courses.notifications.orders import order_event_notify
from courses.services import OrderData
from network.models import AuditEntry, OrgUnit, Role
from tests.courses.conftest import Ordering
from tests.network import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> None:
    translation.activate("en")


@pytest.fixture
def order(
    ordering: Ordering, tree: dict[str, OrgUnit], order_data: Callable[..., OrderData]
) -> Order:
    return services.order_submit(
        actor=ordering.room_admin, unit=tree["room_a1r"], round=ordering.round, data=order_data()
    )


def kinds(order: Order) -> list[str]:
    return list(order.events.values_list("kind", flat=True))


def test_district_then_centre_approve_and_each_step_is_on_the_timeline(
    order: Order, ordering: Ordering, centre_admin: User
) -> None:
    services.order_district_approve(actor=ordering.district_admin, order=order)
    approved = services.order_approve(
        actor=centre_admin, order=order, topic=ordering.catalogue.parenting, position=2
    )
    assert approved.status == OrderStatus.APPROVED
    assert (approved.topic, approved.date, approved.half_day) == (
        ordering.catalogue.parenting,
        date(2026, 5, 14),
        HalfDay.AFTERNOON,
    )
    assert kinds(order) == [EventKind.SUBMITTED, EventKind.DISTRICT_APPROVED, EventKind.APPROVED]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"courses.order.district_approved", "courses.order.approved"} <= actions


def test_a_district_cannot_review_another_districts_order(order: Order, cadre_b: User) -> None:
    with pytest.raises(NotFound):
        services.order_district_approve(actor=cadre_b, order=order)
    with pytest.raises(NotFound):
        services.order_return(actor=cadre_b, order=order, reason="不合适")
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED


def test_a_unit_cannot_approve_its_own_order(order: Order, ordering: Ordering) -> None:
    with pytest.raises(PermissionDenied) as caught:
        services.order_district_approve(actor=ordering.room_admin, order=order)
    assert caught.value.code == ErrorCode.OWN_ORDER
    assert "does not review its own order" in str(caught.value.message)
    # Nor may the station above it: review is the district's.
    with pytest.raises(PermissionDenied):
        services.order_district_approve(actor=ordering.station_admin, order=order)


def test_a_district_ordering_for_itself_is_reviewed_by_the_centre_only(
    ordering: Ordering,
    tree: dict[str, OrgUnit],
    order_data: Callable[..., OrderData],
    centre_admin: User,
) -> None:
    own = services.order_submit(
        actor=ordering.district_admin,
        unit=tree["district_a"],
        round=ordering.round,
        data=order_data(),
    )
    with pytest.raises(PermissionDenied):
        services.order_district_approve(actor=ordering.district_admin, order=own)
    assert services.order_district_approve(actor=centre_admin, order=own).status == (
        OrderStatus.DISTRICT_APPROVED
    )


def test_only_the_centre_takes_the_centre_steps(
    order: Order, ordering: Ordering, centre_admin: User
) -> None:
    services.order_district_approve(actor=ordering.district_admin, order=order)
    with pytest.raises(NotFound):
        services.order_approve(actor=ordering.district_admin, order=order)
    with pytest.raises(NotFound):
        services.order_reject(actor=ordering.district_admin, order=order, reason="x")
    assert services.order_reject(actor=centre_admin, order=order, reason="名额已满").status == (
        OrderStatus.REJECTED
    )


def test_the_centre_cannot_approve_before_the_district(order: Order, centre_admin: User) -> None:
    with pytest.raises(services.OrderConflict) as caught:
        services.order_approve(actor=centre_admin, order=order)
    assert caught.value.code == ErrorCode.WRONG_STATE
    assert "awaiting the district" in str(caught.value.message)


def test_returning_and_rejecting_need_a_reason(
    order: Order, ordering: Ordering, centre_admin: User
) -> None:
    with pytest.raises(services.OrderRefused) as caught:
        services.order_return(actor=ordering.district_admin, order=order, reason="  ")
    assert caught.value.code == ErrorCode.REASON_REQUIRED
    returned = services.order_return(
        actor=ordering.district_admin, order=order, reason="请补充场地信息"
    )
    assert returned.status == OrderStatus.RETURNED
    assert order.events.get(kind=EventKind.RETURNED).reason == "请补充场地信息"


def test_a_proposal_accepted_by_the_unit_approves_the_order(
    order: Order, ordering: Ordering, centre_admin: User
) -> None:
    services.order_district_approve(actor=ordering.district_admin, order=order)
    proposed = services.order_propose(
        actor=centre_admin,
        order=order,
        topic=ordering.catalogue.sandplay,
        day=date(2026, 6, 3),
        half_day=HalfDay.MORNING,
        reason="专家五月已排满",
    )
    assert proposed.status == OrderStatus.PROPOSED
    with pytest.raises(NotFound):  # the centre does not answer for the unit… nor another unit
        services.order_proposal_answer(actor=ordering_outsider(), order=order, accept=True)
    accepted = services.order_proposal_answer(actor=ordering.room_admin, order=order, accept=True)
    assert accepted.status == OrderStatus.APPROVED
    assert (accepted.topic, accepted.date) == (ordering.catalogue.sandplay, date(2026, 6, 3))
    assert kinds(order)[-2:] == [EventKind.PROPOSED, EventKind.PROPOSAL_ACCEPTED]


def ordering_outsider() -> User:
    from network.models import OrgUnit as Unit

    return factories.staff(
        "outsider@example.com", Role.UNIT_ADMIN, Unit.objects.get(name="乙一心灵驿站")
    )


def test_a_declined_proposal_closes_the_order_and_frees_the_topic(
    order: Order,
    ordering: Ordering,
    centre_admin: User,
    tree: dict[str, OrgUnit],
    order_data: Callable[..., OrderData],
) -> None:
    services.order_district_approve(actor=ordering.district_admin, order=order)
    services.order_propose(
        actor=centre_admin,
        order=order,
        topic=ordering.catalogue.stress,
        day=date(2026, 7, 1),
        half_day=HalfDay.AFTERNOON,
    )
    declined = services.order_proposal_answer(actor=ordering.room_admin, order=order, accept=False)
    assert declined.status == OrderStatus.DECLINED
    again = services.order_submit(
        actor=ordering.room_admin, unit=tree["room_a1r"], round=ordering.round, data=order_data()
    )
    assert again.status == OrderStatus.SUBMITTED


def test_a_proposal_of_the_units_own_choice_or_a_past_date_is_refused(
    order: Order, ordering: Ordering, centre_admin: User
) -> None:
    services.order_district_approve(actor=ordering.district_admin, order=order)
    with pytest.raises(services.OrderRefused) as caught:
        services.order_propose(
            actor=centre_admin,
            order=order,
            topic=ordering.catalogue.stress,
            day=date(2026, 5, 12),
            half_day=HalfDay.MORNING,
        )
    assert caught.value.code == ErrorCode.PROPOSAL_UNCHANGED
    with pytest.raises(services.OrderRefused) as caught:
        services.order_propose(
            actor=centre_admin,
            order=order,
            topic=ordering.catalogue.stress,
            day=date(2026, 3, 2),
            half_day=HalfDay.MORNING,
        )
    assert caught.value.code == ErrorCode.DATE_PAST


def test_each_step_notifies_the_people_involved(
    order: Order, ordering: Ordering, centre_admin: User
) -> None:
    submitted = order.events.get()
    assert order_event_notify(event_id=submitted.pk) == 1
    mail = OutboxMessage.objects.filter(purpose="courses.order_step", kind="email").get()
    assert mail.payload["to"] == ["district.admin@example.com"]
    assert "+8613912345678" not in mail.payload["body"]  # the contact's phone is never sent
    services.order_district_approve(actor=ordering.district_admin, order=order)
    event = order.events.get(kind=EventKind.DISTRICT_APPROVED)
    order_event_notify(event_id=event.pk)
    assert order_event_notify(event_id=event.pk) == 1  # a rerun writes no second e-mail
    mails = OutboxMessage.objects.filter(purpose="courses.order_step", kind="email")
    assert mails.count() == 2
    assert mails.order_by("pk").last().payload["to"] == ["centre.admin@example.com"]

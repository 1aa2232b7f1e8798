"""The demo's ordering round: open, a dozen orders in the review's states, idempotent."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from core.demo import load_demo
from courses.demo.orders import round_dates
from courses.models import Order, OrderStatus, Round

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("today", ["2026-06-10 10:00 +0800", "2026-12-02 10:00 +0800"])
def test_the_demo_opens_a_round_with_a_dozen_orders_in_every_state(today: str) -> None:
    with time_machine.travel(today, tick=False):
        load_demo()
        load_demo()  # idempotent
        round_ = Round.objects.get()
        assert round_.opens_on <= date.fromisoformat(today[:10]) <= round_.closes_on
        statuses = set(Order.objects.values_list("status", flat=True))
        assert Order.objects.count() == 12
    assert {
        OrderStatus.SUBMITTED,
        OrderStatus.DISTRICT_APPROVED,
        OrderStatus.RETURNED,
        OrderStatus.PROPOSED,
        OrderStatus.REJECTED,
        OrderStatus.APPROVED,
        OrderStatus.ASSIGNED,
        OrderStatus.SCHEDULED,
    } == statuses
    assigned = Order.objects.get(status=OrderStatus.ASSIGNED)
    assert assigned.lecture is not None and assigned.lecture.expert is not None
    assert assigned.lecture.expert.code == "ZJ-001"  # expert@ has a lecture to accept


def test_round_dates_leave_room_for_lectures_in_the_rounds_year() -> None:
    late = round_dates(date(2026, 12, 28))
    assert late.year == 2027 and late.first_lecture_day.year == 2027
    early = round_dates(date(2026, 9, 30))
    assert early.year == 2026 and early.closes_on < early.first_lecture_day

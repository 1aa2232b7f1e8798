"""Reminders before the round's deadline to units that have not ordered (beat, daily)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import time_machine
from django.conf import settings

from core.models import OutboxMessage
from courses import services
from courses.services import OrderData
from courses.tasks import send_round_reminders
from network.models import OrgUnit
from tests.courses.conftest import Ordering

pytestmark = pytest.mark.django_db


def reminders() -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(purpose="courses.round_reminder").order_by("pk"))


def test_units_without_an_order_are_reminded_a_week_and_a_day_before_the_deadline(
    ordering: Ordering, tree: dict[str, OrgUnit], order_data: Callable[..., OrderData]
) -> None:
    services.order_submit(
        actor=ordering.room_admin, unit=tree["room_a1r"], round=ordering.round, data=order_data()
    )
    assert send_round_reminders.delay().get() == 0  # 1 April: four weeks left
    with time_machine.travel("2026-04-22 09:05 +0800", tick=False):  # 7 days left
        assert send_round_reminders.delay().get() == 2
        assert send_round_reminders.delay().get() == 0  # a second run sends nothing
    sent_to = sorted(address for m in reminders() for address in m.payload["to"])
    # The station and the district have administrators and no order; the room has ordered.
    assert sent_to == ["district.admin@example.com", "station.admin@example.com"]
    assert "29" in reminders()[0].payload["body"]
    with time_machine.travel("2026-04-28 09:05 +0800", tick=False):  # the last day's reminder
        assert send_round_reminders.delay().get() == 2
    with time_machine.travel("2026-04-30 09:05 +0800", tick=False):  # closed: nothing
        assert send_round_reminders.delay().get() == 0
    assert len(reminders()) == 4


def test_the_reminder_job_is_on_the_beat_schedule() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["courses-round-reminders"]
    assert entry["task"] == "courses.send_round_reminders"

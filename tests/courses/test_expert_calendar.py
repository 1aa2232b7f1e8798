"""The expert's own calendar: coming lectures, and blocking or freeing a day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from accounts.models import User
from courses import selectors
from courses.models import BlockedDay, Lecture, LectureStatus
from network.models import AuditEntry
from tests.courses.conftest import LECTURE_START
from tests.network.personas import Login

pytestmark = pytest.mark.django_db

TODAY = LECTURE_START - timedelta(days=3)  # Sunday 7 June 2026, three days before
URL = "/staff/courses/calendar/"


@time_machine.travel(TODAY, tick=False)
def test_the_expert_sees_their_coming_lecture(
    login: Login, lecture: Lecture, lecturer: User
) -> None:
    Lecture.objects.filter(pk=lecture.pk).update(status=LectureStatus.SCHEDULED)
    assert reverse("staff:courses:calendar") == URL
    page = login(lecturer).get(URL)
    assert page.status_code == 200
    text = page.content.decode()
    assert "2026-06-10 14:00–15:30" in text and "职场压力识别与应对" in text
    assert selectors.expert_calendar(lecturer).lectures == [lecture]  # type: ignore[union-attr]


@time_machine.travel(TODAY, tick=False)
def test_a_day_is_blocked_audited_then_freed(
    login: Login, lecture: Lecture, lecturer: User
) -> None:
    client = login(lecturer)
    response = client.post(URL, {"day": "2026-06-12", "note": "出差"})
    assert response.status_code == 302
    blocked = BlockedDay.objects.get()
    assert blocked.date == date(2026, 6, 12) and blocked.note == "出差"
    assert blocked.expert == lecture.expert
    assert AuditEntry.objects.filter(action="courses.expert.day_blocked").count() == 1
    assert client.post(URL, {"day": "2026-06-12"}).status_code == 302  # again: kept, once
    assert BlockedDay.objects.count() == 1

    assert client.post(URL + "free/", {"day": "2026-06-12"}).status_code == 302
    assert not BlockedDay.objects.exists()
    assert AuditEntry.objects.filter(action="courses.expert.day_freed").count() == 1


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2026-06-06", "Choose today or a later day."),
        ("2026-06-10", "You give a lecture on this day."),
        ("not a date", "Enter a valid date."),
    ],
)
def test_a_past_day_or_a_lecture_day_is_refused_and_nothing_changes(
    login: Login, lecture: Lecture, lecturer: User, day: str, message: str
) -> None:
    Lecture.objects.filter(pk=lecture.pk).update(status=LectureStatus.SCHEDULED)
    response = login(lecturer).post(URL, {"day": day})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not BlockedDay.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_the_refusal_is_in_chinese(login: Login, lecture: Lecture, lecturer: User) -> None:
    response = login(lecturer).post(URL, {"day": "2026-06-06"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    assert "请选择今天或以后的日期。" in response.content.decode()


def test_only_experts_have_a_calendar(login: Login, room_admin: User) -> None:
    client = login(room_admin)
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"day": "2026-06-12"}).status_code == 404
    assert client.post(URL + "free/", {"day": "2026-06-12"}).status_code == 404
    assert not BlockedDay.objects.exists()

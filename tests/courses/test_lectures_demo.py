"""The demo's lectures: one held with its record, one whose QR sign-in is open on arrival."""

from __future__ import annotations

import pytest
import time_machine

from core.demo import load_demo
from courses import selectors, services
from courses.demo.lectures import HELD_FEEDBACK, HELD_SIGN_INS, HELD_VENUE, OPEN_VENUE
from courses.models import Feedback, Lecture, LectureStatus, SignIn

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_held_lecture_and_one_open_for_sign_in() -> None:
    with time_machine.travel("2026-06-10 10:00 +0800", tick=False):
        load_demo()
        load_demo()  # idempotent: no second pair
        held = Lecture.objects.get(venue=HELD_VENUE)
        upcoming = Lecture.objects.get(venue=OPEN_VENUE)
        assert services.sign_in_is_open(upcoming)  # a pilot can scan the code at once
        assert not services.sign_in_is_open(held)
    assert held.status == LectureStatus.HELD and held.expert is not None
    assert held.expert.code == "ZJ-001"  # expert@ sees both on the lecture list
    assert held.record.attendance == SignIn.objects.filter(lecture=held).count() == HELD_SIGN_INS
    assert Feedback.objects.filter(lecture=held).count() == HELD_FEEDBACK
    # Over the disclosure threshold: the expert and the unit see the figures.
    assert not selectors.feedback_summary(held).withheld
    assert upcoming.status == LectureStatus.SCHEDULED
    assert not SignIn.objects.filter(lecture=upcoming).exists()

"""Fixtures of the learning tests: a small bank and an open exam drawn from it; a
training programme of three lectures with a trainee, and the trainee's certificate."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.utils import translation

from accounts.models import User
from courses.models import Lecture, SignIn
from courses.services import Category, person_key
from learning.models import (
    Attempt,
    Certificate,
    Difficulty,
    Enrolment,
    Exam,
    Programme,
    Question,
    QuestionKind,
    Session,
)
from learning.services import EnrolmentData, certificate_issue, enrolment_create
from network.models import OrgUnit
from tests.accounts.factories import UserFactory
from tests.courses.factories import ExpertFactory, LectureFactory, TopicFactory
from tests.learning.factories import exam, question

OPENS = datetime(2026, 5, 11, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
DURING = datetime(2026, 5, 12, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in the site's default language, whatever a request before chose
    (the test client's requests leave their language active in the thread)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def during() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(DURING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def bank(db: None) -> dict[str, list[Question]]:
    """Stress/easy: 4 single; stress/hard: 2 multiple; emotion/easy: 3 true/false."""
    return {
        "stress_easy": [question() for _ in range(4)],
        "stress_hard": [
            question(kind=QuestionKind.MULTIPLE, difficulty=Difficulty.HARD, correct=(0, 2))
            for _ in range(2)
        ],
        "emotion_easy": [
            question(kind=QuestionKind.TRUE_FALSE, category=Category.EMOTION, correct=(1,))
            for _ in range(3)
        ],
    }


@pytest.fixture
def open_exam(bank: dict[str, list[Question]]) -> Exam:
    return exam(
        opens_at=OPENS,
        lines=[
            (Category.STRESS, Difficulty.EASY, 2),
            (Category.STRESS, Difficulty.HARD, 1),
            (Category.EMOTION, Difficulty.EASY, 1),
        ],
        time_limit_minutes=20,
        pass_mark_percent=75,
        max_attempts=2,
    )


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    """Uploaded files go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


# --- training and certificates (test_training*.py, test_certificate*.py) -------------------


@dataclass
class Training:
    programme: Programme
    lectures: list[Lecture]
    trainee: User  # 陈静 of 甲一企业服务室, enrolled by cadre_a
    enrolment: Enrolment
    cadre_a: User
    tree: dict[str, OrgUnit]


def lecture_at(tree: dict[str, OrgUnit], day: int) -> Lecture:
    expert = ExpertFactory(unit=tree["centre"])
    topic = TopicFactory(title=f"骨干培训第{day}讲", experts=[expert])
    starts = datetime(2026, 5, day, 14, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    made: Lecture = LectureFactory.create(
        topic=topic,
        expert=expert,
        unit=tree["room_a1r"],
        starts_at=starts,
        ends_at=starts + timedelta(minutes=90),
    )
    return made


def sign_in(lecture: Lecture, identity: str, unit_name: str) -> SignIn:
    """A row of the lecture's QR sign-in sheet, as courses.services.sign_in_create writes it."""
    return SignIn.objects.create(
        lecture=lecture,
        identity=identity,
        unit_name=unit_name,
        person_key=person_key(identity, unit_name),
        nonce=f"n-{SignIn.objects.count():06d}-{lecture.pk}",
    )


def passed_attempt(exam: Exam, worker: User, *, at: datetime | None = None) -> Attempt:
    when = at or DURING
    number = Attempt.objects.filter(exam=exam, worker=worker).count() + 1
    return Attempt.objects.create(
        exam=exam,
        worker=worker,
        number=number,
        started_at=when - timedelta(minutes=10),
        deadline=when + timedelta(minutes=10),
        submitted_at=when,
        score=4,
        max_score=4,
        passed=True,
    )


@pytest.fixture
def training(tree: dict[str, OrgUnit], cadre_a: User, open_exam: Exam) -> Training:
    """A centre programme: three lectures (two required) and an online item, with an exam."""
    programme = Programme.objects.create(
        title="心理服务骨干五讲培训班",
        unit=tree["centre"],
        exam=open_exam,
        required_sessions=2,
    )
    lectures = [lecture_at(tree, day) for day in (1, 5, 8)]
    for position, lecture in enumerate(lectures, start=1):
        Session.objects.create(programme=programme, position=position, lecture=lecture)
    Session.objects.create(
        programme=programme,
        position=4,
        online_title="情绪急救线上课",
        online_url="https://example.org/course/1",
    )
    trainee = UserFactory.create(email="chen.jing@example.com", first_name="静", last_name="陈")
    enrolment = enrolment_create(
        actor=cadre_a,
        programme=programme,
        person=trainee,
        unit=tree["room_a1r"],
        data=EnrolmentData(sign_in_name="陈静"),
    )
    return Training(programme, lectures, trainee, enrolment, cadre_a, tree)


@pytest.fixture
def certified(training: Training, during: time_machine.Traveller) -> Certificate:
    """The trainee's certificate: two lectures attended, the exam passed, issued on 12 May."""
    for lecture in training.lectures[:2]:
        sign_in(lecture, "陈静", "甲一企业服务室")
    passed_attempt(training.programme.exam, training.trainee)  # type: ignore[arg-type]
    return certificate_issue(actor=training.trainee, enrolment=training.enrolment)

"""Two demo lectures of expert ZJ-001 (`expert@`): one held last month, with its sign-ins,
feedback and filed record, and one starting in twenty minutes, its sign-in open, so that
whoever runs `make run` can scan the projector's code with a phone at once.

Written once: later loads find the demo lectures by their venue and leave them alone.
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta

from django.utils import timezone

from accounts.models import User
from courses.models import (
    Expert,
    Feedback,
    Lecture,
    LectureRecord,
    LectureStatus,
    SignIn,
    SignInChannel,
    Topic,
)
from courses.models.attendance import Usefulness
from courses.services.signin import person_key
from network.models import Level, OrgUnit

HELD_VENUE = "演示：职工之家报告厅（已举办）"
OPEN_VENUE = "演示：职工之家报告厅（今天）"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ("芳", "伟", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超")
UNIT_NAMES = ("装配车间", "物流部", "质检科", "客服中心", "后勤保障部")
HELD_SIGN_INS = 36
HELD_FEEDBACK = 14


def load(admin: User) -> None:
    expert = Expert.objects.filter(code="ZJ-001").select_related("practitioner").first()
    unit = OrgUnit.objects.filter(is_active=True, level=Level.ROOM).order_by("path").first()
    topic = expert.topics.filter(is_active=True).order_by("code").first() if expert else None
    if expert is None or unit is None or topic is None:
        return
    now = timezone.now().replace(second=0, microsecond=0)
    if not Lecture.objects.filter(venue=HELD_VENUE).exists():
        _held(topic, expert, unit, admin, start=now - timedelta(days=30))
    if not Lecture.objects.filter(venue=OPEN_VENUE).exists():
        _lecture(topic, expert, unit, OPEN_VENUE, start=now + timedelta(minutes=20))


def _lecture(topic: Topic, expert: Expert, unit: OrgUnit, venue: str, start: datetime) -> Lecture:
    return Lecture.objects.create(
        topic=topic,
        expert=expert,
        unit=unit,
        starts_at=start,
        ends_at=start + timedelta(minutes=topic.length_minutes),
        venue=venue,
        capacity=80,
        status=LectureStatus.SCHEDULED,
    )


def _held(topic: Topic, expert: Expert, unit: OrgUnit, admin: User, start: datetime) -> None:
    lecture = _lecture(topic, expert, unit, HELD_VENUE, start)
    rng = random.Random(12351)  # noqa: S311 - demo names, not security
    names = [f"{s}{g}" for s in SURNAMES for g in GIVEN]
    rng.shuffle(names)
    SignIn.objects.bulk_create(
        SignIn(
            lecture=lecture,
            identity=name,
            unit_name=f"{unit.name}{rng.choice(UNIT_NAMES)}",
            person_key=person_key(name, f"{unit.name}{n}"),
            nonce=uuid.uuid4().hex,
            is_woman_worker=rng.random() < 0.45,
            is_gig_worker=rng.random() < 0.1,
            channel=SignInChannel.PORTAL,
        )
        for n, name in enumerate(names[:HELD_SIGN_INS])
    )
    Feedback.objects.bulk_create(
        Feedback(
            lecture=lecture,
            rating=rng.choice((4, 5, 5, 5, 3)),
            usefulness=rng.choice(Usefulness.values),
            nonce=uuid.uuid4().hex,
        )
        for _ in range(HELD_FEEDBACK)
    )
    LectureRecord.objects.create(
        lecture=lecture,
        signed_in=HELD_SIGN_INS,
        attendance=HELD_SIGN_INS,
        duration_minutes=topic.length_minutes,
        notes="演示数据：讲座按计划进行，现场互动良好。",
        filed_by=admin,
    )
    Lecture.objects.filter(pk=lecture.pk).update(status=LectureStatus.HELD)

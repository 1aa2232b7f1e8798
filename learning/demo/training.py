"""Demo training: an open exam from the demo bank, a backbone-staff programme of the two demo
lectures (courses.demo) and a library item, and the demo worker's certificate: enrolled, the
library item completed (an online session counts once completed), the exam passed.

Idempotent: the exam and programme are found by their titles; enrolment, attempt and
certificate by the demo worker.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.apps import apps

from accounts.models import User
from core import clock
from courses.services import Category
from learning import services
from learning.models import (
    Attempt,
    BlueprintLine,
    Certificate,
    Difficulty,
    Enrolment,
    Exam,
    LibraryItem,
    Option,
    Programme,
    Session,
)
from network.models import Level, OrgUnit

EXAM_TITLE = "心理服务骨干结业考试（演示）"
PROGRAMME_TITLE = "心理服务骨干培训班（演示）"
DEMO_WORKER = "worker"  # the username core.demo gives worker@demo.xinling.cn
EXAM_LINES = (
    (Category.STRESS, Difficulty.EASY, 2),
    (Category.STRESS, Difficulty.MEDIUM, 1),
    (Category.EMOTION, Difficulty.EASY, 2),
    (Category.EMOTION, Difficulty.MEDIUM, 1),
    (Category.RESILIENCE, Difficulty.EASY, 2),
)


def exam() -> Exam:
    found = Exam.objects.filter(title=EXAM_TITLE).first()
    if found is not None:
        return found
    now = clock.now_local().replace(second=0, microsecond=0)
    made = Exam.objects.create(
        title=EXAM_TITLE,
        time_limit_minutes=20,
        pass_mark_percent=60,
        max_attempts=3,
        opens_at=now - timedelta(days=7),
        closes_at=now + timedelta(days=90),
    )
    BlueprintLine.objects.bulk_create(
        BlueprintLine(exam=made, category=c, difficulty=d, count=n) for c, d, n in EXAM_LINES
    )
    return made


def _lectures() -> list[Any]:
    # The courses demo's lectures, by the venue it gives them. A string reference to the
    # model (courses exposes no finder for demo rows), read only.
    lecture = apps.get_model("courses", "Lecture")
    return list(lecture.objects.filter(venue__startswith="演示：").order_by("starts_at")[:2])


def programme(centre: OrgUnit, final: Exam, item: LibraryItem | None) -> Programme:
    found = Programme.objects.filter(title=PROGRAMME_TITLE).first()
    if found is not None:
        return found
    made = Programme.objects.create(
        title=PROGRAMME_TITLE,
        description="面向基层工会干部和企业服务室人员：两次讲座加一门线上课，考试合格发证。",
        unit=centre,
        exam=final,
        required_sessions=1,
        self_enrolment=True,
    )
    position = 0
    for position, lecture in enumerate(_lectures(), start=1):
        Session.objects.create(programme=made, position=position, lecture=lecture)
    if item is not None:
        Session.objects.create(programme=made, position=position + 1, item=item)
    return made


def _pass(worker: User, final: Exam) -> None:
    if Attempt.objects.filter(exam=final, worker=worker, passed=True).exists():
        return
    attempt = services.attempt_start(actor=worker, exam=final, rng=random.Random(2026))  # noqa: S311
    for row in attempt.questions.select_related("question"):
        good = Option.objects.filter(question=row.question, is_correct=True).values_list(
            "id", flat=True
        )
        services.attempt_answer(actor=worker, attempt=attempt, question=row, option_ids=good)
    services.attempt_submit(actor=worker, attempt=attempt)


def certificate(admin: User, course: Programme, item: LibraryItem | None) -> Certificate | None:
    """The demo worker's certificate of the programme (issued once)."""
    worker = User.objects.filter(username=DEMO_WORKER).first()
    unit = OrgUnit.objects.filter(is_active=True, level=Level.ROOM).order_by("path").first()
    if worker is None or unit is None or item is None or course.exam is None:
        return None
    enrolment = Enrolment.objects.filter(programme=course, person=worker).first()
    if enrolment is None:
        enrolment = services.enrolment_create(
            actor=admin,
            programme=course,
            person=worker,
            unit=unit,
            data=services.EnrolmentData(sign_in_name="张职工"),
        )
    services.item_complete(actor=worker, item=item)
    _pass(worker, course.exam)
    return services.certificate_issue(actor=admin, enrolment=enrolment)


def load(admin: User, item: LibraryItem | None) -> Certificate | None:
    centre = OrgUnit.objects.filter(parent__isnull=True).first()
    if centre is None:
        return None
    course = programme(centre, exam(), item)
    return certificate(admin, course, item)

"""What a candidate sees of an attempt: the paper while it runs, the result once submitted.

Correct flags and explanations are only in `attempt_result`, which refuses an attempt that
has not been submitted, so no page or API can show them early.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from accounts.models import User
from core import clock
from core.errors import DomainError, NotFound
from learning.errors import ErrorCode
from learning.models import Attempt, Exam, Option, PaperQuestion


@dataclass(frozen=True)
class ShownOption:
    id: int
    text: str
    chosen: bool
    is_correct: bool | None  # None while the attempt runs


@dataclass(frozen=True)
class ShownQuestion:
    id: int  # the PaperQuestion's id
    position: int
    kind: str
    text: str
    options: list[ShownOption]
    is_correct: bool | None
    explanation: str  # empty while the attempt runs


@dataclass(frozen=True)
class Paper:
    attempt: Attempt
    deadline: datetime
    questions: list[ShownQuestion]


def attempt_for(*, viewer: User | None, public_id: UUID | str) -> Attempt:
    """The viewer's own attempt; NotFound for anyone else's."""
    if viewer is None or not viewer.is_authenticated:
        raise NotFound()
    attempt = (
        Attempt.objects.select_related("exam").filter(public_id=public_id, worker=viewer).first()
    )
    if attempt is None:
        raise NotFound()
    return attempt


def _questions(attempt: Attempt, *, reveal: bool) -> list[ShownQuestion]:
    rows = attempt.questions.select_related("question").prefetch_related(
        Prefetch("question__options", queryset=Option.objects.order_by("position"))
    )
    shown = []
    for row in rows:
        by_id = {option.pk: option for option in row.question.options.all()}
        options = [
            ShownOption(
                id=pk,
                text=by_id[pk].text,
                chosen=pk in row.chosen,
                is_correct=by_id[pk].is_correct if reveal else None,
            )
            for pk in row.option_order
            if pk in by_id
        ]
        shown.append(
            ShownQuestion(
                id=row.pk,
                position=row.position,
                kind=row.question.kind,
                text=row.question.text,
                options=options,
                is_correct=row.is_correct if reveal else None,
                explanation=row.question.explanation if reveal else "",
            )
        )
    return shown


def attempt_paper(*, viewer: User | None, attempt: Attempt) -> Paper:
    """The paper as the candidate answers it: no correct flags, no explanations."""
    if viewer is None or attempt.worker_id != viewer.pk:
        raise NotFound()
    return Paper(attempt, attempt.deadline, _questions(attempt, reveal=False))


def attempt_result(*, viewer: User | None, attempt: Attempt) -> Paper:
    """The marked paper with correct options and explanations, after submission only."""
    if viewer is None or attempt.worker_id != viewer.pk:
        raise NotFound()
    if attempt.submitted_at is None:
        raise DomainError(
            _("The results are shown after you submit."), code=ErrorCode.ATTEMPT_NOT_SUBMITTED
        )
    return Paper(attempt, attempt.deadline, _questions(attempt, reveal=True))


def paper_question(*, attempt: Attempt, question_id: int) -> PaperQuestion:
    row = PaperQuestion.objects.filter(attempt=attempt, pk=question_id).first()
    if row is None:
        raise NotFound()
    return row


def worker_attempts(*, viewer: User | None, exam: Exam) -> list[Attempt]:
    if viewer is None or not viewer.is_authenticated:
        return []
    return list(Attempt.objects.filter(exam=exam, worker=viewer).order_by("number"))


def exam_for(*, public_id: UUID | str) -> Exam:
    exam = Exam.objects.filter(public_id=public_id).first()
    if exam is None:
        raise NotFound()
    return exam


def exams_open(*, now: datetime | None = None) -> QuerySet[Exam]:
    """Exams whose window is open now, closing soonest first, with their blueprints."""
    moment = now or clock.now_local()
    return (
        Exam.objects.filter(opens_at__lte=moment, closes_at__gt=moment)
        .prefetch_related("blueprint")
        .order_by("closes_at", "title")
    )


def attempts_used(*, viewer: User, exams: list[Exam]) -> dict[int, int]:
    """How many attempts the viewer has made at each exam (one query)."""
    used: dict[int, int] = {}
    for exam_id in Attempt.objects.filter(worker=viewer, exam__in=exams).values_list(
        "exam_id", flat=True
    ):
        used[exam_id] = used.get(exam_id, 0) + 1
    return used

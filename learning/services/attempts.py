"""Taking an exam: start (draw a paper), answer, submit (mark); the server keeps the time.

    attempt = attempt_start(actor=worker, exam=exam)
    attempt_answer(actor=worker, attempt=attempt, question=pq, option_ids=[...])
    attempt_submit(actor=worker, attempt=attempt)

The deadline is fixed when the paper is drawn (started_at + the exam's time limit). An
answer after it (plus GRACE for the request in flight) is refused; submitting after it
marks what was saved in time. Starting again while an attempt is running returns that
attempt. The number of attempts is checked while the worker's row is locked, so two
starts at once cannot both take the last attempt.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import DomainError, PermissionDenied
from learning.errors import ErrorCode
from learning.models import Attempt, Exam, Option, PaperQuestion
from learning.services.papers import BlueprintCell, mark, paper_draw
from network import audit

GRACE = timedelta(seconds=5)


class ExamRefused(DomainError):
    status = 409


def _own(actor: User | None, attempt: Attempt) -> None:
    if actor is None or not actor.is_authenticated or attempt.worker_id != actor.pk:
        raise PermissionDenied()


def exam_blueprint(exam: Exam) -> list[BlueprintCell]:
    return [
        BlueprintCell(line.category, line.difficulty, line.count) for line in exam.blueprint.all()
    ]


def attempts_left(*, exam: Exam, worker: User) -> int:
    return max(0, exam.max_attempts - Attempt.objects.filter(exam=exam, worker=worker).count())


def attempt_start(*, actor: User | None, exam: Exam, rng: random.Random | None = None) -> Attempt:
    """The running attempt, or a new one with a freshly drawn paper."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied()
    now = timezone.now()
    with transaction.atomic():
        User.objects.select_for_update().only("id").get(pk=actor.pk)
        mine = list(Attempt.objects.filter(exam=exam, worker=actor).order_by("number"))
        running = [a for a in mine if a.submitted_at is None and a.deadline + GRACE > now]
        if running:
            return running[-1]
        if not exam.opens_at <= now < exam.closes_at:
            raise ExamRefused(_("This exam is not open now."), code=ErrorCode.EXAM_NOT_OPEN)
        if len(mine) >= exam.max_attempts:
            raise ExamRefused(
                _("You have used all %(count)s attempts at this exam.")
                % {"count": exam.max_attempts},
                code=ErrorCode.ATTEMPTS_USED,
            )
        drawn = paper_draw(blueprint=exam_blueprint(exam), rng=rng or random.SystemRandom())
        attempt = Attempt.objects.create(
            exam=exam,
            worker=actor,
            number=len(mine) + 1,
            started_at=now,
            deadline=now + timedelta(minutes=exam.time_limit_minutes),
            max_score=len(drawn),
        )
        PaperQuestion.objects.bulk_create(
            PaperQuestion(
                attempt=attempt, question_id=d.question_id, position=i, option_order=d.option_order
            )
            for i, d in enumerate(drawn, start=1)
        )
        audit.record(
            actor=actor,
            action="learning.attempt.started",
            target=attempt,
            details={"exam": exam.pk, "number": attempt.number},
        )
    return attempt


def _check_open(attempt: Attempt) -> None:
    if attempt.submitted_at is not None:
        raise ExamRefused(_("This attempt has been submitted."), code=ErrorCode.ATTEMPT_SUBMITTED)
    if timezone.now() > attempt.deadline + GRACE:
        raise ExamRefused(
            _("The time for this attempt is up; the answer was not saved."),
            code=ErrorCode.TIME_UP,
        )


def attempt_answer(
    *, actor: User | None, attempt: Attempt, question: PaperQuestion, option_ids: Iterable[int]
) -> PaperQuestion:
    """Saves (or replaces) the answer to one question of a running attempt."""
    _own(actor, attempt)
    chosen = sorted(set(option_ids))
    with transaction.atomic():
        locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
        _check_open(locked)
        row = PaperQuestion.objects.select_related("question").get(pk=question.pk, attempt=locked)
        if not set(chosen) <= set(row.option_order) or (
            row.question.kind != "multiple" and len(chosen) > 1
        ):
            raise DomainError(
                _("That answer does not fit the question."), code=ErrorCode.ANSWER_INVALID
            )
        row.chosen = chosen
        row.answered_at = timezone.now()
        row.save(update_fields=["chosen", "answered_at"])
    return row


def attempt_submit(*, actor: User | None, attempt: Attempt) -> Attempt:
    """Marks the attempt (the answers saved in time) and records score and pass."""
    _own(actor, attempt)
    with transaction.atomic():
        locked = Attempt.objects.select_for_update().select_related("exam").get(pk=attempt.pk)
        if locked.submitted_at is not None:
            return locked
        rows = list(locked.questions.select_related("question"))
        correct: dict[int, set[int]] = {}
        for option_id, question_id in Option.objects.filter(
            question_id__in=[r.question_id for r in rows], is_correct=True
        ).values_list("id", "question_id"):
            correct.setdefault(question_id, set()).add(option_id)
        for row in rows:
            row.is_correct = mark(
                kind=row.question.kind,
                correct=correct.get(row.question_id, set()),
                chosen=set(row.chosen),
            )
        PaperQuestion.objects.bulk_update(rows, ["is_correct"])
        locked.score = sum(1 for row in rows if row.is_correct)
        locked.submitted_at = min(timezone.now(), locked.deadline + GRACE)
        percent = 100 * locked.score / locked.max_score if locked.max_score else 0
        locked.passed = percent >= locked.exam.pass_mark_percent
        locked.save(update_fields=["score", "submitted_at", "passed"])
        audit.record(
            actor=actor,
            action="learning.attempt.submitted",
            target=locked,
            details={"score": locked.score, "max_score": locked.max_score, "passed": locked.passed},
        )
    return locked


def attempts_expire() -> int:
    """Submits every attempt whose time ran out unsubmitted (a beat task may call this)."""
    cutoff = timezone.now() - GRACE
    done = 0
    for attempt in Attempt.objects.filter(submitted_at=None, deadline__lt=cutoff).select_related(
        "worker"
    ):
        attempt_submit(actor=attempt.worker, attempt=attempt)
        done += 1
    return done

"""Taking an exam: the server's time limit, marking, pass mark, attempts, results after submit."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings

from accounts.models import User
from core.errors import DomainError, NotFound, PermissionDenied
from learning import selectors, services
from learning.errors import ErrorCode
from learning.models import Attempt, Exam, Option, PaperQuestion, Question
from learning.tasks import expire_attempts
from tests.conftest import make_user
from tests.learning.conftest import OPENS


def correct_ids(row: PaperQuestion) -> list[int]:
    return list(
        Option.objects.filter(question=row.question, is_correct=True).values_list("id", flat=True)
    )


def answer_all(worker: User, attempt: Attempt, *, right: int) -> None:
    """Answers the first `right` questions correctly and the others wrongly."""
    for i, row in enumerate(attempt.questions.select_related("question").order_by("position")):
        good = correct_ids(row)
        chosen = good if i < right else [next(o for o in row.option_order if o not in good)]
        services.attempt_answer(actor=worker, attempt=attempt, question=row, option_ids=chosen)


def test_a_worker_passes_with_enough_right_answers(
    worker: User, open_exam: Exam, during: time_machine.Traveller
) -> None:
    attempt = services.attempt_start(actor=worker, exam=open_exam)
    assert attempt.max_score == 4
    assert attempt.deadline == attempt.started_at + timedelta(minutes=20)
    answer_all(worker, attempt, right=3)
    done = services.attempt_submit(actor=worker, attempt=attempt)
    assert (done.score, done.passed) == (3, True)  # 75 % is the pass mark


def test_one_wrong_answer_too_many_fails(
    worker: User, open_exam: Exam, during: time_machine.Traveller
) -> None:
    attempt = services.attempt_start(actor=worker, exam=open_exam)
    answer_all(worker, attempt, right=2)
    done = services.attempt_submit(actor=worker, attempt=attempt)
    assert (done.score, done.passed) == (2, False)


def test_a_multiple_choice_answer_missing_one_correct_option_scores_nothing(
    worker: User, open_exam: Exam, during: time_machine.Traveller
) -> None:
    attempt = services.attempt_start(actor=worker, exam=open_exam)
    answer_all(worker, attempt, right=4)
    multiple = attempt.questions.get(question__kind="multiple")
    services.attempt_answer(
        actor=worker, attempt=attempt, question=multiple, option_ids=correct_ids(multiple)[:1]
    )
    done = services.attempt_submit(actor=worker, attempt=attempt)
    assert done.score == 3
    assert attempt.questions.get(pk=multiple.pk).is_correct is False


def test_an_answer_after_the_time_limit_is_refused_and_not_saved(
    worker: User, open_exam: Exam, during: time_machine.Traveller
) -> None:
    attempt = services.attempt_start(actor=worker, exam=open_exam)
    first = attempt.questions.order_by("position").first()
    assert first is not None
    during.shift(timedelta(minutes=20) + services.GRACE + timedelta(seconds=1))
    with pytest.raises(DomainError) as raised:
        services.attempt_answer(
            actor=worker, attempt=attempt, question=first, option_ids=correct_ids(first)
        )
    assert raised.value.code == ErrorCode.TIME_UP
    first.refresh_from_db()
    assert first.chosen == []
    done = services.attempt_submit(actor=worker, attempt=attempt)
    assert done.score == 0
    assert done.submitted_at == attempt.deadline + services.GRACE


def test_an_answer_just_before_the_deadline_counts(
    worker: User, open_exam: Exam, during: time_machine.Traveller
) -> None:
    attempt = services.attempt_start(actor=worker, exam=open_exam)
    during.shift(timedelta(minutes=19, seconds=59))
    answer_all(worker, attempt, right=4)
    assert services.attempt_submit(actor=worker, attempt=attempt).score == 4


def test_the_expiry_sweep_submits_attempts_whose_time_ran_out(
    worker: User, open_exam: Exam, during: time_machine.Traveller
) -> None:
    attempt = services.attempt_start(actor=worker, exam=open_exam)
    answer_all(worker, attempt, right=4)
    assert services.attempts_expire() == 0
    during.shift(timedelta(minutes=21))
    assert services.attempts_expire() == 1
    attempt.refresh_from_db()
    assert (attempt.score, attempt.passed) == (4, True)


def test_starting_again_while_running_resumes_the_same_paper(
    worker: User, open_exam: Exam, during: time_machine.Traveller
) -> None:
    first = services.attempt_start(actor=worker, exam=open_exam)
    assert services.attempt_start(actor=worker, exam=open_exam) == first
    assert Attempt.objects.count() == 1


def test_attempts_are_limited_per_worker(
    worker: User, open_exam: Exam, during: time_machine.Traveller
) -> None:
    for _ in range(2):
        services.attempt_submit(
            actor=worker, attempt=services.attempt_start(actor=worker, exam=open_exam)
        )
    assert services.attempts_left(exam=open_exam, worker=worker) == 0
    with pytest.raises(DomainError) as raised:
        services.attempt_start(actor=worker, exam=open_exam)
    assert raised.value.code == ErrorCode.ATTEMPTS_USED
    other = make_user("other@example.com")
    assert services.attempt_start(actor=other, exam=open_exam).number == 1


def test_a_closed_exam_cannot_be_started(worker: User, open_exam: Exam) -> None:
    with (
        time_machine.travel(OPENS - timedelta(minutes=1), tick=False),
        pytest.raises(DomainError) as raised,
    ):
        services.attempt_start(actor=worker, exam=open_exam)
    assert raised.value.code == ErrorCode.EXAM_NOT_OPEN
    assert not Question.objects.filter(times_used__gt=0).exists()


def test_results_and_explanations_are_shown_after_submission_only(
    worker: User, open_exam: Exam, during: time_machine.Traveller
) -> None:
    attempt = services.attempt_start(actor=worker, exam=open_exam)
    paper = selectors.attempt_paper(viewer=worker, attempt=attempt)
    assert all(q.explanation == "" and q.is_correct is None for q in paper.questions)
    assert all(o.is_correct is None for q in paper.questions for o in q.options)
    with pytest.raises(DomainError) as raised:
        selectors.attempt_result(viewer=worker, attempt=attempt)
    assert raised.value.code == ErrorCode.ATTEMPT_NOT_SUBMITTED
    done = services.attempt_submit(actor=worker, attempt=attempt)
    result = selectors.attempt_result(viewer=worker, attempt=done)
    assert all(q.explanation and q.is_correct is False for q in result.questions)
    assert sum(o.is_correct is True for q in result.questions for o in q.options) >= 4


def test_nobody_else_may_see_or_answer_an_attempt(
    worker: User, open_exam: Exam, during: time_machine.Traveller
) -> None:
    attempt = services.attempt_start(actor=worker, exam=open_exam)
    other = make_user("other@example.com")
    with pytest.raises(NotFound):
        selectors.attempt_for(viewer=other, public_id=attempt.public_id)
    with pytest.raises(NotFound):
        selectors.attempt_paper(viewer=other, attempt=attempt)
    row = attempt.questions.first()
    assert row is not None
    with pytest.raises(PermissionDenied):
        services.attempt_answer(actor=other, attempt=attempt, question=row, option_ids=[])
    with pytest.raises(PermissionDenied):
        services.attempt_submit(actor=other, attempt=attempt)


def test_an_answer_naming_another_questions_option_is_refused(
    worker: User, open_exam: Exam, during: time_machine.Traveller
) -> None:
    attempt = services.attempt_start(actor=worker, exam=open_exam)
    first, second = attempt.questions.order_by("position")[:2]
    with pytest.raises(DomainError) as raised:
        services.attempt_answer(
            actor=worker, attempt=attempt, question=first, option_ids=second.option_order[:1]
        )
    assert raised.value.code == ErrorCode.ANSWER_INVALID


def test_beat_runs_the_expiry_sweep_every_minute(
    worker: User, open_exam: Exam, during: time_machine.Traveller
) -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["learning-expire-attempts"]
    assert (entry["task"], entry["schedule"]) == ("learning.expire_attempts", 60.0)
    attempt = services.attempt_start(actor=worker, exam=open_exam)
    during.shift(timedelta(minutes=21))
    assert expire_attempts.delay().get() == 1
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None

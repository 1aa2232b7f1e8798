"""Racing starts on PostgreSQL: the worker's row lock keeps the attempt limit."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.db import connections

from accounts.models import User
from core.errors import DomainError
from learning import services
from learning.errors import ErrorCode
from learning.models import Attempt, Exam
from tests.learning.conftest import DURING

COPIES = 6


def at_once(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run the calls in threads released together; each result or the exception raised."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = calls[index]()
        except Exception as error:
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@time_machine.travel(DURING, tick=False)
def test_racing_starts_open_one_attempt_and_resume_it(worker: User, open_exam: Exam) -> None:
    results = at_once(
        [lambda: services.attempt_start(actor=worker, exam=open_exam) for _ in range(COPIES)]
    )
    assert all(isinstance(result, Attempt) for result in results)
    assert {result.pk for result in results} == {Attempt.objects.get().pk}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@time_machine.travel(DURING, tick=False)
def test_racing_starts_after_submissions_never_exceed_the_limit(
    worker: User, open_exam: Exam
) -> None:
    # One attempt used; the last one is raced for by copies that each submit at once.
    services.attempt_submit(
        actor=worker, attempt=services.attempt_start(actor=worker, exam=open_exam)
    )

    def start_and_submit() -> Attempt:
        attempt = services.attempt_start(actor=worker, exam=open_exam)
        return services.attempt_submit(actor=worker, attempt=attempt)

    results = at_once([start_and_submit for _ in range(COPIES)])
    assert Attempt.objects.filter(worker=worker, exam=open_exam).count() == 2
    refused = [r for r in results if isinstance(r, DomainError)]
    assert all(r.code in {ErrorCode.ATTEMPTS_USED} for r in refused)
    assert len([r for r in results if isinstance(r, Attempt)]) + len(refused) == COPIES

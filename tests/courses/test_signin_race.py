"""Racing sign-ins on PostgreSQL: the unique constraints decide, every copy answers well."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import connections

from courses import services
from courses.models import Lecture, SignIn
from tests.courses.conftest import LECTURE_START

DURING = LECTURE_START - timedelta(minutes=10)
COPIES = 8


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


def attempt(
    lecture: Lecture, *, nonce: str, device: str, identity: str = "王芳"
) -> Callable[[], Any]:
    data = services.SignInData(identity=identity, unit_name="港口", nonce=nonce)
    return lambda: services.sign_in_create(
        lecture=lecture,
        data=data,
        code=services.poster_code(lecture),
        device=services.device_hash(device),
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@time_machine.travel(DURING, tick=False)
def test_copies_of_one_submission_racing_count_once(lecture: Lecture) -> None:
    results = at_once(
        [attempt(lecture, nonce="same-nonce-1", device="phone-1") for _ in range(COPIES)]
    )
    assert all(isinstance(r, services.SignInResult) for r in results), [
        repr(r) for r in results if not isinstance(r, services.SignInResult)
    ]
    assert len({r.sign_in.pk for r in results}) == 1
    assert sum(r.created for r in results) == 1
    assert SignIn.objects.filter(lecture=lecture).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@time_machine.travel(DURING, tick=False)
def test_one_phone_racing_with_other_names_counts_once_and_the_rest_are_refused(
    lecture: Lecture,
) -> None:
    calls = [
        attempt(lecture, nonce=f"nonce-{n:04d}", device="phone-1", identity=f"职工{n}")
        for n in range(COPIES)
    ]
    results = at_once(calls)
    created = [r for r in results if isinstance(r, services.SignInResult)]
    refused = [r for r in results if isinstance(r, services.SignInRefused)]
    assert len(created) == 1 and len(refused) == COPIES - 1, results
    assert SignIn.objects.filter(lecture=lecture).count() == 1

"""Racing opens on PostgreSQL: the unique constraint keeps one entry per worker."""

from __future__ import annotations

import pytest
import time_machine

from learning import services
from learning.models import Contest, ContestEntry, EntryQuestion
from tests.learning.conftest import DURING
from tests.learning.contest_helpers import answers, at_once
from tests.learning.factories import verified_worker

COPIES = 6


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@time_machine.travel(DURING, tick=False)
def test_racing_opens_store_one_entry_and_all_get_it(running_contest: Contest) -> None:
    worker = verified_worker()
    results = at_once(
        [
            lambda n=n: services.contest_open(
                actor=worker, contest=running_contest, nickname=f"抢答{n}"
            )
            for n in range(COPIES)
        ]
    )
    assert all(isinstance(result, ContestEntry) for result in results), results
    stored = ContestEntry.objects.get(contest=running_contest, worker=worker)
    assert {result.pk for result in results} == {stored.pk}
    # Only the winner drew a paper: one set of questions, not one per racing open.
    assert EntryQuestion.objects.count() == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@time_machine.travel(DURING, tick=False)
def test_racing_submits_mark_once(running_contest: Contest) -> None:
    from core.errors import DomainError

    entry = services.contest_open(actor=verified_worker(), contest=running_contest, nickname="小鱼")
    given = answers(entry)
    results = at_once(
        [
            lambda: services.contest_entry_submit(actor=entry.worker, entry=entry, answers=given)
            for _ in range(COPIES)
        ]
    )
    assert len([r for r in results if isinstance(r, ContestEntry)]) == 1
    assert len([r for r in results if isinstance(r, DomainError)]) == COPIES - 1
    entry.refresh_from_db()
    assert entry.score == 3

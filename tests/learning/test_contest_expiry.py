"""The beat task closing contest entries left open past their deadline."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from learning import selectors, services
from learning.models import Contest, ContestEntry
from learning.tasks import expire_contest_entries
from network.models import AuditEntry
from tests.learning.contest_helpers import answers
from tests.learning.factories import verified_worker

pytestmark = pytest.mark.django_db


def test_entries_past_their_deadline_are_closed_once_and_the_running_ones_left(
    running_contest: Contest, during: time_machine.Traveller
) -> None:
    early = verified_worker()
    left_open = services.contest_open(actor=early, contest=running_contest, nickname="半途")
    done_worker = verified_worker()
    done = services.contest_open(actor=done_worker, contest=running_contest, nickname="按时")
    services.contest_entry_submit(actor=done_worker, entry=done, answers=answers(done, right=1))
    during.shift(timedelta(minutes=6))
    running = services.contest_open(
        actor=verified_worker(), contest=running_contest, nickname="刚开始"
    )
    during.shift(timedelta(minutes=4, seconds=6))  # the first entry's 10 minutes + GRACE
    assert expire_contest_entries() == 1
    closed = ContestEntry.objects.get(pk=left_open.pk)
    assert (closed.score, closed.submitted_at) == (0, closed.deadline)
    assert closed.time_taken == timedelta(minutes=10)
    assert closed.answers == {str(row.pk): [] for row in closed.questions.all()}
    assert ContestEntry.objects.get(pk=running.pk).submitted_at is None
    assert ContestEntry.objects.get(pk=done.pk).score == 1
    assert expire_contest_entries() == 0  # idempotent
    assert AuditEntry.objects.filter(action="learning.contest_entry.expired").count() == 1
    board = selectors.leaderboard(contest=running_contest, viewer=None)
    assert [s.nickname for s in board.rows] == ["按时", "半途"]


def test_an_entry_holding_answers_is_marked_with_them(
    running_contest: Contest, during: time_machine.Traveller
) -> None:
    worker = verified_worker()
    entry = services.contest_open(actor=worker, contest=running_contest, nickname="存了答案")
    given = answers(entry, right=2)
    ContestEntry.objects.filter(pk=entry.pk).update(
        answers={str(pk): chosen for pk, chosen in given.items()}
    )
    assert services.contest_entry_expire(entry=entry) is False  # still running
    during.shift(timedelta(minutes=11))
    assert services.contest_entry_expire(entry=entry) is True
    assert ContestEntry.objects.get(pk=entry.pk).score == 2

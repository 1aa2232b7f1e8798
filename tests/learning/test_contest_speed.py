"""What keeps a contest's crowd fast without weakening it: opens touch no usage counters
and draw from the whole cell, the opened entry carries its paper, a submission reads the
paper once and is stored exactly once, and the portal's paper keeps a query budget."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from accounts.models import User
from learning import selectors, services
from learning.errors import ErrorCode
from learning.models import Contest, ContestEntry, Question
from network.models import AuditEntry
from tests.learning.contest_helpers import answers
from tests.learning.factories import verified_worker
from tests.network.personas import Login

pytestmark = pytest.mark.django_db


def test_opens_leave_the_usage_counters_alone_and_draw_from_the_whole_cell(
    running_contest: Contest, bank: dict[str, list[Question]], during: time_machine.Traveller
) -> None:
    worn = bank["stress_easy"][:2]
    Question.objects.filter(pk__in=[q.pk for q in worn]).update(times_used=50)
    drawn: set[int] = set()
    for seed in range(12):
        entry = services.contest_open(
            actor=verified_worker(),
            contest=running_contest,
            nickname="小鲸鱼",
            rng=random.Random(seed),
        )
        drawn |= set(entry.questions.values_list("question_id", flat=True))
    # The much-used questions are drawn too: a contest does not prefer the least used.
    assert {q.pk for q in worn} <= drawn
    used = dict(Question.objects.values_list("pk", "times_used"))
    assert all(used[q.pk] == 50 for q in worn)
    assert sum(used.values()) == 100  # no open raised a counter


def test_the_opened_entry_shows_its_paper_without_reading_it_back(
    running_contest: Contest, during: time_machine.Traveller, django_assert_num_queries: Any
) -> None:
    worker = verified_worker()
    entry = services.contest_open(actor=worker, contest=running_contest, nickname="小鲸鱼")
    with django_assert_num_queries(0):
        paper = selectors.entry_paper(viewer=worker, entry=entry)
    stored = list(ContestEntry.objects.get(pk=entry.pk).questions.order_by("position"))
    assert [q.id for q in paper.questions] == [row.pk for row in stored]
    assert [[o.id for o in q.options] for q in paper.questions] == [
        row.option_order for row in stored
    ]
    assert all(q.is_correct is None and q.explanation == "" for q in paper.questions)


def test_a_stale_copy_of_a_submitted_entry_is_refused_and_the_first_marking_stays(
    running_contest: Contest, during: time_machine.Traveller
) -> None:
    worker = verified_worker()
    entry = services.contest_open(actor=worker, contest=running_contest, nickname="小鲸鱼")
    stale = ContestEntry.objects.get(pk=entry.pk)
    services.contest_entry_submit(actor=worker, entry=entry, answers=answers(entry))
    with pytest.raises(services.ContestRefused) as refused:
        services.contest_entry_submit(actor=worker, entry=stale, answers=answers(stale, right=0))
    assert refused.value.code == ErrorCode.ENTRY_SUBMITTED
    stored = ContestEntry.objects.get(pk=entry.pk)
    assert stored.score == 3
    assert AuditEntry.objects.filter(action="learning.contest_entry.submitted").count() == 1


def test_a_submission_after_the_deadline_writes_nothing(
    running_contest: Contest, during: time_machine.Traveller
) -> None:
    worker = verified_worker()
    entry = services.contest_open(actor=worker, contest=running_contest, nickname="小鲸鱼")
    during.shift(timedelta(minutes=running_contest.time_limit_minutes, seconds=31))
    with pytest.raises(services.ContestRefused) as refused:
        services.contest_entry_submit(actor=worker, entry=entry, answers=answers(entry))
    assert refused.value.code == ErrorCode.TIME_UP
    assert ContestEntry.objects.get(pk=entry.pk).submitted_at is None


@pytest.mark.parametrize("others", [1, 20])
def test_the_paper_page_and_its_submission_keep_a_query_budget(
    login: Login,
    worker: User,
    running_contest: Contest,
    during: time_machine.Traveller,
    django_assert_max_num_queries: Any,
    others: int,
) -> None:
    for _ in range(others):
        someone = verified_worker()
        entry = services.contest_open(actor=someone, contest=running_contest, nickname="别人")
        services.contest_entry_submit(actor=someone, entry=entry, answers=answers(entry))
    mine = services.contest_open(actor=worker, contest=running_contest, nickname="小鲸鱼")
    client = login(worker)
    url = reverse("learning:entry_paper", args=[mine.public_id])
    client.get(url)  # the session's first request
    with django_assert_max_num_queries(6):
        page = client.get(url)
    assert "data-submit-contest" in page.content.decode()
    form = {f"q{pk}": [str(o) for o in chosen] for pk, chosen in answers(mine).items()}
    # Session, worker, entry, the paper (read once, it serves the marking too), the
    # guarded UPDATE and the audit entry in a savepoint, the flash message in the session.
    with django_assert_max_num_queries(12):
        done = client.post(url, form)
    assert done["Location"] == reverse("learning:entry_result", args=[mine.public_id])
    assert ContestEntry.objects.get(pk=mine.pk).score == 3


def test_the_api_s_hand_built_entry_matches_its_documented_serializer(
    running_contest: Contest, during: time_machine.Traveller
) -> None:
    from learning.api.contests import EntrySerializer, _entry_body

    worker = verified_worker()
    entry = services.contest_open(actor=worker, contest=running_contest, nickname="小鲸鱼")
    during.shift(timedelta(minutes=1))
    done = services.contest_entry_submit(actor=worker, entry=entry, answers=answers(entry))
    for shown in (ContestEntry.objects.get(pk=entry.pk), done):
        paper = selectors.entry_paper(viewer=worker, entry=shown)
        taken = shown.time_taken.total_seconds() if shown.time_taken is not None else None
        rank = selectors.entry_rank(entry=shown)
        data = {"entry": shown, "paper": paper, "time_taken_seconds": taken, "rank": rank}
        assert _entry_body(worker, shown) == dict(EntrySerializer(data).data)
    assert _entry_body(worker, done)["rank"] == 1 and _entry_body(worker, done)["score"] == 3

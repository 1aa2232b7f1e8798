"""Quiz contests: one entry per worker, the server's clock, nicknames, leaderboards, winners."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from accounts.models import User
from core.errors import DomainError, PermissionDenied
from learning import selectors, services
from learning.errors import ErrorCode
from learning.models import Contest, ContestEntry, ContestStatus, PrizeRule, Question
from network.models import AuditEntry
from tests.learning.conftest import DURING, OPENS
from tests.learning.contest_helpers import answers
from tests.learning.factories import verified_worker

pytestmark = pytest.mark.django_db


def enter(contest: Contest, worker: User | None = None, nickname: str = "小鲸鱼") -> ContestEntry:
    return services.contest_open(
        actor=worker or verified_worker(), contest=contest, nickname=nickname
    )


def test_a_second_open_returns_the_same_entry_and_paper(
    running_contest: Contest, during: time_machine.Traveller
) -> None:
    worker = verified_worker()
    first = enter(running_contest, worker)
    again = enter(running_contest, worker, nickname="另一个名字")
    assert again.pk == first.pk and again.nickname == "小鲸鱼"
    assert ContestEntry.objects.filter(worker=worker).count() == 1
    assert first.questions.count() == 3 and first.max_score == 3
    assert AuditEntry.objects.filter(action="learning.contest_entry.opened").count() == 1


def test_the_database_allows_one_entry_per_worker(
    running_contest: Contest, during: time_machine.Traveller
) -> None:
    from django.db import IntegrityError, transaction

    entry = enter(running_contest)
    with pytest.raises(IntegrityError), transaction.atomic():
        ContestEntry.objects.create(
            contest=running_contest,
            worker=entry.worker,
            nickname="again",
            opened_at=entry.opened_at,
            started_at=entry.started_at,
            deadline=entry.deadline,
            max_score=3,
        )


def test_only_workers_with_a_verified_phone_may_enter(
    running_contest: Contest, during: time_machine.Traveller
) -> None:
    unverified = verified_worker(phone_verified=False)
    with pytest.raises(DomainError) as refused:
        enter(running_contest, unverified)
    assert refused.value.code == ErrorCode.PHONE_NOT_VERIFIED
    with pytest.raises(PermissionDenied):
        services.contest_open(actor=None, contest=running_contest, nickname="游客")
    assert not ContestEntry.objects.exists()


@pytest.mark.parametrize(
    "moment,status",
    [
        (OPENS - timedelta(minutes=1), ContestStatus.PUBLISHED),
        (OPENS + timedelta(days=3), ContestStatus.PUBLISHED),
        (DURING, ContestStatus.DRAFT),
        (DURING, ContestStatus.CLOSED),
    ],
)
def test_entering_outside_the_window_or_unpublished_is_refused(
    running_contest: Contest, moment: object, status: str
) -> None:
    Contest.objects.filter(pk=running_contest.pk).update(status=status)
    running_contest.refresh_from_db()
    with time_machine.travel(moment, tick=False), pytest.raises(DomainError) as refused:
        enter(running_contest)
    assert refused.value.code == ErrorCode.CONTEST_NOT_RUNNING


def test_staggered_start_gives_each_entrant_the_full_time(
    running_contest: Contest, during: time_machine.Traveller
) -> None:
    entry = enter(running_contest)
    assert entry.started_at == entry.opened_at == DURING
    assert entry.deadline == DURING + timedelta(minutes=10)


def test_synchronised_start_runs_everyone_s_clock_from_the_contest_start(
    bank: dict[str, list[Question]],
) -> None:
    from tests.learning.factories import contest

    synced = contest(
        starts_at=OPENS,
        lines=[("stress", "easy", 1)],
        time_limit_minutes=20,
        staggered_start=False,
        ends_at=OPENS + timedelta(hours=1),
    )
    with time_machine.travel(OPENS + timedelta(minutes=5), tick=False):
        early = enter(synced)
    assert (early.started_at, early.deadline) == (OPENS, OPENS + timedelta(minutes=20))
    late = time_machine.travel(OPENS + timedelta(minutes=25), tick=False)
    with late, pytest.raises(DomainError) as refused:
        enter(synced)
    assert refused.value.code == ErrorCode.TIME_UP


def test_a_deadline_never_passes_the_contest_end(running_contest: Contest) -> None:
    with time_machine.travel(running_contest.ends_at - timedelta(minutes=4), tick=False):
        entry = enter(running_contest)
    assert entry.deadline == running_contest.ends_at


def test_answers_after_the_deadline_are_refused_and_not_saved(
    running_contest: Contest, during: time_machine.Traveller
) -> None:
    entry = enter(running_contest)
    given = answers(entry)
    during.shift(timedelta(minutes=10) + services.GRACE + timedelta(seconds=1))
    with pytest.raises(DomainError) as refused:
        services.contest_entry_submit(actor=entry.worker, entry=entry, answers=given)
    assert refused.value.code == ErrorCode.TIME_UP
    entry.refresh_from_db()
    assert entry.submitted_at is None and entry.score is None
    assert entry.answers == {}


def test_submission_marks_every_answer_and_records_the_time_taken(
    running_contest: Contest, during: time_machine.Traveller
) -> None:
    entry = enter(running_contest)
    during.shift(timedelta(minutes=3, seconds=20))
    done = services.contest_entry_submit(
        actor=entry.worker, entry=entry, answers=answers(entry, right=2)
    )
    assert (done.score, done.max_score) == (2, 3)
    assert done.time_taken == timedelta(minutes=3, seconds=20)
    with pytest.raises(DomainError) as again:
        services.contest_entry_submit(actor=entry.worker, entry=entry, answers=answers(entry))
    assert again.value.code == ErrorCode.ENTRY_SUBMITTED


def test_someone_else_cannot_submit_an_entry(
    running_contest: Contest, during: time_machine.Traveller
) -> None:
    entry = enter(running_contest)
    with pytest.raises(PermissionDenied):
        services.contest_entry_submit(actor=verified_worker(), entry=entry, answers={})


def test_an_answer_to_another_paper_s_question_is_refused(
    running_contest: Contest, during: time_machine.Traveller
) -> None:
    mine, theirs = enter(running_contest), enter(running_contest)
    with pytest.raises(DomainError) as refused:
        services.contest_entry_submit(actor=mine.worker, entry=mine, answers=answers(theirs))
    assert refused.value.code == ErrorCode.ANSWER_INVALID


@pytest.mark.parametrize(
    "nickname",
    [
        "小",
        "一二三四五六七八九十一二三四五六七",
        "call 138 0000 1234",
        "王１３８００００１２３４",
        "看 www.example.com",
        "http://x.cn",
        "xin.ling.cn",
        "me@example.com",
        "line\u200bbreak\u0007",
    ],
)
def test_nicknames_too_short_long_or_carrying_contacts_are_refused(nickname: str) -> None:
    with pytest.raises(DomainError) as refused:
        services.nickname_clean(nickname)
    assert refused.value.code == ErrorCode.NICKNAME_INVALID
    assert "nickname" in refused.value.fields


@pytest.mark.parametrize("nickname", ["小鲸鱼", "  阳光  向日葵 ", "Lucky 7", "2026加油"])
def test_ordinary_nicknames_are_accepted_with_spaces_tidied(nickname: str) -> None:
    assert services.nickname_clean(nickname) == " ".join(nickname.split())


def submitted(
    contest: Contest, traveller: time_machine.Traveller, *, right: int, seconds: int, **kw: object
) -> ContestEntry:
    entry = services.contest_open(
        actor=verified_worker(),
        contest=contest,
        nickname=str(kw.get("nickname", "参赛者")),
        unit=kw.get("unit"),  # type: ignore[arg-type]
    )
    traveller.shift(timedelta(seconds=seconds))
    done = services.contest_entry_submit(
        actor=entry.worker, entry=entry, answers=answers(entry, right=right)
    )
    traveller.shift(timedelta(seconds=-seconds))
    return done


def test_the_leaderboard_ranks_by_score_then_time_and_marks_the_viewer(
    running_contest: Contest, during: time_machine.Traveller
) -> None:
    slow_full = submitted(running_contest, during, right=3, seconds=300, nickname="慢而全对")
    submitted(running_contest, during, right=3, seconds=100, nickname="快而全对")
    submitted(running_contest, during, right=2, seconds=10, nickname="最快两对")
    submitted(running_contest, during, right=3, seconds=100, nickname="并列全对")
    board = selectors.leaderboard(contest=running_contest, viewer=slow_full.worker)
    assert [(r.rank, r.nickname) for r in board.rows] == [
        (1, "快而全对"),
        (1, "并列全对"),
        (3, "慢而全对"),
        (4, "最快两对"),
    ]
    assert [r.is_mine for r in board.rows] == [False, False, True, False]
    assert board.mine is not None and board.mine.rank == 3


def test_the_viewer_outside_the_top_rows_still_sees_their_rank(
    running_contest: Contest, during: time_machine.Traveller
) -> None:
    for _ in range(3):
        submitted(running_contest, during, right=3, seconds=60)
    last = submitted(running_contest, during, right=0, seconds=60, nickname="垫底")
    board = selectors.leaderboard(contest=running_contest, viewer=last.worker, size=2)
    assert len(board.rows) == 2 and not any(r.is_mine for r in board.rows)
    assert board.mine is not None and (board.mine.rank, board.mine.nickname) == (4, "垫底")
    assert selectors.entry_rank(entry=last) == 4


def test_the_unit_leaderboard_hides_units_under_ten_entrants(
    running_contest: Contest, during: time_machine.Traveller
) -> None:
    from tests.network.factories import small_tree

    tree = small_tree()
    for _ in range(12):
        submitted(running_contest, during, right=3, seconds=30, unit=tree["room_ar"])
    for _ in range(10):
        submitted(running_contest, during, right=1, seconds=30, unit=tree["station_b1"])
    for _ in range(3):
        submitted(running_contest, during, right=3, seconds=30, unit=tree["room_a1r"])
    for _ in range(4):
        submitted(running_contest, during, right=2, seconds=30)
    units = selectors.unit_leaderboard(contest=running_contest)
    shown = [(row.name, row.entrants, str(row.share), str(row.mean_score)) for row in units.rows]
    assert shown == [
        ("甲区企业服务室", 12, "41.4", "3.0"),
        ("乙一心灵驿站", 10, "34.5", "1.0"),
    ]
    assert units.entrants == 29 and units.hidden_units == 1
    assert all(row.name != "甲一企业服务室" for row in units.rows)


def test_the_top_n_win_under_the_top_rule(
    running_contest: Contest, during: time_machine.Traveller
) -> None:
    Contest.objects.filter(pk=running_contest.pk).update(prize_count=2)
    running_contest.refresh_from_db()
    submitted(running_contest, during, right=1, seconds=5, nickname="第三名")
    submitted(running_contest, during, right=3, seconds=50, nickname="第二名")
    submitted(running_contest, during, right=3, seconds=40, nickname="第一名")
    winners = selectors.contest_winners(contest=running_contest)
    assert [w.nickname for w in winners] == ["第一名", "第二名"]


def test_the_seeded_draw_is_reproducible_and_only_among_high_scores(
    running_contest: Contest, during: time_machine.Traveller
) -> None:
    Contest.objects.filter(pk=running_contest.pk).update(
        prize_rule=PrizeRule.DRAW, prize_count=3, draw_min_score=2, draw_seed=20260512
    )
    running_contest.refresh_from_db()
    high = [submitted(running_contest, during, right=2 + i % 2, seconds=9) for i in range(8)]
    low = [submitted(running_contest, during, right=1, seconds=9) for _ in range(4)]
    first = [w.pk for w in selectors.contest_winners(contest=running_contest)]
    again = [w.pk for w in selectors.contest_winners(contest=running_contest)]
    assert first == again and len(first) == 3
    assert set(first) <= {e.pk for e in high} and not set(first) & {e.pk for e in low}
    import random

    pool = sorted(e.pk for e in high)
    assert first == random.Random(20260512).sample(pool, 3)
    Contest.objects.filter(pk=running_contest.pk).update(draw_seed=7)
    running_contest.refresh_from_db()
    other = [w.pk for w in selectors.contest_winners(contest=running_contest)]
    assert other == random.Random(7).sample(pool, 3)

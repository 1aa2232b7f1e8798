"""Reads of quiz contests: running contests, a worker's entry and paper, the leaderboards,
the winners.

Leaderboards show only the nicknames entrants chose. The leaderboard of units shows a unit
only when its count of entrants may be published (core.disclosure: units under
MIN_GROUP_SIZE are hidden, and so is any unit whose count could be worked out from the
rest and the total).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from uuid import UUID

from django.db.models import Avg, Count, Model, Prefetch, Q, QuerySet

from accounts.models import User
from core import clock, disclosure
from core.errors import NotFound
from learning.marking import mark
from learning.models import (
    Contest,
    ContestEntry,
    ContestStatus,
    EntryQuestion,
    Option,
    PrizeRule,
)
from learning.selectors.attempts import ShownOption, ShownQuestion
from learning.selectors.bank import may_manage_bank

LEADERBOARD_SIZE = 50
# Ties in score and time go to whoever submitted first, then to the older entry.
ORDER = ("-score", "time_taken", "submitted_at", "pk")


def contests_running(*, now: datetime | None = None) -> QuerySet[Contest]:
    moment = now or clock.now_local()
    return Contest.objects.filter(
        status=ContestStatus.PUBLISHED, starts_at__lte=moment, ends_at__gt=moment
    ).order_by("ends_at", "pk")


def contest_for(*, viewer: User | None, public_id: UUID | str) -> Contest:
    """A published or closed contest; drafts only for the staff who manage contests."""
    contest = Contest.objects.filter(public_id=public_id).first()
    if contest is None or (contest.status == ContestStatus.DRAFT and not may_manage_bank(viewer)):
        raise NotFound()
    return contest


def entry_of(*, viewer: User | None, contest: Contest) -> ContestEntry | None:
    if viewer is None or not viewer.is_authenticated:
        return None
    return ContestEntry.objects.filter(contest=contest, worker=viewer).first()


def entry_in(*, viewer: User | None, contest_public_id: UUID | str) -> ContestEntry | None:
    """The viewer's entry in a published or closed contest, with the contest, in one query."""
    if viewer is None or not viewer.is_authenticated:
        return None
    return (
        ContestEntry.objects.select_related("contest")
        .filter(contest__public_id=contest_public_id, worker=viewer)
        .exclude(contest__status=ContestStatus.DRAFT)
        .first()
    )


def entry_for(*, viewer: User | None, public_id: UUID | str) -> ContestEntry:
    """The viewer's own entry; NotFound for anyone else's."""
    if viewer is None or not viewer.is_authenticated:
        raise NotFound()
    entry = (
        ContestEntry.objects.select_related("contest")
        .filter(public_id=public_id, worker=viewer)
        .first()
    )
    if entry is None:
        raise NotFound()
    return entry


@dataclass(frozen=True)
class EntryPaper:
    entry: ContestEntry
    deadline: datetime
    questions: list[ShownQuestion]


def paper_rows(entry: ContestEntry) -> list[EntryQuestion]:
    """The entry's paper questions in order, each with its question and options: the rows
    the entry already holds (as opened, or prefetched), or two queries."""
    cached = getattr(entry, "_prefetched_objects_cache", {}).get("questions")
    if cached is not None:
        return sorted(cached, key=lambda row: row.position)
    options = Prefetch("question__options", queryset=Option.objects.order_by("position"))
    rows = list(
        EntryQuestion.objects.filter(entry=entry)
        .select_related("question")
        .prefetch_related(options)
        .order_by("position")
    )
    paper_hold(entry, rows)
    return rows


def hold_prefetched(instance: Model, name: str, rows: list[Any]) -> None:
    """Keep `rows` on the instance as prefetch_related(name) would leave them: the related
    manager's .all() then answers them without a query."""
    held = getattr(instance, name).all()
    held._result_cache = rows
    held._prefetch_done = True
    cache = instance.__dict__.setdefault("_prefetched_objects_cache", {})
    cache[name] = held


def paper_hold(entry: ContestEntry, rows: list[EntryQuestion]) -> None:
    hold_prefetched(entry, "questions", rows)


def entry_paper(*, viewer: User | None, entry: ContestEntry) -> EntryPaper:
    """The paper; correct options and explanations only once it is submitted."""
    if viewer is None or entry.worker_id != viewer.pk:
        raise NotFound()
    reveal = entry.submitted_at is not None
    shown = []
    for row in paper_rows(entry):
        by_id = {option.pk: option for option in row.question.options.all()}
        chosen = set(entry.answers.get(str(row.pk), []))
        right = {pk for pk, option in by_id.items() if option.is_correct}
        options = [
            ShownOption(
                id=pk,
                text=by_id[pk].text,
                chosen=pk in chosen,
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
                is_correct=mark(kind=row.question.kind, correct=right, chosen=chosen)
                if reveal
                else None,
                explanation=row.question.explanation if reveal else "",
            )
        )
    return EntryPaper(entry, entry.deadline, shown)


@dataclass(frozen=True)
class Standing:
    rank: int
    nickname: str
    score: int
    max_score: int
    time_taken: timedelta
    is_mine: bool


@dataclass(frozen=True)
class Leaderboard:
    rows: list[Standing]
    mine: Standing | None  # the viewer's own standing, also when outside the rows
    entrants: int


def _submitted(contest: Contest | int) -> QuerySet[ContestEntry]:
    return ContestEntry.objects.filter(contest=contest, submitted_at__isnull=False)


def _rank_of(contest: Contest | int, score: int, taken: timedelta) -> int:
    better = _submitted(contest).filter(Q(score__gt=score) | Q(score=score, time_taken__lt=taken))
    return better.count() + 1


def entry_rank(*, entry: ContestEntry) -> int | None:
    """The entry's place on the leaderboard; None before it is submitted."""
    if entry.submitted_at is None or entry.score is None or entry.time_taken is None:
        return None
    return _rank_of(entry.contest_id, entry.score, entry.time_taken)


def leaderboard(
    *, contest: Contest, viewer: User | None, size: int = LEADERBOARD_SIZE
) -> Leaderboard:
    """The best `size` submitted entries by score, then time taken (ties share a rank)."""
    viewer_id = viewer.pk if viewer is not None and viewer.is_authenticated else None
    top = list(
        _submitted(contest)
        .order_by(*ORDER)
        .values_list("worker_id", "nickname", "score", "max_score", "time_taken")[:size]
    )
    rows: list[Standing] = []
    for index, (worker_id, nickname, score, max_score, taken) in enumerate(top):
        previous = rows[-1] if rows else None
        same = previous is not None and (previous.score, previous.time_taken) == (score, taken)
        rank = previous.rank if same and previous is not None else index + 1
        own_row = worker_id == viewer_id
        rows.append(Standing(rank, nickname, score or 0, max_score, taken or timedelta(0), own_row))
    mine = next((row for row in rows if row.is_mine), None)
    if mine is None and viewer_id is not None:
        own = _submitted(contest).filter(worker_id=viewer_id).first()
        if own is not None and own.score is not None and own.time_taken is not None:
            rank = _rank_of(contest, own.score, own.time_taken)
            mine = Standing(rank, own.nickname, own.score, own.max_score, own.time_taken, True)
    return Leaderboard(rows, mine, _submitted(contest).count())


@dataclass(frozen=True)
class UnitStanding:
    name: str
    entrants: int
    share: Decimal | None  # of all entrants, in per cent
    mean_score: Decimal


@dataclass(frozen=True)
class UnitLeaderboard:
    rows: list[UnitStanding]
    entrants: int
    hidden_units: int
    min_size: int


def unit_leaderboard(*, contest: Contest) -> UnitLeaderboard:
    """Units by mean score, each with its share of the entrants; small units hidden."""
    groups = list(
        _submitted(contest)
        .values("unit_id", "unit__name")
        .annotate(n=Count("id"), mean=Avg("score"))
        .order_by("unit_id")
    )
    named = [g for g in groups if g["unit_id"] is not None]
    unnamed = sum(g["n"] for g in groups if g["unit_id"] is None)
    safe = disclosure.safe_distribution([g["n"] for g in named] + [unnamed])
    total = sum(g["n"] for g in groups)
    rows = [
        UnitStanding(
            name=group["unit__name"],
            entrants=count,
            share=disclosure.percent(count, total),
            mean_score=Decimal(group["mean"]).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
        )
        for group, count in zip(named, safe.counts, strict=False)
        if count is not None and count > 0
    ]
    rows.sort(key=lambda row: (-row.mean_score, -row.entrants, row.name))
    return UnitLeaderboard(rows, total, len(named) - len(rows), disclosure.min_group_size())


def contest_winners(*, contest: Contest) -> list[ContestEntry]:
    """The prize winners: the top N, or N drawn with random.Random(contest.draw_seed) from
    the entrants at or above the draw's score (in entry order, so the draw repeats)."""
    entries = _submitted(contest).select_related("worker", "unit")
    if contest.prize_rule == PrizeRule.TOP:
        return list(entries.order_by(*ORDER)[: contest.prize_count])
    pool = list(entries.filter(score__gte=contest.draw_min_score or 0).order_by("pk"))
    # Reproducible by design: anyone holding the seed can repeat the draw.
    rng = random.Random(contest.draw_seed)  # noqa: S311
    return rng.sample(pool, min(contest.prize_count, len(pool)))


def entrant_counts(*, contests: list[Contest]) -> dict[int, int]:
    rows = (
        ContestEntry.objects.filter(contest__in=contests)
        .values("contest_id")
        .annotate(n=Count("id"))
        .values_list("contest_id", "n")
    )
    return dict(rows)


def contests_managed(*, viewer: User | None) -> QuerySet[Contest]:
    if not may_manage_bank(viewer):
        return Contest.objects.none()
    return Contest.objects.order_by("-starts_at", "pk")

"""Entering a quiz contest: open (draw the paper once), submit (mark); the server keeps time.

    entry = contest_open(actor=worker, contest=contest, nickname="小鲸鱼")
    contest_entry_submit(actor=worker, entry=entry, answers={question_id: [option_id]})

One entry per worker and contest: the database's unique constraint
(`learning_contest_one_entry_per_worker`) decides a race, and the loser gets the winner's
entry back, so opening twice (a second tab, a retried request) is harmless. Only signed-in
workers with a verified mobile number may enter. The deadline is fixed at opening: with a
staggered start the clock starts then, otherwise at the contest's start; never later than
the contest's end. Answers arrive with the submission; one after the deadline (plus GRACE
for the request in flight) is refused and nothing is saved.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core import clock
from core.errors import DomainError, PermissionDenied
from learning.errors import ErrorCode
from learning.models import (
    NICKNAME_MAX,
    Contest,
    ContestEntry,
    ContestStatus,
    EntryQuestion,
    QuestionKind,
)
from learning.selectors.contests import paper_hold, paper_rows
from learning.services.attempts import GRACE
from learning.services.papers import BlueprintCell, mark, paper_draw
from network import audit
from network.models import OrgUnit, PartnerApp

NICKNAME_MIN = 2
# Seven or more digits, whatever sits between them: a phone number (or most of one).
_PHONE_LIKE = re.compile(r"(?:\d[\s\-–—.()/+_]*){7,}")
_URL_LIKE = re.compile(
    r"(?:https?:|://|www\.|[a-z0-9\-]+\s*[.。]\s*(?:com|cn|net|org|top|xyz|info|io|me|cc)\b)",
    re.IGNORECASE,
)


class ContestRefused(DomainError):
    status = 409


def nickname_clean(nickname: str) -> str:
    """The nickname as shown on the leaderboard, or a DomainError on the `nickname` field.

    Full-width characters are folded first (NFKC), so １３８… and ｗｗｗ count as what
    they look like.
    """
    shown = " ".join(nickname.split())
    folded = unicodedata.normalize("NFKC", shown)
    problem = None
    if not NICKNAME_MIN <= len(shown) <= NICKNAME_MAX:
        problem = _("Choose a nickname of %(min)s to %(max)s characters.") % {
            "min": NICKNAME_MIN,
            "max": NICKNAME_MAX,
        }
    elif any(unicodedata.category(char).startswith("C") for char in shown):
        problem = _("The nickname contains characters that cannot be shown.")
    elif _PHONE_LIKE.search(folded):
        problem = _("A nickname must not contain a phone number.")
    elif _URL_LIKE.search(folded) or "@" in folded:
        problem = _("A nickname must not contain a web or e-mail address.")
    if problem is not None:
        raise DomainError(problem, code=ErrorCode.NICKNAME_INVALID, fields={"nickname": [problem]})
    return shown


def _verified(actor: User | None) -> User:
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied()
    if not (actor.phone and actor.phone_verified):
        raise ContestRefused(
            _("Verify your mobile number in your profile to enter the contest."),
            code=ErrorCode.PHONE_NOT_VERIFIED,
        )
    return actor


def contest_is_running(contest: Contest, now: datetime) -> bool:
    return contest.status == ContestStatus.PUBLISHED and contest.starts_at <= now < contest.ends_at


def entry_clock(contest: Contest, now: datetime) -> tuple[datetime, datetime]:
    """(clock start, deadline) of an entry opened at `now`."""
    started = now if contest.staggered_start else contest.starts_at
    deadline = min(started + timedelta(minutes=contest.time_limit_minutes), contest.ends_at)
    return started, deadline


def contest_blueprint(contest: Contest) -> list[BlueprintCell]:
    return [
        BlueprintCell(line.category, line.difficulty, line.count)
        for line in contest.blueprint.all()
    ]


def _paper_store(
    entry: ContestEntry, blueprint: list[BlueprintCell], rng: random.Random
) -> list[EntryQuestion]:
    """Draw the entry's paper and store its questions in one INSERT.

    No usage counters: every open would update the same question rows, one entrant at a
    time (see learning.services.papers)."""
    drawn = paper_draw(blueprint=blueprint, rng=rng, count_use=False, least_used=False)
    return EntryQuestion.objects.bulk_create(
        EntryQuestion(
            entry=entry,
            question_id=d.question_id,
            position=i,
            option_order=d.option_order,
            question=d.question,
        )
        for i, d in enumerate(drawn, start=1)
    )


def contest_open(
    *,
    actor: User | None,
    contest: Contest,
    nickname: str,
    unit: OrgUnit | None = None,
    partner_app: PartnerApp | None = None,
    rng: random.Random | None = None,
) -> ContestEntry:
    """The worker's entry: the existing one, or a new one with a freshly drawn paper."""
    worker = _verified(actor)
    existing = ContestEntry.objects.filter(contest=contest, worker=worker).first()
    if existing is not None:
        return existing
    now = clock.now_local()
    if not contest_is_running(contest, now):
        raise ContestRefused(
            _("This contest is not running now."), code=ErrorCode.CONTEST_NOT_RUNNING
        )
    shown = nickname_clean(nickname)
    started, deadline = entry_clock(contest, now)
    if deadline <= now + GRACE:
        raise ContestRefused(_("The time for this contest's paper is up."), code=ErrorCode.TIME_UP)
    blueprint = contest_blueprint(contest)
    try:
        with transaction.atomic():
            # Inserted first: a racing second open waits here for the first to commit,
            # then fails on the unique constraint without drawing a paper of its own.
            entry = ContestEntry.objects.create(
                contest=contest,
                worker=worker,
                nickname=shown,
                unit=unit,
                opened_at=now,
                started_at=started,
                deadline=deadline,
                max_score=sum(cell.count for cell in blueprint),
            )
            rows = _paper_store(entry, blueprint, rng or random.SystemRandom())
            audit.record(
                actor=worker,
                action="learning.contest_entry.opened",
                target=entry,
                details={"contest": contest.pk},
                partner_app=partner_app,
            )
    except IntegrityError:
        existing = ContestEntry.objects.filter(contest=contest, worker=worker).first()
        if existing is None:
            raise
        return existing
    # The paper as drawn, for showing it without reading it back (entry.questions.all()).
    paper_hold(entry, rows)
    return entry


def _invalid() -> DomainError:
    return DomainError(_("That answer does not fit the question."), code=ErrorCode.ANSWER_INVALID)


def _marked(
    rows: list[EntryQuestion], answers: Mapping[int, Iterable[int]], correct: dict[int, set[int]]
) -> tuple[dict[str, list[int]], int]:
    """The answers as stored ({row id: option ids}) and the score; ANSWER_INVALID when an
    answer names another paper's question or an option the question does not have."""
    by_id = {row.pk: row for row in rows}
    if not set(answers) <= set(by_id):
        raise _invalid()
    stored: dict[str, list[int]] = {}
    score = 0
    for row in rows:
        chosen = sorted(set(answers.get(row.pk, ())))
        if not set(chosen) <= set(row.option_order) or (
            row.question.kind != QuestionKind.MULTIPLE and len(chosen) > 1
        ):
            raise _invalid()
        stored[str(row.pk)] = chosen
        score += mark(
            kind=row.question.kind, correct=correct.get(row.question_id, set()), chosen=set(chosen)
        )
    return stored, score


def contest_entry_submit(
    *,
    actor: User | None,
    entry: ContestEntry,
    answers: Mapping[int, Iterable[int]],
    partner_app: PartnerApp | None = None,
) -> ContestEntry:
    """Saves and marks every answer (keyed by the paper question's id) at once.

    Exactly once: the UPDATE writes only an entry not yet submitted, so of two racing
    submissions one stores its answers and the other is refused. The returned entry holds
    its paper (`entry.questions.all()`, each question's options), read once for the marking.
    """
    if actor is None or not actor.is_authenticated or entry.worker_id != actor.pk:
        raise PermissionDenied()
    now = clock.now_local()
    if entry.submitted_at is not None:
        raise _already_submitted()
    # The deadline was fixed at opening and never moves: no need to lock the row to read it.
    if now > entry.deadline + GRACE:
        raise ContestRefused(
            _("The time for this entry is up; the answers were not saved."),
            code=ErrorCode.TIME_UP,
        )
    rows = paper_rows(entry)
    correct = {
        row.question_id: {o.pk for o in row.question.options.all() if o.is_correct} for row in rows
    }
    stored, score = _marked(rows, answers, correct)
    taken = max(now - entry.started_at, timedelta(0))
    with transaction.atomic():
        won = ContestEntry.objects.filter(pk=entry.pk, submitted_at__isnull=True).update(
            answers=stored, score=score, submitted_at=now, time_taken=taken
        )
        if not won:
            raise _already_submitted()
        entry.answers, entry.score, entry.submitted_at, entry.time_taken = (
            stored,
            score,
            now,
            taken,
        )
        audit.record(
            actor=actor,
            action="learning.contest_entry.submitted",
            target=entry,
            details={"score": score, "max_score": entry.max_score},
            partner_app=partner_app,
        )
    return entry


def _already_submitted() -> ContestRefused:
    return ContestRefused(
        _("This entry has already been submitted."), code=ErrorCode.ENTRY_SUBMITTED
    )

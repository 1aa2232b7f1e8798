"""Closing contest entries whose time ran out unsubmitted (the beat task
`learning.expire_contest_entries` calls `contest_entries_expire` every minute).

A contest's answers arrive with the submission, so an entry left open usually holds none;
whatever it holds is marked as a submission would mark it. The entry is closed at its
deadline (time taken = the whole time allowed), so it counts as an entrant with its score
and ranks behind everyone who finished the same score in time. Closing twice changes
nothing: only entries still unsubmitted are taken, each under its row lock.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction

from core import clock
from learning.models import ContestEntry, Option
from learning.services.attempts import GRACE
from learning.services.papers import mark
from network import audit


def _score(entry: ContestEntry) -> tuple[dict[str, list[int]], int]:
    """The stored answers that fit their question, and their score."""
    rows = list(entry.questions.select_related("question"))
    correct: dict[int, set[int]] = {}
    for option_id, question_id in Option.objects.filter(
        question_id__in=[r.question_id for r in rows], is_correct=True
    ).values_list("id", "question_id"):
        correct.setdefault(question_id, set()).add(option_id)
    kept: dict[str, list[int]] = {}
    score = 0
    for row in rows:
        chosen = set(entry.answers.get(str(row.pk), [])) & set(row.option_order)
        kept[str(row.pk)] = sorted(chosen)
        score += mark(
            kind=row.question.kind, correct=correct.get(row.question_id, set()), chosen=chosen
        )
    return kept, score


def contest_entry_expire(*, entry: ContestEntry, now: datetime | None = None) -> bool:
    """Closes one entry whose time is up; False if it was submitted (or is still running)."""
    moment = now or clock.now_local()
    with transaction.atomic():
        locked = ContestEntry.objects.select_for_update().get(pk=entry.pk)
        if locked.submitted_at is not None or moment <= locked.deadline + GRACE:
            return False
        locked.answers, locked.score = _score(locked)
        locked.submitted_at = locked.deadline
        locked.time_taken = max(locked.deadline - locked.started_at, timedelta(0))
        locked.save(update_fields=["answers", "score", "submitted_at", "time_taken"])
        audit.record(
            actor=None,
            action="learning.contest_entry.expired",
            target=locked,
            details={"score": locked.score, "max_score": locked.max_score},
        )
    return True


def contest_entries_expire(*, now: datetime | None = None) -> int:
    """Closes every entry whose deadline (plus GRACE) has passed unsubmitted; how many."""
    moment = now or clock.now_local()
    late = ContestEntry.objects.filter(submitted_at=None, deadline__lt=moment - GRACE)
    return sum(contest_entry_expire(entry=entry, now=moment) for entry in late.only("pk"))

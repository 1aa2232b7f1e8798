"""The paper engine: questions drawn from the bank by a blueprint, options shuffled.

    drawn = paper_draw(blueprint=[BlueprintCell("stress", "easy", 3)], rng=random.Random())

Shared by exams and quiz contests. Within each cell of the blueprint (category ×
difficulty) the least-used active questions win, ties broken at random; no question is
drawn twice for one paper. Options are shuffled per paper (the Moodle rule) except for
true/false, whose two options keep their order (Moodle does the same). The caller owns the
transaction; the drawn questions' usage counters are raised in it (exams).

Contests draw with `least_used=False, count_use=False`: every question of a cell equally
likely, no counter touched. A crowd of entrants opening at once would otherwise all update
the same counter rows (one open at a time), and without the counters "least used" would
hand every entrant the same questions. Each drawn question comes with its Question and its
options (`question.options.all()` needs no query), so a caller can show the paper at once.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import DomainError
from courses.services import Category
from learning.errors import ErrorCode
from learning.marking import mark
from learning.models import Difficulty, Option, Question, QuestionKind
from learning.selectors.contests import hold_prefetched

__all__ = ["BankTooSmall", "BlueprintCell", "DrawnQuestion", "mark", "paper_draw"]


@dataclass(frozen=True)
class BlueprintCell:
    category: str
    difficulty: str
    count: int


@dataclass(frozen=True)
class DrawnQuestion:
    question_id: int
    option_order: list[int]
    # The question, its options prefetched in their stored order (`question.options.all()`).
    question: Question | None = field(default=None, compare=False, repr=False)


class BankTooSmall(DomainError):
    """The bank has too few active questions for some cells; `shortfalls` names each."""

    code = ErrorCode.BANK_TOO_SMALL
    status = 409
    default_message = gettext_lazy("The question bank cannot fill this paper.")

    def __init__(self, shortfalls: list[tuple[BlueprintCell, int]]) -> None:
        parts = [
            _("%(category)s / %(difficulty)s: %(needed)s needed, %(available)s available")
            % {
                "category": Category(cell.category).label,
                "difficulty": Difficulty(cell.difficulty).label,
                "needed": cell.count,
                "available": available,
            }
            for cell, available in shortfalls
        ]
        super().__init__(
            _("The question bank cannot fill this paper (%(cells)s).") % {"cells": "; ".join(parts)}
        )
        self.shortfalls = shortfalls


def _merged(blueprint: Iterable[BlueprintCell]) -> list[BlueprintCell]:
    """One cell per category × difficulty, so a repeated cell cannot repeat a question."""
    counts: dict[tuple[str, str], int] = {}
    for cell in blueprint:
        key = (cell.category, cell.difficulty)
        counts[key] = counts.get(key, 0) + cell.count
    return [BlueprintCell(c, d, n) for (c, d), n in counts.items() if n > 0]


def _eligible(cells: list[BlueprintCell]) -> dict[tuple[str, str], list[tuple[int, int, str]]]:
    """(id, times_used, kind) of the active questions in each cell, in one query."""
    keys = {(cell.category, cell.difficulty) for cell in cells}
    found: dict[tuple[str, str], list[tuple[int, int, str]]] = {key: [] for key in keys}
    rows = Question.objects.filter(
        is_active=True,
        category__in={c for c, _d in keys},
        difficulty__in={d for _c, d in keys},
    ).values_list("id", "times_used", "kind", "category", "difficulty")
    for pk, used, kind, category, difficulty in rows:
        if (category, difficulty) in found:
            found[(category, difficulty)].append((pk, used, kind))
    return found


def questions_count_use(question_ids: Iterable[int]) -> None:
    """Raise the drawn questions' usage counters.

    The rows are locked in id order first: two papers drawn at once then wait for each
    other instead of deadlocking (an UPDATE … WHERE id IN (…) locks rows in whatever order
    it meets them, which differs once a row has a newer version). The lock is FOR NO KEY
    UPDATE, as the UPDATE's own: it does not conflict with the key-share locks that papers
    being inserted take on their questions (foreign keys), measured to deadlock otherwise.
    """
    ids = sorted(set(question_ids))
    with transaction.atomic():
        locked = Question.objects.filter(pk__in=ids).order_by("pk").select_for_update(no_key=True)
        list(locked.values_list("pk", flat=True))
        Question.objects.filter(pk__in=ids).update(times_used=F("times_used") + 1)


def _with_options(question_ids: Iterable[int]) -> dict[int, Question]:
    """The questions with their options in stored order, in one query (options ⋈ question)."""
    found: dict[int, Question] = {}
    grouped: dict[int, list[Option]] = {}
    for option in (
        Option.objects.filter(question_id__in=list(question_ids))
        .select_related("question")
        .order_by("question_id", "position")
    ):
        found.setdefault(option.question_id, option.question)
        grouped.setdefault(option.question_id, []).append(option)
    for pk, question in found.items():
        # What prefetch_related("options") would leave: .options.all() reads no more rows.
        hold_prefetched(question, "options", grouped[pk])
    return found


def paper_draw(
    *,
    blueprint: Iterable[BlueprintCell],
    rng: random.Random,
    count_use: bool = True,
    least_used: bool = True,
) -> list[DrawnQuestion]:
    """The questions of one paper, cell by cell; BankTooSmall if any cell cannot be filled.

    With `count_use=False` the counters are left alone (the caller may raise them itself,
    questions_count_use); with `least_used=False` every active question of a cell is as
    likely as any other (contests)."""
    cells = _merged(blueprint)
    eligible = _eligible(cells)
    shortfalls = [
        (cell, len(eligible[(cell.category, cell.difficulty)]))
        for cell in cells
        if len(eligible[(cell.category, cell.difficulty)]) < cell.count
    ]
    if shortfalls:
        raise BankTooSmall(shortfalls)
    chosen: list[tuple[int, str]] = []
    for cell in cells:
        candidates = list(eligible[(cell.category, cell.difficulty)])
        rng.shuffle(candidates)  # ties at random: the sort below is stable
        if least_used:
            candidates.sort(key=lambda row: row[1])
        chosen.extend((pk, kind) for pk, _used, kind in candidates[: cell.count])
    rng.shuffle(chosen)
    questions = _with_options(pk for pk, _kind in chosen)
    drawn = []
    for pk, kind in chosen:
        question = questions.get(pk)
        order = [o.pk for o in question.options.all()] if question is not None else []
        if kind != QuestionKind.TRUE_FALSE:
            rng.shuffle(order)
        drawn.append(DrawnQuestion(pk, order, question))
    if count_use:
        questions_count_use(pk for pk, _kind in chosen)
    return drawn

"""The paper engine: right counts per cell, least-used first, never a repeat, options shuffled."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from courses.services import Category
from learning.models import Difficulty, Option, Question, QuestionKind
from learning.services import BankTooSmall, BlueprintCell, mark, paper_draw

STRESS_EASY = BlueprintCell(Category.STRESS, Difficulty.EASY, 2)
HARD = BlueprintCell(Category.STRESS, Difficulty.HARD, 1)
EMOTION = BlueprintCell(Category.EMOTION, Difficulty.EASY, 3)


def cell_of(pk: int) -> tuple[str, str]:
    q = Question.objects.get(pk=pk)
    return (q.category, q.difficulty)


def test_a_paper_holds_the_blueprints_count_of_each_cell(bank: dict[str, list[Question]]) -> None:
    drawn = paper_draw(blueprint=[STRESS_EASY, HARD, EMOTION], rng=random.Random(1))
    counts = Counter(cell_of(d.question_id) for d in drawn)
    assert counts == {
        (Category.STRESS, Difficulty.EASY): 2,
        (Category.STRESS, Difficulty.HARD): 1,
        (Category.EMOTION, Difficulty.EASY): 3,
    }


def test_a_paper_never_repeats_a_question_even_when_a_cell_is_listed_twice(
    bank: dict[str, list[Question]],
) -> None:
    for seed in range(20):
        drawn = paper_draw(blueprint=[STRESS_EASY, STRESS_EASY], rng=random.Random(seed))
        ids = [d.question_id for d in drawn]
        assert len(ids) == 4 and len(set(ids)) == 4


def test_the_least_used_questions_are_drawn_and_counted(bank: dict[str, list[Question]]) -> None:
    used, fresh = bank["stress_easy"][:2], bank["stress_easy"][2:]
    for seed in range(10):
        Question.objects.filter(pk__in=[q.pk for q in used]).update(times_used=5)
        Question.objects.filter(pk__in=[q.pk for q in fresh]).update(times_used=0)
        drawn = paper_draw(blueprint=[STRESS_EASY], rng=random.Random(seed))
        assert {d.question_id for d in drawn} == {q.pk for q in fresh}
    counts = Question.objects.filter(pk__in=[q.pk for q in fresh]).values_list(
        "times_used", flat=True
    )
    assert set(counts) == {1}


def test_successive_papers_spread_over_the_bank(bank: dict[str, list[Question]]) -> None:
    """With four questions and two a paper, two papers share none (least used first)."""
    rng = random.Random(7)
    first = {d.question_id for d in paper_draw(blueprint=[STRESS_EASY], rng=rng)}
    second = {d.question_id for d in paper_draw(blueprint=[STRESS_EASY], rng=rng)}
    assert not first & second
    assert set(
        Question.objects.filter(pk__in=first | second).values_list("times_used", flat=True)
    ) == {1}


def test_ties_are_broken_at_random(bank: dict[str, list[Question]]) -> None:
    papers = set()
    for seed in range(30):
        Question.objects.update(times_used=0)
        drawn = paper_draw(blueprint=[STRESS_EASY], rng=random.Random(seed))
        papers.add(frozenset(d.question_id for d in drawn))
    assert len(papers) > 1


def test_inactive_questions_are_never_drawn(bank: dict[str, list[Question]]) -> None:
    retired = bank["stress_easy"][0]
    Question.objects.filter(pk=retired.pk).update(is_active=False)
    for seed in range(10):
        drawn = paper_draw(
            blueprint=[BlueprintCell(Category.STRESS, Difficulty.EASY, 3)], rng=random.Random(seed)
        )
        assert retired.pk not in {d.question_id for d in drawn}


def test_options_are_shuffled_except_true_or_false(bank: dict[str, list[Question]]) -> None:
    orders = set()
    for seed in range(20):
        for d in paper_draw(blueprint=[STRESS_EASY, EMOTION], rng=random.Random(seed)):
            stored = list(
                Option.objects.filter(question_id=d.question_id)
                .order_by("position")
                .values_list("id", flat=True)
            )
            assert sorted(d.option_order) == sorted(stored)
            if Question.objects.get(pk=d.question_id).kind == QuestionKind.TRUE_FALSE:
                assert d.option_order == stored
            else:
                orders.add(tuple(o - min(stored) for o in d.option_order))
    assert len(orders) > 1


def test_a_bank_too_small_is_a_clear_error_and_draws_nothing(
    bank: dict[str, list[Question]],
) -> None:
    with pytest.raises(BankTooSmall) as raised:
        paper_draw(
            blueprint=[STRESS_EASY, BlueprintCell(Category.STRESS, Difficulty.HARD, 3)],
            rng=random.Random(1),
        )
    assert "压力调整 / 难：需要 3 题，题库仅有 2 题" in str(raised.value.message)
    assert raised.value.shortfalls == [(BlueprintCell(Category.STRESS, Difficulty.HARD, 3), 2)]
    assert not Question.objects.filter(times_used__gt=0).exists()


@pytest.mark.parametrize(
    ("kind", "correct", "chosen", "expected"),
    [
        (QuestionKind.SINGLE, {1}, {1}, True),
        (QuestionKind.SINGLE, {1}, {2}, False),
        (QuestionKind.SINGLE, {1}, {1, 2}, False),
        (QuestionKind.SINGLE, {1}, set(), False),
        (QuestionKind.TRUE_FALSE, {2}, {2}, True),
        (QuestionKind.TRUE_FALSE, {2}, {1}, False),
        (QuestionKind.MULTIPLE, {1, 3}, {1, 3}, True),
        (QuestionKind.MULTIPLE, {1, 3}, {1}, False),  # no partial credit
        (QuestionKind.MULTIPLE, {1, 3}, {1, 2, 3}, False),
        (QuestionKind.MULTIPLE, {1, 3}, set(), False),
    ],
)
def test_marking_of_each_type(
    kind: str, correct: set[int], chosen: set[int], expected: bool
) -> None:
    assert mark(kind=kind, correct=correct, chosen=chosen) is expected

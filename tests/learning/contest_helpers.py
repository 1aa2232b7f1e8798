"""Helpers of the contest tests: answers to a drawn paper."""

from __future__ import annotations

from learning.models import ContestEntry, Option


def answers(entry: ContestEntry, *, right: int | None = None) -> dict[int, list[int]]:
    """Correct answers to the first `right` questions (all by default), wrong to the rest."""
    rows = list(entry.questions.order_by("position"))
    correct = {
        question_id: option_id
        for option_id, question_id in Option.objects.filter(
            question_id__in=[row.question_id for row in rows], is_correct=True
        ).values_list("id", "question_id")
    }
    chosen: dict[int, list[int]] = {}
    for index, row in enumerate(rows):
        good = sorted(
            Option.objects.filter(question_id=row.question_id, is_correct=True).values_list(
                "id", flat=True
            )
        )
        if right is None or index < right:
            chosen[row.pk] = good
        else:
            chosen[row.pk] = [next(o for o in row.option_order if o != correct[row.question_id])]
    return chosen

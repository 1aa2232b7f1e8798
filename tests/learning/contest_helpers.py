"""Helpers of the contest tests: answers to a drawn paper, calls released together."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections

from learning.models import ContestEntry, Option


def at_once(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run the calls in threads released together; each result or the exception raised."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = calls[index]()
        except Exception as error:
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


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

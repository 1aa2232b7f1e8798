"""Marking one answer: shared by exams and contests (services mark, selectors show)."""

from __future__ import annotations

from learning.models import QuestionKind


def mark(*, kind: str, correct: set[int], chosen: set[int]) -> bool:
    """All-or-nothing for every type: a multiple-choice answer counts only when it picks
    every correct option and no other (no partial credit)."""
    if kind != QuestionKind.MULTIPLE and len(chosen) != 1:
        return False
    return bool(chosen) and chosen == correct

"""Fixtures of the learning tests: a small bank and an open exam drawn from it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from courses.services import Category
from learning.models import Contest, Difficulty, Exam, Question, QuestionKind
from tests.learning.factories import contest, exam, question

OPENS = datetime(2026, 5, 11, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
DURING = datetime(2026, 5, 12, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def during() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(DURING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def bank(db: None) -> dict[str, list[Question]]:
    """Stress/easy: 4 single; stress/hard: 2 multiple; emotion/easy: 3 true/false."""
    return {
        "stress_easy": [question() for _ in range(4)],
        "stress_hard": [
            question(kind=QuestionKind.MULTIPLE, difficulty=Difficulty.HARD, correct=(0, 2))
            for _ in range(2)
        ],
        "emotion_easy": [
            question(kind=QuestionKind.TRUE_FALSE, category=Category.EMOTION, correct=(1,))
            for _ in range(3)
        ],
    }


@pytest.fixture
def open_exam(bank: dict[str, list[Question]]) -> Exam:
    return exam(
        opens_at=OPENS,
        lines=[
            (Category.STRESS, Difficulty.EASY, 2),
            (Category.STRESS, Difficulty.HARD, 1),
            (Category.EMOTION, Difficulty.EASY, 1),
        ],
        time_limit_minutes=20,
        pass_mark_percent=75,
        max_attempts=2,
    )


@pytest.fixture
def running_contest(bank: dict[str, list[Question]]) -> Contest:
    """Open from OPENS for three days: 3 questions, 10 minutes each, staggered start."""
    return contest(
        starts_at=OPENS,
        lines=[(Category.STRESS, Difficulty.EASY, 2), (Category.EMOTION, Difficulty.EASY, 1)],
        time_limit_minutes=10,
    )

"""factory_boy factories of the learning app: questions with options, exams with blueprints,
library items."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import factory
from django.utils import timezone

from courses.services import Category
from learning.models import (
    BlueprintLine,
    Difficulty,
    Exam,
    ItemKind,
    ItemStatus,
    LibraryItem,
    Option,
    Question,
    QuestionKind,
)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    code = factory.Sequence(lambda n: f"Q-{n:04d}")
    kind = QuestionKind.SINGLE
    category = Category.STRESS
    difficulty = Difficulty.EASY
    text = factory.Sequence(lambda n: f"第{n}题：压力来临时，哪种做法更合适？")
    explanation = "深呼吸能让身体从应激状态中平复。"


def question(*, correct: tuple[int, ...] = (0,), options: int = 4, **fields: Any) -> Question:
    """A question with `options` options, those at the indexes in `correct` correct."""
    made = QuestionFactory.create(**fields)
    if made.kind == QuestionKind.TRUE_FALSE:
        options = 2
    Option.objects.bulk_create(
        Option(question=made, position=i + 1, text=f"选项{i + 1}", is_correct=i in correct)
        for i in range(options)
    )
    return made


def exam(
    *,
    opens_at: datetime,
    lines: list[tuple[str, str, int]],
    **fields: Any,
) -> Exam:
    made = Exam.objects.create(
        title=fields.pop("title", "心理服务骨干结业考试"),
        opens_at=opens_at,
        closes_at=fields.pop("closes_at", opens_at + timedelta(days=7)),
        **fields,
    )
    BlueprintLine.objects.bulk_create(
        BlueprintLine(exam=made, category=c, difficulty=d, count=n) for c, d, n in lines
    )
    return made


def library_item(**fields: Any) -> LibraryItem:
    """A published article (live now unless the window says otherwise)."""
    values: dict[str, Any] = {
        "kind": ItemKind.ARTICLE,
        "title": "职场压力的五个信号",
        "summary": "认识压力，及时调整。",
        "body": "<p>压力来了，先深呼吸。</p>",
        "category": Category.STRESS,
        "status": ItemStatus.PUBLISHED,
        "published_at": timezone.now(),
        **fields,
    }
    return LibraryItem.objects.create(**values)

"""The learning app's models, re-exported: each subject lives in its own module."""

from learning.models.exams import BlueprintLine, Exam
from learning.models.library import (
    ItemCompletion,
    ItemDailyViews,
    ItemKind,
    ItemStatus,
    LibraryItem,
    PremiumCourse,
)
from learning.models.papers import Attempt, PaperQuestion
from learning.models.questions import MAX_OPTIONS, Difficulty, Option, Question, QuestionKind

__all__ = [
    "MAX_OPTIONS",
    "Attempt",
    "BlueprintLine",
    "Difficulty",
    "Exam",
    "ItemCompletion",
    "ItemDailyViews",
    "ItemKind",
    "ItemStatus",
    "LibraryItem",
    "Option",
    "PaperQuestion",
    "PremiumCourse",
    "Question",
    "QuestionKind",
]

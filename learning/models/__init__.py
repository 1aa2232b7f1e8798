"""The learning app's models, re-exported: each subject lives in its own module."""

from learning.models.contests import (
    NICKNAME_MAX,
    Contest,
    ContestEntry,
    ContestLine,
    ContestStatus,
    EntryQuestion,
    PrizeRule,
)
from learning.models.exams import BlueprintLine, Exam
from learning.models.papers import Attempt, PaperQuestion
from learning.models.questions import MAX_OPTIONS, Difficulty, Option, Question, QuestionKind

__all__ = [
    "MAX_OPTIONS",
    "NICKNAME_MAX",
    "Attempt",
    "BlueprintLine",
    "Contest",
    "ContestEntry",
    "ContestLine",
    "ContestStatus",
    "Difficulty",
    "EntryQuestion",
    "Exam",
    "Option",
    "PaperQuestion",
    "PrizeRule",
    "Question",
    "QuestionKind",
]

"""The learning app's models, re-exported: each subject lives in its own module."""

from learning.models.exams import BlueprintLine, Exam
from learning.models.papers import Attempt, PaperQuestion
from learning.models.questions import MAX_OPTIONS, Difficulty, Option, Question, QuestionKind

__all__ = [
    "MAX_OPTIONS",
    "Attempt",
    "BlueprintLine",
    "Difficulty",
    "Exam",
    "Option",
    "PaperQuestion",
    "Question",
    "QuestionKind",
]

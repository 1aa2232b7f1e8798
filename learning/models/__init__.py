"""The learning app's models, re-exported: each subject lives in its own module."""

from learning.models.certificates import Certificate, CertificateStatus
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
from learning.models.training import Enrolment, Programme, Session

__all__ = [
    "MAX_OPTIONS",
    "Attempt",
    "BlueprintLine",
    "Certificate",
    "CertificateStatus",
    "Difficulty",
    "Enrolment",
    "Exam",
    "ItemCompletion",
    "ItemDailyViews",
    "ItemKind",
    "ItemStatus",
    "LibraryItem",
    "Option",
    "PaperQuestion",
    "PremiumCourse",
    "Programme",
    "Question",
    "QuestionKind",
    "Session",
]

"""The learning app's models, re-exported: each subject lives in its own module."""

from learning.models.certificates import Certificate, CertificateStatus
from learning.models.exams import BlueprintLine, Exam
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
    "Option",
    "PaperQuestion",
    "Programme",
    "Question",
    "QuestionKind",
    "Session",
]

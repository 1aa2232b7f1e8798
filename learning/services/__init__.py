"""The learning app's public surface: what other apps (and kpis) may call."""

from learning.services.attempts import (
    GRACE,
    ExamRefused,
    attempt_answer,
    attempt_start,
    attempt_submit,
    attempts_expire,
    attempts_left,
)
from learning.services.papers import BankTooSmall, BlueprintCell, DrawnQuestion, mark, paper_draw
from learning.services.question_import import (
    ImportReport,
    QuestionFileError,
    QuestionRowsInvalid,
    questions_import,
    questions_read,
)
from learning.services.question_rows import Problem, QuestionData
from learning.services.question_workbook import questions_export

__all__ = [
    "GRACE",
    "BankTooSmall",
    "BlueprintCell",
    "DrawnQuestion",
    "ExamRefused",
    "ImportReport",
    "Problem",
    "QuestionData",
    "QuestionFileError",
    "QuestionRowsInvalid",
    "attempt_answer",
    "attempt_start",
    "attempt_submit",
    "attempts_expire",
    "attempts_left",
    "mark",
    "paper_draw",
    "questions_export",
    "questions_import",
    "questions_read",
]

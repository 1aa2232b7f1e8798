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
from learning.services.library import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    LibraryRefused,
    PremiumConflict,
    body_sanitise,
    item_complete,
    item_problems,
    item_publish,
    item_save,
    item_view_count,
    item_withdraw,
    premium_schedule,
    premium_unschedule,
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
    "ALLOWED_ATTRIBUTES",
    "ALLOWED_TAGS",
    "GRACE",
    "BankTooSmall",
    "BlueprintCell",
    "DrawnQuestion",
    "ExamRefused",
    "ImportReport",
    "LibraryRefused",
    "PremiumConflict",
    "Problem",
    "QuestionData",
    "QuestionFileError",
    "QuestionRowsInvalid",
    "attempt_answer",
    "attempt_start",
    "attempt_submit",
    "attempts_expire",
    "attempts_left",
    "body_sanitise",
    "item_complete",
    "item_problems",
    "item_publish",
    "item_save",
    "item_view_count",
    "item_withdraw",
    "mark",
    "paper_draw",
    "premium_schedule",
    "premium_unschedule",
    "questions_export",
    "questions_import",
    "questions_read",
]

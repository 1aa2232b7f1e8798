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
from learning.services.contest_winners import contest_winners_export
from learning.services.contests import (
    ContestRefused,
    contest_entry_submit,
    contest_is_running,
    contest_open,
    entry_clock,
    nickname_clean,
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
    "ContestRefused",
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
    "contest_entry_submit",
    "contest_is_running",
    "contest_open",
    "contest_winners_export",
    "entry_clock",
    "mark",
    "nickname_clean",
    "paper_draw",
    "questions_export",
    "questions_import",
    "questions_read",
]

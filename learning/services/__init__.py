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
from learning.services.certificate_pdf import certificate_pdf
from learning.services.certificates import (
    NotEligible,
    add_months,
    certificate_grant_backbone,
    certificate_issue,
    certificate_renew,
    certificate_revoke,
    refresher_window,
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
from learning.services.register_workbook import register_export
from learning.services.training import EnrolmentData, enrolment_create

__all__ = [
    "GRACE",
    "BankTooSmall",
    "BlueprintCell",
    "DrawnQuestion",
    "EnrolmentData",
    "ExamRefused",
    "ImportReport",
    "NotEligible",
    "Problem",
    "QuestionData",
    "QuestionFileError",
    "QuestionRowsInvalid",
    "add_months",
    "attempt_answer",
    "attempt_start",
    "attempt_submit",
    "attempts_expire",
    "attempts_left",
    "certificate_grant_backbone",
    "certificate_issue",
    "certificate_pdf",
    "certificate_renew",
    "certificate_revoke",
    "enrolment_create",
    "mark",
    "paper_draw",
    "questions_export",
    "questions_import",
    "questions_read",
    "refresher_window",
    "register_export",
]

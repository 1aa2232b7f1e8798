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
from learning.services.contest_expiry import contest_entries_expire, contest_entry_expire
from learning.services.contest_winners import contest_winners_export
from learning.services.contests import (
    ContestRefused,
    contest_entry_submit,
    contest_is_running,
    contest_open,
    entry_clock,
    nickname_clean,
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
from learning.services.register_workbook import register_export
from learning.services.training import EnrolmentData, enrolment_create

__all__ = [
    "ALLOWED_ATTRIBUTES",
    "ALLOWED_TAGS",
    "GRACE",
    "BankTooSmall",
    "BlueprintCell",
    "ContestRefused",
    "DrawnQuestion",
    "EnrolmentData",
    "ExamRefused",
    "ImportReport",
    "LibraryRefused",
    "NotEligible",
    "PremiumConflict",
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
    "body_sanitise",
    "certificate_grant_backbone",
    "certificate_issue",
    "certificate_pdf",
    "certificate_renew",
    "certificate_revoke",
    "contest_entries_expire",
    "contest_entry_expire",
    "contest_entry_submit",
    "contest_is_running",
    "contest_open",
    "contest_winners_export",
    "enrolment_create",
    "entry_clock",
    "item_complete",
    "item_problems",
    "item_publish",
    "item_save",
    "item_view_count",
    "item_withdraw",
    "mark",
    "nickname_clean",
    "paper_draw",
    "premium_schedule",
    "premium_unschedule",
    "questions_export",
    "questions_import",
    "questions_read",
    "refresher_window",
    "register_export",
]

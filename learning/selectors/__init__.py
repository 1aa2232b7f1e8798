"""Reads of the learning app, each taking `viewer` where visibility matters."""

from learning.selectors.attempts import (
    Paper,
    ShownOption,
    ShownQuestion,
    attempt_for,
    attempt_paper,
    attempt_result,
    exam_for,
    paper_question,
    worker_attempts,
)
from learning.selectors.bank import may_manage_bank

__all__ = [
    "Paper",
    "ShownOption",
    "ShownQuestion",
    "attempt_for",
    "attempt_paper",
    "attempt_result",
    "exam_for",
    "may_manage_bank",
    "paper_question",
    "worker_attempts",
]

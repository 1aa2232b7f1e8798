"""Attempts at an exam and the paper drawn for each: questions in order, options shuffled."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from learning.models.exams import Exam
from learning.models.questions import Question


class Attempt(models.Model):
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    exam = models.ForeignKey(
        Exam, verbose_name=_("exam"), on_delete=models.PROTECT, related_name="attempts"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("worker"),
        on_delete=models.PROTECT,
        related_name="exam_attempts",
    )
    number = models.PositiveSmallIntegerField(_("attempt number"))
    started_at = models.DateTimeField(_("started at"))
    # started_at + the exam's time limit, fixed when the paper is drawn: the server's clock
    # decides, never the browser's.
    deadline = models.DateTimeField(_("deadline"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    max_score = models.PositiveSmallIntegerField(_("maximum score"))
    passed = models.BooleanField(_("passed"), null=True, blank=True)

    class Meta:
        verbose_name = _("exam attempt")
        verbose_name_plural = _("exam attempts")
        ordering = ["exam", "worker", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["exam", "worker", "number"], name="learning_attempt_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exam} #{self.number}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class PaperQuestion(models.Model):
    attempt = models.ForeignKey(
        Attempt, verbose_name=_("attempt"), on_delete=models.CASCADE, related_name="questions"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="uses"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    # Option ids in the order this candidate sees them (shuffled when drawn).
    option_order: models.JSONField[list[int], Any] = models.JSONField(
        _("option order"), default=list
    )
    chosen: models.JSONField[list[int], Any] = models.JSONField(
        _("chosen options"), default=list, blank=True
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    is_correct = models.BooleanField(_("correct"), null=True, blank=True)

    class Meta:
        verbose_name = _("paper question")
        verbose_name_plural = _("paper questions")
        ordering = ["attempt", "position"]
        constraints = [
            # Never the same question twice in one paper.
            models.UniqueConstraint(
                fields=["attempt", "question"], name="learning_paper_question_once"
            ),
            models.UniqueConstraint(
                fields=["attempt", "position"], name="learning_paper_question_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attempt} Q{self.position}"

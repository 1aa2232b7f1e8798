"""The question bank: single-choice, multiple-choice and true/false questions with options.

Exams (and, later, quiz contests) draw papers from it; `times_used` counts how often a
question was drawn, so the draw can prefer the least-used ones.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from courses.services import Category

MAX_OPTIONS = 6


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("single choice")
    MULTIPLE = "multiple", _("multiple choice")
    TRUE_FALSE = "true_false", _("true or false")


class Difficulty(models.TextChoices):
    EASY = "easy", _("easy")
    MEDIUM = "medium", _("medium")
    HARD = "hard", _("hard")


class Question(models.Model):
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(
        _("question code"),
        max_length=16,
        unique=True,
        help_text=_("Stable short code used in the question spreadsheet, e.g. Q-0001."),
    )
    kind = models.CharField(_("type"), max_length=16, choices=QuestionKind.choices)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    difficulty = models.CharField(_("difficulty"), max_length=8, choices=Difficulty.choices)
    text = models.TextField(_("question"), max_length=2000)
    explanation = models.TextField(_("explanation"), blank=True, max_length=2000)
    is_active = models.BooleanField(_("active"), default=True)
    times_used = models.PositiveIntegerField(_("times drawn"), default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["code"]
        indexes = [
            # The paper draw: active questions of one category and difficulty, least used first.
            models.Index(
                fields=["category", "difficulty", "times_used"],
                condition=Q(is_active=True),
                name="learning_question_draw",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:40]}"


class Option(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="options"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("option"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["question", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "position"], name="learning_option_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]

"""Exams: a blueprint, a time limit, a pass mark, a number of attempts and an open window.

An exam will belong to a training programme (a later step); for now it stands alone.
"""

from __future__ import annotations

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from courses.services import Category
from learning.models.questions import Difficulty


class Exam(models.Model):
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=120)
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), default=30, validators=[MinValueValidator(1)]
    )
    pass_mark_percent = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=60, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=2, validators=[MinValueValidator(1)]
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("exam")
        verbose_name_plural = _("exams")
        ordering = ["-opens_at", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="learning_exam_window_ordered",
            ),
            models.CheckConstraint(
                condition=Q(pass_mark_percent__gte=1, pass_mark_percent__lte=100),
                name="learning_exam_pass_mark_range",
            ),
            models.CheckConstraint(
                condition=Q(max_attempts__gte=1) & Q(time_limit_minutes__gte=1),
                name="learning_exam_limits_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class BlueprintLine(models.Model):
    """How many questions of one category and difficulty a paper of this exam holds."""

    exam = models.ForeignKey(
        Exam, verbose_name=_("exam"), on_delete=models.CASCADE, related_name="blueprint"
    )
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    difficulty = models.CharField(_("difficulty"), max_length=8, choices=Difficulty.choices)
    count = models.PositiveSmallIntegerField(_("questions"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("blueprint line")
        verbose_name_plural = _("blueprint lines")
        ordering = ["exam", "category", "difficulty"]
        constraints = [
            models.UniqueConstraint(
                fields=["exam", "category", "difficulty"], name="learning_blueprint_unique_cell"
            ),
            models.CheckConstraint(
                condition=Q(count__gte=1), name="learning_blueprint_count_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} / {self.get_difficulty_display()} × {self.count}"

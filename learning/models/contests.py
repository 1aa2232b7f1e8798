"""Quiz contests (有奖问答): a window, a blueprint, one entry per worker and its paper.

A contest's paper is drawn from the same question bank as exams (learning.services.papers)
and marked the same way. Each entry holds its own deadline, fixed when it is opened: from
the opening (staggered start) or from the contest's start (synchronised start), never later
than the contest's end.
"""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from courses.services import Category
from learning.models.questions import Difficulty, Question
from network.models import OrgUnit

NICKNAME_MAX = 16


def new_seed() -> int:
    return secrets.randbits(62)


class ContestStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    CLOSED = "closed", _("closed")


class PrizeRule(models.TextChoices):
    TOP = "top", _("the top N entrants")
    DRAW = "draw", _("a draw among entrants at or above a score")


class Contest(models.Model):
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit per entry (minutes)"), default=10, validators=[MinValueValidator(1)]
    )
    staggered_start = models.BooleanField(
        _("staggered start"),
        default=True,
        help_text=_(
            "Each entrant's clock starts when they open the paper. Off: everyone's clock "
            "starts at the contest's start."
        ),
    )
    prize_rule = models.CharField(
        _("prize rule"), max_length=8, choices=PrizeRule.choices, default=PrizeRule.TOP
    )
    prize_count = models.PositiveSmallIntegerField(
        _("number of prizes"), default=10, validators=[MinValueValidator(1)]
    )
    draw_min_score = models.PositiveSmallIntegerField(
        _("lowest score in the draw"),
        null=True,
        blank=True,
        help_text=_("For a draw: entrants with at least this score take part."),
    )
    # Stored so the draw can be repeated and checked: random.Random(draw_seed).
    draw_seed = models.BigIntegerField(_("draw seed"), default=new_seed)
    status = models.CharField(
        _("status"), max_length=12, choices=ContestStatus.choices, default=ContestStatus.DRAFT
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("quiz contest")
        verbose_name_plural = _("quiz contests")
        ordering = ["-starts_at", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="learning_contest_window_ordered",
            ),
            models.CheckConstraint(
                condition=Q(time_limit_minutes__gte=1) & Q(prize_count__gte=1),
                name="learning_contest_limits_positive",
            ),
            models.CheckConstraint(
                condition=~Q(prize_rule="draw") | Q(draw_min_score__isnull=False),
                name="learning_contest_draw_has_min_score",
            ),
        ]
        indexes = [
            # Running contests: published, window around now.
            models.Index(
                fields=["status", "starts_at", "ends_at"], name="learning_contest_running"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ContestLine(models.Model):
    """How many questions of one category and difficulty a contest paper holds."""

    contest = models.ForeignKey(
        Contest, verbose_name=_("contest"), on_delete=models.CASCADE, related_name="blueprint"
    )
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    difficulty = models.CharField(_("difficulty"), max_length=8, choices=Difficulty.choices)
    count = models.PositiveSmallIntegerField(_("questions"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("contest blueprint line")
        verbose_name_plural = _("contest blueprint lines")
        ordering = ["contest", "category", "difficulty"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "category", "difficulty"],
                name="learning_contest_line_unique_cell",
            ),
            models.CheckConstraint(
                condition=Q(count__gte=1), name="learning_contest_line_count_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} / {self.get_difficulty_display()} × {self.count}"


class ContestEntry(models.Model):
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    contest = models.ForeignKey(
        Contest, verbose_name=_("contest"), on_delete=models.PROTECT, related_name="entries"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("worker"),
        on_delete=models.PROTECT,
        related_name="contest_entries",
    )
    nickname = models.CharField(_("nickname"), max_length=NICKNAME_MAX)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="contest_entries",
        null=True,
        blank=True,
    )
    opened_at = models.DateTimeField(_("opened at"))
    # When this entrant's clock started: the opening, or the contest's start.
    started_at = models.DateTimeField(_("clock started at"))
    deadline = models.DateTimeField(_("deadline"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    time_taken = models.DurationField(_("time taken"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    max_score = models.PositiveSmallIntegerField(_("maximum score"))
    # The submitted answers, {paper question id: [option ids]}: written once, in the row
    # the submission updates anyway (one UPDATE, not one per question).
    answers: models.JSONField[dict[str, list[int]], Any] = models.JSONField(
        _("answers"), default=dict, blank=True
    )

    class Meta:
        verbose_name = _("contest entry")
        verbose_name_plural = _("contest entries")
        ordering = ["contest", "opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "worker"], name="learning_contest_one_entry_per_worker"
            ),
        ]
        indexes = [
            # The leaderboard: a contest's submitted entries by score, then time taken.
            models.Index(
                "contest",
                models.F("score").desc(),
                "time_taken",
                condition=Q(submitted_at__isnull=False),
                name="learning_contest_leaderboard",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contest} · {self.nickname}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class EntryQuestion(models.Model):
    entry = models.ForeignKey(
        ContestEntry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="questions"
    )
    question = models.ForeignKey(
        Question,
        verbose_name=_("question"),
        on_delete=models.PROTECT,
        related_name="contest_uses",
    )
    position = models.PositiveSmallIntegerField(_("position"))
    option_order: models.JSONField[list[int], Any] = models.JSONField(
        _("option order"), default=list
    )

    class Meta:
        verbose_name = _("contest paper question")
        verbose_name_plural = _("contest paper questions")
        ordering = ["entry", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "question"], name="learning_entry_question_once"
            ),
            models.UniqueConstraint(
                fields=["entry", "position"], name="learning_entry_question_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entry} Q{self.position}"

"""The online library: articles, videos and relaxation audio; premium courses by month;
anonymous view counters and workers' completions.

A view counter row holds an item, a day and a number, nothing else: no user, IP address,
session key or device id is stored for a view (DESIGN.md, anonymous use).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from courses.services import Audience, Category
from learning.validators import https_only, media_extension


class ItemKind(models.TextChoices):
    ARTICLE = "article", _("article")
    VIDEO = "video", _("video")
    AUDIO = "audio", _("relaxation audio")


class ItemStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    WITHDRAWN = "withdrawn", _("withdrawn")


class LibraryItem(models.Model):
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=ItemKind.choices)
    title = models.CharField(_("title"), max_length=120)
    summary = models.TextField(_("summary"), blank=True, max_length=1000)
    # Sanitised HTML (learning.services.library.body_sanitise), written only by the services.
    body = models.TextField(_("article text"), blank=True, max_length=100_000)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    audiences = models.JSONField(
        _("audiences"),
        default=list,
        blank=True,
        help_text=_('Audience codes, e.g. ["gig", "women"]; empty means all workers.'),
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=10, validators=[MinValueValidator(1)]
    )
    cover = models.ImageField(_("cover image"), upload_to="library/covers/", blank=True)
    media_file = models.FileField(
        _("media file"),
        upload_to="library/media/",
        blank=True,
        validators=[media_extension],
        help_text=_("The video or audio file, served to the portal's player in parts."),
    )
    external_url = models.URLField(
        _("external video address"),
        blank=True,
        validators=[https_only],
        help_text=_("Only https addresses; instead of an uploaded video file."),
    )
    publish_from = models.DateTimeField(_("shown from"), null=True, blank=True)
    publish_until = models.DateTimeField(_("shown until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.DRAFT
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("library item")
        verbose_name_plural = _("library items")
        ordering = ["-published_at", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=Category.values), name="learning_item_category_known"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ItemKind.values), name="learning_item_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(publish_from__isnull=True)
                | Q(publish_until__isnull=True)
                | Q(publish_until__gt=models.F("publish_from")),
                name="learning_item_window_ordered",
            ),
            models.CheckConstraint(
                condition=Q(external_url="") | Q(kind=ItemKind.VIDEO),
                name="learning_item_external_url_only_video",
            ),
            models.CheckConstraint(
                condition=Q(external_url="") | Q(external_url__startswith="https://"),
                name="learning_item_external_url_https",
            ),
        ]
        indexes = [
            # The portal's list: published items of a category, newest first.
            models.Index(
                fields=["status", "category", "-published_at"], name="learning_item_listing"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audience_labels(self) -> list[str]:
        labels = dict(Audience.choices)
        return [str(labels.get(code, code)) for code in self.audiences]

    @property
    def has_file(self) -> bool:
        return bool(self.media_file)


class PremiumCourse(models.Model):
    """An item the centre chose as one of a month's premium online courses (精品课程)."""

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    item = models.ForeignKey(
        LibraryItem,
        verbose_name=_("library item"),
        on_delete=models.PROTECT,
        related_name="premium_months",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)

    class Meta:
        verbose_name = _("premium course")
        verbose_name_plural = _("premium courses")
        ordering = ["-year", "-month", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "month", "item"], name="learning_premium_item_once_a_month"
            ),
            models.UniqueConstraint(
                fields=["year", "month", "order"], name="learning_premium_order_unique"
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="learning_premium_month_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d} #{self.order} {self.item}"


class ItemDailyViews(models.Model):
    """How many times an item's page was opened on one day. Deliberately nothing else."""

    item = models.ForeignKey(
        LibraryItem, verbose_name=_("library item"), on_delete=models.CASCADE, related_name="views"
    )
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("daily views of an item")
        verbose_name_plural = _("daily views of items")
        ordering = ["-day", "item"]
        constraints = [
            models.UniqueConstraint(fields=["item", "day"], name="learning_item_views_one_a_day"),
        ]
        # Monthly figures per item: WHERE day BETWEEN … (kpis, the staff page).
        indexes = [models.Index(fields=["day", "item"], name="learning_item_views_day")]

    def __str__(self) -> str:
        return f"{self.item} {self.day}: {self.count}"


class ItemCompletion(models.Model):
    """A signed-in worker marked the item complete (once per worker and item)."""

    item = models.ForeignKey(
        LibraryItem,
        verbose_name=_("library item"),
        on_delete=models.CASCADE,
        related_name="completions",
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("worker"),
        on_delete=models.CASCADE,
        related_name="library_completions",
    )
    completed_at = models.DateTimeField(_("completed at"))

    class Meta:
        verbose_name = _("completed item")
        verbose_name_plural = _("completed items")
        ordering = ["-completed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "item"], name="learning_completion_once_per_worker"
            ),
        ]
        # Completions per month (kpis).
        indexes = [models.Index(fields=["completed_at"], name="learning_completion_when")]

    def __str__(self) -> str:
        return f"{self.worker_id} · {self.item}"

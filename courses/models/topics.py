"""The course catalogue (公益课程一览表): topics with their formats, audiences and experts."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from courses.models.experts import Expert

MIN_LENGTH_MINUTES = 15
MAX_LENGTH_MINUTES = 480


class Category(models.TextChoices):
    EMOTION = "emotion", _("emotion management")
    STRESS = "stress", _("stress adjustment")
    RELATIONS = "relations", _("interpersonal relations")
    TEAM = "team", _("team growth")
    RESILIENCE = "resilience", _("psychological building")
    MARRIAGE = "marriage", _("marriage")
    PARENTING = "parenting", _("parent-child relations")
    FAMILY = "family", _("family education")


class Format(models.TextChoices):
    LECTURE = "lecture", _("lecture")
    WORKSHOP = "workshop", _("workshop")
    GROUP = "group", _("group activity (e.g. sand-painting or a healing workshop)")
    ONLINE = "online", _("online")


class Audience(models.TextChoices):
    GIG = "gig", _("gig workers")
    WOMEN = "women", _("women workers")
    TEACHERS = "teachers", _("teachers")
    FRONTLINE = "frontline", _("frontline workers")
    CADRES = "cadres", _("cadres")
    MEDICAL = "medical", _("medical staff")
    YOUNG = "young", _("young workers")
    NEW_HIRES = "new_hires", _("new employees")
    MANAGERS = "managers", _("managers")
    PARENTS = "parents", _("worker parents")
    ALL = "all", _("all workers")


class Topic(models.Model):
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(
        _("topic code"),
        max_length=16,
        unique=True,
        help_text=_("Stable short code used in the catalogue spreadsheet, e.g. QX-001."),
    )
    title = models.CharField(_("title"), max_length=120)
    summary = models.TextField(_("summary"), blank=True, max_length=2000)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    length_minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=90)
    experts: models.ManyToManyField[Expert, Any] = models.ManyToManyField(
        Expert,
        verbose_name=_("experts who teach it"),
        related_name="topics",
        through="TopicExpert",
        blank=True,
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Normalised text of the title, summary, code and labels (courses.selectors.search),
    # written by the services that change a topic; searched with LIKE on every backend.
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=~Q(code=""), name="courses_topic_code_not_empty"),
            models.CheckConstraint(condition=~Q(title=""), name="courses_topic_title_not_empty"),
            models.CheckConstraint(
                condition=Q(category__in=Category.values), name="courses_topic_category_known"
            ),
            models.CheckConstraint(
                condition=Q(length_minutes__gte=MIN_LENGTH_MINUTES)
                & Q(length_minutes__lte=MAX_LENGTH_MINUTES),
                name="courses_topic_length_in_range",
            ),
        ]
        indexes = [
            # The portal catalogue: active topics of a category, in code order.
            models.Index(fields=["is_active", "category", "code"], name="courses_topic_active_cat"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class TopicFormat(models.Model):
    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), related_name="format_rows", on_delete=models.CASCADE
    )
    format = models.CharField(_("format"), max_length=16, choices=Format.choices)

    class Meta:
        verbose_name = _("topic format")
        verbose_name_plural = _("topic formats")
        constraints = [
            models.UniqueConstraint(fields=["topic", "format"], name="courses_topicformat_unique"),
            models.CheckConstraint(
                condition=Q(format__in=Format.values), name="courses_topicformat_known"
            ),
        ]
        # The catalogue's format filter: WHERE format = … joins back on topic.
        indexes = [models.Index(fields=["format", "topic"], name="courses_topicformat_format")]

    def __str__(self) -> str:
        return f"{self.topic.code} · {self.get_format_display()}"


class TopicAudience(models.Model):
    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), related_name="audience_rows", on_delete=models.CASCADE
    )
    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices)

    class Meta:
        verbose_name = _("suitable audience")
        verbose_name_plural = _("suitable audiences")
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "audience"], name="courses_topicaudience_unique"
            ),
            models.CheckConstraint(
                condition=Q(audience__in=Audience.values), name="courses_topicaudience_known"
            ),
        ]
        # The catalogue's audience filter.
        indexes = [models.Index(fields=["audience", "topic"], name="courses_topicaudience_aud")]

    def __str__(self) -> str:
        return f"{self.topic.code} · {self.get_audience_display()}"


class TopicExpert(models.Model):
    """An expert teaches a topic."""

    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), related_name="expert_links", on_delete=models.CASCADE
    )
    expert = models.ForeignKey(
        Expert, verbose_name=_("expert"), related_name="topic_links", on_delete=models.CASCADE
    )

    class Meta:
        verbose_name = _("expert teaching a topic")
        verbose_name_plural = _("experts teaching topics")
        constraints = [
            models.UniqueConstraint(fields=["topic", "expert"], name="courses_topicexpert_unique")
        ]
        # The catalogue's expert filter and an expert's topics.
        indexes = [models.Index(fields=["expert", "topic"], name="courses_topicexpert_expert")]

    def __str__(self) -> str:
        return f"{self.topic.code} · {self.expert}"
